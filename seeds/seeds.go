// Package seeds embeds the district's seed data (org tree, form schemas, indicators) in the binary,
// so a fresh install needs nothing but the executable.
package seeds

import "embed"

// FS holds every seed file, addressed by its path under seeds/.
//
//go:embed orgs.yaml indicators.yaml forms/*.yaml forms/*.json
var FS embed.FS
