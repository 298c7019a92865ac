package cmds

import "fmt"

// streamGeoArgError is the error of a command refused before sending: it names the argument
// the caller got wrong, so the fix is obvious without reading the server's reply.
func streamGeoArgError(command, argument, problem string) error {
	return fmt.Errorf("valkite: %s: argument %s %s", command, argument, problem)
}
