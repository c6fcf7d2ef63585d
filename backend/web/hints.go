package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"strings"
)

// RoutesFile is the build's list of the app's routes and the files each route's screen needs
// beyond the startup chunk (frontend/vite.config.ts, routeHints).
const RoutesFile = "routes.json"

// routeHint is one entry of RoutesFile: a client route pattern (vue-router's, :name for one path
// segment) and the screen's module chunks and stylesheets.
type routeHint struct {
	Path    string   `json:"path"`
	Modules []string `json:"modules"`
	Styles  []string `json:"styles"`
}

// pages answers each client route's index.html with its screen's files named in the head
// (modulepreload and preload links): a phone on a slow network fetches them alongside the app's
// own script instead of a round trip after it has started, which is when the router asks for them.
type pages struct {
	plain  []byte
	routes []routeHint
	html   [][]byte // index.html with routes[i]'s links
}

// loadPages reads index.html and, when the build wrote it, RoutesFile. A missing or unreadable
// routes file leaves every route with the plain index.html: the hints only make it faster.
func loadPages(fsys fs.FS) (*pages, error) {
	index, err := fs.ReadFile(fsys, "index.html")
	if err != nil {
		return nil, fmt.Errorf("read index.html: %w", err)
	}
	p := &pages{plain: index}
	raw, err := fs.ReadFile(fsys, RoutesFile)
	if err != nil {
		return p, nil
	}
	var routes []routeHint
	if json.Unmarshal(raw, &routes) != nil {
		return p, nil
	}
	head := bytes.Index(index, []byte("</head>"))
	if head < 0 {
		return p, nil
	}
	for _, r := range routes {
		if !strings.HasPrefix(r.Path, "/") || len(r.Modules)+len(r.Styles) == 0 {
			continue
		}
		var links strings.Builder
		for _, m := range r.Modules {
			if assetPath(m) {
				fmt.Fprintf(&links, `<link rel="modulepreload" crossorigin href="%s">`, html.EscapeString(m))
			}
		}
		for _, s := range r.Styles {
			if assetPath(s) {
				// crossorigin as the stylesheet link Vite's loader adds for it: a preload of another
				// credentials mode is not used, and the stylesheet is fetched a second time.
				fmt.Fprintf(&links, `<link rel="preload" as="style" crossorigin href="%s">`, html.EscapeString(s))
			}
		}
		page := make([]byte, 0, len(index)+links.Len())
		page = append(page, index[:head]...)
		page = append(page, links.String()...)
		page = append(page, index[head:]...)
		p.routes = append(p.routes, r)
		p.html = append(p.html, page)
	}
	return p, nil
}

// assetPath says whether s names a file of the build's assets (nothing else is linked).
func assetPath(s string) bool {
	return strings.HasPrefix(s, "/assets/") && !strings.ContainsAny(s, "\"'<> ") && !strings.Contains(s, "..")
}

// forPath is index.html for the client route urlPath: with the first matching route's links, else plain.
func (p *pages) forPath(urlPath string) []byte {
	for i, r := range p.routes {
		if matchRoute(r.Path, urlPath) {
			return p.html[i]
		}
	}
	return p.plain
}

// matchRoute matches a vue-router pattern of literal segments and :params (one non-empty segment
// each) against a path; a trailing slash is ignored. Patterns with anything else never match.
func matchRoute(pattern, urlPath string) bool {
	ps := strings.Split(strings.Trim(pattern, "/"), "/")
	us := strings.Split(strings.Trim(urlPath, "/"), "/")
	if len(ps) != len(us) {
		return false
	}
	for i, seg := range ps {
		switch {
		case strings.ContainsAny(seg, "()*?+"):
			return false
		case strings.HasPrefix(seg, ":"):
			if us[i] == "" {
				return false
			}
		case seg != us[i]:
			return false
		}
	}
	return true
}
