//go:build embedspa

// Package frontend holds the built single-page app. Build it first (frontend/scripts/build.sh),
// then build the binary with -tags embedspa to embed frontend/dist.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist is the built SPA, rooted at dist/ (index.html at its top).
var Dist fs.FS = mustSub(dist, "dist")

func mustSub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}
