package options

// ClientReplyMode is CLIENT REPLY's argument: whether the server answers the
// connection's commands. (From GLIDE's development branch, after v2.5.3.)
type ClientReplyMode string

const (
	ClientReplyModeOn   ClientReplyMode = "ON"   // answer again
	ClientReplyModeOff  ClientReplyMode = "OFF"  // stop answering until ON
	ClientReplyModeSkip ClientReplyMode = "SKIP" // do not answer the next command
)
