package main

import "testing"

func TestSlot(t *testing.T) {
	// Reference values from the cluster specification's CRC16 and CLUSTER KEYSLOT.
	for k, want := range map[string]uint16{"123456789": 0x31C3 % 16384, "foo": 12182, "bar": 5061} {
		if got := slot(k); got != want {
			t.Errorf("slot(%q) = %d, want %d", k, got, want)
		}
	}
}
