package valkite

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// aclUser creates (or resets) an ACL user allowed everything, with the given
// passwords, on every server.
func aclUser(t *testing.T, user string, passwords []string, servers ...*testserver.Server) {
	t.Helper()
	args := []string{"ACL", "SETUSER", user, "reset", "on", "~*", "&*", "+@all"}
	for _, p := range passwords {
		args = append(args, ">"+p)
	}
	for _, s := range servers {
		if r := s.Do(t, args...); !strings.HasPrefix(r, "+OK") {
			t.Fatalf("%v on %s: %q", args, s.Addr(), r)
		}
	}
	t.Cleanup(func() {
		for _, s := range servers {
			_, _ = s.Exec("ACL", "DELUSER", user)
		}
	})
}

// whoAmI is the ACL user of the client's connection, once it answers again (a
// killed connection is being re-established meanwhile).
func whoAmI(t *testing.T, c *Client) string {
	t.Helper()
	var user string
	waitFor(t, "the client to answer", func() bool {
		info, err := c.CustomCommand(context.Background(), []string{"CLIENT", "INFO"})
		if err != nil {
			return false
		}
		for _, f := range strings.Fields(info.(string)) {
			if v, ok := strings.CutPrefix(f, "user="); ok {
				user = v
			}
		}
		return true
	})
	return user
}

func authCalls(t *testing.T, s *testserver.Server) string {
	t.Helper()
	stat := s.Info(t, "commandstats")["cmdstat_auth"]
	calls, _, _ := strings.Cut(stat, ",")
	return calls
}

func connectAs(t *testing.T, s *testserver.Server, user, password string) *Client {
	t.Helper()
	cfg := config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: s.Host, Port: s.Port}).
		WithCredentials(config.NewServerCredentials(user, password)).
		WithRequestTimeout(5 * time.Second).
		WithReconnectStrategy(config.NewBackoffStrategy(3, 10, 2))
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient as %s: %v", user, err)
	}
	t.Cleanup(c.Close)
	return c
}

// A rotated password is used by the reconnection that follows a killed connection.
func TestUpdateConnectionPasswordOnReconnect(t *testing.T) {
	s := sharedValkey.get(t)
	user := "rotate-" + t.Name()
	aclUser(t, user, []string{"old-secret"}, s)
	c := connectAs(t, s, user, "old-secret")
	ctx := context.Background()

	aclUser(t, user, []string{"new-secret"}, s) // the old password stops working
	if got, err := c.UpdateConnectionPassword(ctx, "new-secret", false); err != nil || got != "OK" {
		t.Fatalf("UpdateConnectionPassword = %q, %v", got, err)
	}
	s.Do(t, "CLIENT", "KILL", "USER", user)
	if got := whoAmI(t, c); got != user {
		t.Fatalf("reconnected as %q, want %q", got, user)
	}
}

// immediateAuth sends AUTH on the live connection now; a refused password is a
// server error that does not show the password, and the client keeps working.
func TestUpdateConnectionPasswordImmediate(t *testing.T) {
	s := testserver.StartValkey(t) // its own server: AUTH calls are counted
	user := "immediate"
	aclUser(t, user, []string{"first-secret", "second-secret"}, s)
	c := connectAs(t, s, user, "first-secret")
	ctx := context.Background()
	before := authCalls(t, s)
	if got, err := c.UpdateConnectionPassword(ctx, "second-secret", true); err != nil || got != "OK" {
		t.Fatalf("UpdateConnectionPassword(immediate) = %q, %v", got, err)
	}
	if after := authCalls(t, s); after == before {
		t.Fatalf("no AUTH reached the server (%s before, %s after)", before, after)
	}

	_, err := c.UpdateConnectionPassword(ctx, "wrong-secret", true)
	requireServerError(t, err, "WRONGPASS")
	if strings.Contains(err.Error(), "wrong-secret") {
		t.Fatalf("the error shows the password: %v", err)
	}
	if got := whoAmI(t, c); got != user {
		t.Fatalf("after a refused AUTH the connection runs as %q, want %q", got, user)
	}

	_, err = c.UpdateConnectionPassword(ctx, "", true)
	requireServerError(t, err, "valkite:")
}

// ResetConnectionPassword makes later connections skip authentication: the client
// comes back as the default user.
func TestResetConnectionPassword(t *testing.T) {
	s := sharedValkey.get(t)
	user := "reset-" + t.Name()
	aclUser(t, user, []string{"some-secret"}, s)
	c := connectAs(t, s, user, "some-secret")
	ctx := context.Background()
	if got, err := c.ResetConnectionPassword(ctx); err != nil || got != "OK" {
		t.Fatalf("ResetConnectionPassword = %q, %v", got, err)
	}
	s.Do(t, "CLIENT", "KILL", "USER", user)
	if got := whoAmI(t, c); got != "default" {
		t.Fatalf("after a reset the client reconnected as %q, want default", got)
	}
}

// The cluster client rotates on every node: immediate AUTH everywhere, and
// reconnections with the new password.
func TestClusterUpdateConnectionPassword(t *testing.T) {
	requireClusterMode(t)
	cl := sharedCluster.get(t)
	servers := make([]*testserver.Server, len(cl.Nodes))
	for i, n := range cl.Nodes {
		servers[i] = n.Server
	}
	user := "cluster-rotate"
	aclUser(t, user, []string{"c-old"}, servers...)
	seed := cl.Nodes[0]
	c, err := NewClusterClient(config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: seed.Host, Port: seed.Port}).
		WithCredentials(config.NewServerCredentials(user, "c-old")).
		WithRequestTimeout(5 * time.Second))
	if err != nil {
		t.Fatalf("NewClusterClient: %v", err)
	}
	t.Cleanup(c.Close)
	ctx := context.Background()

	aclUser(t, user, []string{"c-old", "c-new"}, servers...)
	if got, err := c.UpdateConnectionPassword(ctx, "c-new", true); err != nil || got != "OK" {
		t.Fatalf("UpdateConnectionPassword(immediate) = %q, %v", got, err)
	}
	aclUser(t, user, []string{"c-new"}, servers...)
	for _, s := range servers {
		s.Do(t, "CLIENT", "KILL", "USER", user)
	}
	key := testKey(t, "k")
	waitFor(t, "the cluster client to reconnect", func() bool {
		_, err := c.Set(ctx, key, "v")
		return err == nil
	})
	_, err = c.UpdateConnectionPassword(ctx, "not-it", true)
	requireServerError(t, err, "WRONGPASS")
	if v, err := c.Get(ctx, key); err != nil || v.Value() != "v" {
		t.Fatalf("Get after a refused AUTH = %v, %v", v, err)
	}
}
