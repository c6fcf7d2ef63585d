//go:build !embedspa

// Package frontend holds the built single-page app. Without the embedspa build tag it is empty,
// so `go test ./...` and `go build` work without a Node build; the server then says so at /.
package frontend

import (
	"io/fs"
	"testing/fstest"
)

// Dist is empty in builds without the embedspa tag.
var Dist fs.FS = fstest.MapFS{}
