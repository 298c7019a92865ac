package models

import (
	"time"

	"github.com/valkite/valkite/go/constants"
)

// Engine is one scripting engine in FUNCTION STATS.
type Engine struct {
	Language      string
	FunctionCount int64
	LibraryCount  int64
}

// RunningScript is the script or function FUNCTION STATS reports as running;
// the zero value means none.
type RunningScript struct {
	Name     string
	Cmd      string
	Args     []string
	Duration time.Duration
}

// FunctionStatsResult is one node's FUNCTION STATS.
type FunctionStatsResult struct {
	Engines       map[string]Engine
	RunningScript RunningScript
}

// FunctionListQuery filters FUNCTION LIST.
type FunctionListQuery struct {
	LibraryName string // a glob; empty lists every library
	WithCode    bool
}

// ToArgs renders the query as FUNCTION LIST arguments.
func (query FunctionListQuery) ToArgs() []string {
	args := []string{}
	if query.LibraryName != "" {
		args = append(args, constants.LibraryNameKeyword, query.LibraryName)
	}
	if query.WithCode {
		args = append(args, constants.WithCodeKeyword)
	}
	return args
}

// FunctionInfo is one function of a library in FUNCTION LIST.
type FunctionInfo struct {
	Name        string
	Description string
	Flags       []string
}

// LibraryInfo is one library in FUNCTION LIST; Code is empty unless WithCode.
type LibraryInfo struct {
	Name      string
	Engine    string
	Functions []FunctionInfo
	Code      string
}
