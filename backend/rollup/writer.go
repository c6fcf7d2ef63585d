package rollup

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// Writer keeps the indicator contributions in step with one org's facts. The submission store
// calls it inside the transaction that changes the facts, so an approval shows in the rollup the
// moment it commits, with no batch job.
type Writer struct{ s *Service }

// Writer returns the fact-change hook for the submission workflow.
func (s *Service) Writer() *Writer { return &Writer{s: s} }

func (w *Writer) codes(formCode string) []string {
	ins := w.s.byForm[formCode]
	out := make([]string, len(ins))
	for i, in := range ins {
		out[i] = in.Code
	}
	return out
}

// Replace records an org's new facts for a form and period with status.
func (w *Writer) Replace(tx *gorm.DB, orgID int64, formCode, period, status string, facts []form.Fact, now time.Time) error {
	ins := w.s.byForm[formCode]
	if len(ins) == 0 {
		return nil
	}
	st := w.s.store.WithTx(tx)
	o, err := st.src.Orgs.PlaceOf(orgID)
	if err != nil {
		return err
	}
	cs := map[string]contribution{}
	for _, in := range ins {
		if len(in.OrgTypes) > 0 && !contains(in.OrgTypes, string(o.Type)) {
			continue
		}
		cs[in.Code] = contribute(in, facts)
	}
	return st.replace(orgID, o, period, status, w.codes(formCode), cs, now)
}

// Forget removes an org's contributions for a form and period whose submission was deleted
// (a demo purge), inside the transaction that deleted it, and recounts their groups.
func (w *Writer) Forget(tx *gorm.DB, orgID int64, formCode, period string) error {
	codes := w.codes(formCode)
	if len(codes) == 0 {
		return nil
	}
	return w.s.store.WithTx(tx).forget(orgID, period, codes)
}

// SetStatus moves an org's contributions for a form and period to status.
func (w *Writer) SetStatus(tx *gorm.DB, orgID int64, formCode, period, status string, now time.Time) error {
	codes := w.codes(formCode)
	if len(codes) == 0 {
		return nil
	}
	return w.s.store.WithTx(tx).setStatus(orgID, period, status, codes, now)
}

// Rebuild recomputes every contribution from the fact table, for when the indicator
// definitions changed. It runs in one transaction; readers see the old figures until it commits.
func (s *Service) Rebuild(ctx context.Context) error {
	forms := make([]string, 0, len(s.byForm))
	for f := range s.byForm {
		forms = append(forms, f)
	}
	return database.Tx(ctx, s.store.db, func(tx *gorm.DB) error {
		st := s.store.WithTx(tx)
		if err := tx.Exec("DELETE FROM indicator_facts").Error; err != nil {
			return err
		}
		var places map[int64]org.Place
		var batch []factRow
		err := s.store.src.Facts.EachOrgFacts(ctx, forms, func(orgID int64, formCode, period, status string, at time.Time, facts []form.Fact) error {
			if places == nil {
				var err error
				if places, err = st.src.Orgs.Places(); err != nil {
					return err
				}
			}
			o := places[orgID]
			for _, in := range s.byForm[formCode] {
				if len(in.OrgTypes) > 0 && !contains(in.OrgTypes, string(o.Type)) {
					continue
				}
				r, err := newFactRow(in.Code, orgID, o, period, status, contribute(in, facts), at)
				if err != nil {
					return err
				}
				batch = append(batch, r)
			}
			if len(batch) >= 1000 {
				if err := tx.CreateInBatches(batch, 500).Error; err != nil {
					return err
				}
				batch = batch[:0]
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("rebuild indicators: %w", err)
		}
		if len(batch) > 0 {
			if err := tx.CreateInBatches(batch, 500).Error; err != nil {
				return err
			}
		}
		return st.rebuildTotals()
	})
}

// Sync rebuilds the contributions when the indicator definitions differ from those they were
// computed with (fingerprint: a hash of the definitions file), so editing indicators.yaml and
// restarting is all an operator does. It reports whether definitions changed since last time.
func (s *Service) Sync(ctx context.Context, fingerprint string) (bool, error) {
	have, err := s.store.definitions(ctx)
	if err != nil || have == fingerprint {
		return false, err
	}
	if err := s.Rebuild(ctx); err != nil {
		return false, err
	}
	// A first run (no fingerprint yet) is not a change worth reporting.
	return have != "", s.store.setDefinitions(ctx, fingerprint)
}

// OrgsChanged brings the rollup in line with the org tree after an org moved or changed type,
// so its figures count under its new town and type at once.
func (s *Service) OrgsChanged(ctx context.Context) error { return s.store.realign(ctx) }
