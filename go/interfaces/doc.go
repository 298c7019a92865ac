// Package interfaces declares the method sets of the clients, one interface per command
// group, under the same names and with the same signatures as GLIDE's Go client. Code
// written against these interfaces (mocks, helpers that accept "any client") works
// with valkite.Client and valkite.ClusterClient.
//
// GlideClientCommands is the standalone client's full method set and
// GlideClusterClientCommands the cluster client's; both embed BaseClientCommands,
// which gathers the groups the two modes share.
package interfaces
