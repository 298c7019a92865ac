module github.com/valkite/valkite/tools/hotpath

go 1.24
