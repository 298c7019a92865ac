package valkite

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"log"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// TestPasswordNeverEmitted: a distinctive ACL password is used for good and bad
// connections, and must not appear in anything the client emits — configurations
// printed with every fmt verb, connection and request errors, and the log.
func TestPasswordNeverEmitted(t *testing.T) {
	const user = "secret-test-user"
	const password = "vk-PASSW0RD-7f3a9c1e-do-not-print"
	s := testserver.StartValkey(t)
	fixture(t, s, "ACL", "SETUSER", user, "on", ">"+password, "~*", "+@all", "-debug")

	var logged bytes.Buffer
	prevOut, prevFlags := log.Writer(), log.Flags()
	log.SetOutput(&logged)
	defer func() { log.SetOutput(prevOut); log.SetFlags(prevFlags) }()

	var emitted []string
	emit := func(what string, v any) { emitted = append(emitted, what+": "+fmt.Sprint(v)) }

	creds := config.NewServerCredentials(user, password)
	addr := &config.NodeAddress{Host: s.Host, Port: s.Port}
	cfg := config.NewClientConfiguration().WithAddress(addr).WithCredentials(creds).WithRequestTimeout(2 * time.Second)
	ccfg := config.NewClusterClientConfiguration().WithAddress(addr).WithCredentials(creds)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
		for name, v := range map[string]any{"credentials": creds, "credentials value": *creds, "config": cfg, "config value": *cfg, "cluster config": ccfg} {
			emit(name+" "+verb, fmt.Sprintf(verb, v))
		}
	}

	ctx := context.Background()
	// The right password: the client works; errors of its requests carry no secret.
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient with the ACL user: %v", err)
	}
	if _, err := c.CustomCommand(ctx, []string{"DEBUG", "SLEEP", "0"}); err == nil {
		t.Fatal("DEBUG is denied to the user, yet it succeeded")
	} else {
		emit("denied command", err)
	}
	_, err = c.CustomCommand(ctx, []string{"AUTH", user, password + "-wrong"})
	emit("AUTH with a wrong password", err)
	tctx, cancel := context.WithTimeout(ctx, time.Microsecond)
	_, err = c.Get(tctx, "k")
	cancel()
	emit("timeout", err)
	c.Close()
	_, err = c.Get(ctx, "k")
	emit("closed client", err)

	// Wrong passwords, the server down, a cluster client on a standalone server.
	for name, pw := range map[string]string{"wrong password": password + "x", "prefix": password[:20]} {
		_, err := NewClient(config.NewClientConfiguration().WithAddress(addr).
			WithCredentials(config.NewServerCredentials(user, pw)))
		if err == nil {
			t.Fatalf("%s: connected", name)
		}
		emit(name, err)
	}
	_, err = NewClusterClient(ccfg)
	emit("cluster client on a standalone server", err)
	s.Stop()
	_, err = NewClient(cfg.WithRequestTimeout(200 * time.Millisecond))
	emit("server down", err)

	emitted = append(emitted, "log: "+logged.String())
	for _, e := range emitted {
		for _, secret := range []string{password, password[:16], hex.EncodeToString([]byte(password))[:32]} {
			if strings.Contains(strings.ToLower(e), strings.ToLower(secret)) {
				t.Errorf("the password appears in %s", e)
			}
		}
	}
	if t.Failed() {
		return
	}
	t.Logf("checked %d outputs, e.g. %s", len(emitted), emitted[1])
}
