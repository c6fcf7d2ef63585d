package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/seeds"
)

// newRollup parses seeds/indicators.yaml against the seeded forms' fields, so an indicator
// naming a field no form has stops the start-up instead of showing a silent zero. src are the
// other domains' reads the rollup makes.
func (a *App) newRollup(ctx context.Context, src rollup.Sources) (*rollup.Service, error) {
	data, err := seeds.FS.ReadFile("indicators.yaml")
	if err != nil {
		return nil, err
	}
	forms, err := form.LoadSeedForms(seeds.FS)
	if err != nil {
		return nil, err
	}
	fields := map[string]map[string]bool{}
	for _, f := range forms {
		fields[f.Code] = factFields(f)
	}
	ins, err := rollup.Parse(data, func(code string) map[string]bool { return fields[code] })
	if err != nil {
		return nil, err
	}
	// Before the first write (Sync may rebuild): every write to the totals moves their version.
	if err := rollup.TrackTotals(a.DB); err != nil {
		return nil, err
	}
	svc := rollup.NewService(rollup.NewStore(a.DB, src), ins)
	// The fingerprint covers the definitions and the code that computes contributions from them.
	sum := sha256.Sum256(append([]byte(rollup.ContributionVersion+"\n"), data...))
	if rebuilt, err := svc.Sync(ctx, hex.EncodeToString(sum[:])); err != nil {
		return nil, err
	} else if rebuilt {
		a.Log.Info("indicator contributions rebuilt for new definitions")
	}
	return svc, nil
}

// factFields lists the keys a form's facts can carry: every top-level field and each
// repeat group's "group.sub" totals.
func factFields(f *form.Form) map[string]bool {
	out := map[string]bool{}
	for _, fd := range f.Fields {
		out[fd.Key] = true
		for _, sub := range fd.Fields {
			out[fd.Key+"."+sub.Key] = true
		}
	}
	return out
}
