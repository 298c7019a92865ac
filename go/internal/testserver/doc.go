// Package testserver runs throwaway Valkey and Redis servers for valkite's tests.
//
// Every server gets a free loopback port, a private t.TempDir working directory
// and a t.Cleanup that stops it, so tests can run in parallel and never depend on
// a server someone started by hand. Readiness is awaited by polling PING (and
// checking that the answering process is the one just started), never by sleeping.
//
// Binaries are looked up in $VALKITE_TOOLS, else in <repo>/.tools/bin, which
// scripts/setup.sh fills. When one is missing the test is skipped with a hint to
// run that script, except under CI=true, where a skip would hide lost coverage and
// the test fails instead.
//
// The helpers talk RESP over a plain net.Conn on purpose: tests that use them to
// arrange or inspect server state must not depend on the client under test.
package testserver
