package config

import "fmt"

// Format keeps the password out of anything fmt prints: a configuration logged with
// %v, %+v or %#v (or any other verb) shows the username and whether a password is
// set, never the password itself. Implementing fmt.Formatter rather than Stringer
// covers every verb, %d and %x included, which would otherwise print the fields.
func (creds ServerCredentials) Format(f fmt.State, verb rune) {
	mode := "password"
	if creds.iamConfig != nil {
		mode = "iam"
	}
	secret := "unset"
	if creds.password != "" {
		secret = "<redacted>"
	}
	fmt.Fprintf(f, "ServerCredentials{username: %q, mode: %s, password: %s}", creds.username, mode, secret)
}

// Format prints a configuration's connection settings for every fmt verb, with the
// credentials redacted as above. Without it, verbs fmt cannot apply to a struct (%s,
// %q) make it dump the fields raw, dereferencing the credentials pointer. Client and
// cluster configurations embed this, so both print this way (their remaining options
// are not shown).
func (config baseClientConfiguration) Format(f fmt.State, verb rune) {
	creds := "none"
	if config.credentials != nil {
		creds = fmt.Sprint(*config.credentials)
	}
	fmt.Fprintf(f, "{addresses: %v, useTLS: %t, credentials: %s, readFrom: %v, requestTimeout: %v, clientName: %q, clientAZ: %q}",
		config.addresses, config.useTLS, creds, config.readFrom, config.requestTimeout, config.clientName, config.clientAZ)
}
