module github.com/valkite/valkite/go

go 1.24
