// Package seeds embeds the district's seed data (org tree, form schemas, indicators, the plan's
// measures) in the binary, so a fresh install needs nothing but the executable.
package seeds

import "embed"

// FS holds every seed file, addressed by its path under seeds/.
//
//go:embed orgs.yaml indicators.yaml measures.yaml forms/*.yaml forms/*.json
var FS embed.FS
