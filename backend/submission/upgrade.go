package submission

import (
	"context"
	"fmt"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

var (
	errAlreadyNewest = errs.Coded(errs.ErrInvalidState, "already_newest_form_version",
		"this submission already uses the newest version of its form")
	errIncompatibleVersion = errs.Coded(errs.ErrInvalidState, "incompatible_form_version",
		"the newest version of the form is for another period type or kind of org; it cannot take this submission")
)

// Upgraded is a submission moved to the newest version of its form, with the values that
// could not be carried over.
type Upgraded struct {
	Submission  Submission
	FromVersion int
	ToVersion   int
	Dropped     []form.Dropped
}

// upgradeDetail is what the audit log keeps of an upgrade.
type upgradeDetail struct {
	FromVersion int            `json:"from_version"`
	ToVersion   int            `json:"to_version"`
	Dropped     []form.Dropped `json:"dropped"`
}

// Upgrade moves an editable submission from the form version it is pinned to onto the form's
// newest version: values whose field still exists with a compatible type are kept, the rest
// dropped and reported. Like a save it needs the version the client loaded, and it records a
// revision ("upgrade") and an audit entry in the same transaction as the change.
func (s *Service) Upgrade(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64, version *int) (Upgraded, error) {
	if version == nil {
		return Upgraded{}, errs.Invalid("version", "required", "version is required")
	}
	sub, from, err := s.editable(ctx, sc, id, version)
	if err != nil {
		return Upgraded{}, err
	}
	to, err := s.forms.Current(ctx, sub.FormCode)
	if err != nil {
		return Upgraded{}, fmt.Errorf("upgrade submission %d: newest form %s: %w", id, sub.FormCode, err)
	}
	if to.Version <= sub.FormVersion {
		return Upgraded{}, errAlreadyNewest
	}
	o, err := s.orgs.Get(ctx, sc, sub.OrgID)
	if err != nil {
		return Upgraded{}, fmt.Errorf("upgrade submission %d: org: %w", id, err)
	}
	if to.PeriodType != from.PeriodType || !to.AppliesTo(string(o.Type)) {
		return Upgraded{}, errIncompatibleVersion
	}
	values, dropped := form.Upgrade(from, to, sub.Values)
	if dropped == nil {
		dropped = []form.Dropped{}
	}
	now := s.now()
	err = s.store.Tx(ctx, func(st *Store) error {
		if err := st.update(id, sub.Version, p.UserID, now, change{Status: sub.Status, Values: values, FormVersion: to.Version}); err != nil {
			return err
		}
		if err := st.addRevision(revisionRow{SubmissionID: id, Version: sub.Version + 1, Action: "upgrade",
			FromStatus: string(sub.Status), ToStatus: string(sub.Status), ActorID: p.UserID, At: now,
			Diff: mustJSON(diff(sub.Values, values)), Comment: fmt.Sprintf("v%d → v%d", sub.FormVersion, to.Version)}); err != nil {
			return err
		}
		return st.recordAudit(ctx, s.audit, s.entry(p, sub, "submission.upgrade",
			upgradeDetail{FromVersion: sub.FormVersion, ToVersion: to.Version, Dropped: dropped}))
	})
	if err != nil {
		return Upgraded{}, s.conflict(ctx, sc, id, fmt.Errorf("upgrade submission %d: %w", id, err))
	}
	cur, err := s.store.Get(ctx, sc, id)
	if err != nil {
		return Upgraded{}, err
	}
	return Upgraded{Submission: cur, FromVersion: sub.FormVersion, ToVersion: to.Version, Dropped: dropped}, nil
}

// NewestFormVersion is the newest version of a form: a submission pinned to an older one may
// be upgraded to it.
func (s *Service) NewestFormVersion(ctx context.Context, formCode string) (int, error) {
	v, err := s.forms.NewestVersion(ctx, formCode)
	if err != nil {
		return 0, fmt.Errorf("newest version of form %s: %w", formCode, err)
	}
	return v, nil
}
