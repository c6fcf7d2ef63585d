package submission

// Carry-forward and previous-period values (issue 15). A new period's draft of a form with
// carried sections (form.CarryUnits) is prefilled from the org's last approved submission of
// that form; each carried section must be confirmed (one call) or changed before submit, and
// evidence whose valid_until date lies before the period must be replaced. Rules read the
// org's previous-period approved values as prev.<field>.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/period"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// Codes of the field errors carry-forward adds on submit.
const (
	CodeCarryUnconfirmed = "carry_unconfirmed"
	CodeEvidenceExpired  = "expired"
)

// CarriedSection is one carried section of a draft: what was carried, from which period, and
// whether the filler has confirmed or changed it since.
type CarriedSection struct {
	Key        string
	Title      string
	TitleEn    string
	Fields     []string
	FromPeriod string
	Confirmed  bool
	Changed    bool
}

// Pending reports whether the section still blocks submit.
func (c CarriedSection) Pending() bool { return !c.Confirmed && !c.Changed }

type carryRow struct {
	ID           int64 `gorm:"primaryKey"`
	SubmissionID int64
	Section      string
	FromPeriod   string
	Carried      string
	ConfirmedAt  *time.Time
	ConfirmedBy  *int64
	CreatedAt    time.Time
}

func (carryRow) TableName() string { return "carry_sections" }

// lastApproved is the org's latest approved submission of a form for a period before the given
// one (periods of one type sort as text: 2025 < 2026, 2025Q4 < 2026Q1).
func (s *Store) lastApproved(ctx context.Context, orgID int64, formCode, before string) (Submission, error) {
	return s.take(s.view(ctx).Where("submissions.org_id = ? AND submissions.form_code = ? AND submissions.period < ? AND submissions.status = ?",
		orgID, formCode, before, string(StatusApproved)).Order("submissions.period DESC"))
}

// approvedValues are the values and computed values of the org's approved submission for a
// form and period (ErrNotFound when there is none, or it is not approved). Every open form
// reads its last period's, so it goes to the pool as one prepared statement without joins.
func (s *Store) approvedValues(ctx context.Context, orgID int64, formCode, period string) (values, computed map[string]any, err error) {
	var data, comp string
	found, err := database.QueryRow(ctx, s.db, "SELECT data, computed FROM submissions WHERE org_id = ? AND form_code = ? AND period = ? AND status = ?",
		[]any{orgID, formCode, period, string(StatusApproved)}, &data, &comp)
	if err != nil {
		return nil, nil, fmt.Errorf("read the approved values of org %d, %s %s: %w", orgID, formCode, period, err)
	}
	if !found {
		return nil, nil, errs.ErrNotFound
	}
	if values, err = decodeMap(data); err != nil {
		return nil, nil, fmt.Errorf("approved values of org %d, %s %s: %w", orgID, formCode, period, err)
	}
	if computed, err = decodeMap(comp); err != nil {
		return nil, nil, fmt.Errorf("approved computed values of org %d, %s %s: %w", orgID, formCode, period, err)
	}
	return values, computed, nil
}

// carryRows are a submission's carried sections.
func (s *Store) carryRows(ctx context.Context, subID int64) ([]carryRow, error) {
	var rows []carryRow
	err := s.db.WithContext(ctx).Where("submission_id = ?", subID).Order("id").Find(&rows).Error
	return rows, err
}

// copyAttachments records, for submission to, a new upload of each file of submission from
// listed in items (the same stored bytes) and returns the items with their new ids.
func (s *Store) copyAttachments(from, to int64, field string, items []any, now time.Time) ([]any, error) {
	out := make([]any, 0, len(items))
	for _, it := range items {
		m, _ := it.(map[string]any)
		id, _ := m["id"].(string)
		var r attachmentRow
		err := s.db.Where("public_id = ? AND submission_id = ? AND field = ?", id, from, field).Take(&r).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			continue // not vouched for by an upload record: not carried
		}
		if err != nil {
			return nil, err
		}
		r.ID, r.PublicID, r.SubmissionID, r.CreatedAt = 0, uuid.NewString(), to, now
		if err := s.db.Create(&r).Error; err != nil {
			return nil, err
		}
		c := make(map[string]any, len(m))
		for k, v := range m {
			c[k] = v
		}
		c["id"] = r.PublicID
		out = append(out, c)
	}
	return out, nil
}

// Prev is the same org's approved values (entered and computed) of the submission's form for
// the previous period of its type, nil when that period has no approved submission.
func (s *Service) Prev(ctx context.Context, sub Submission, f *form.Form) (map[string]any, error) {
	pd, err := period.Parse(f.PeriodType, sub.Period)
	if err != nil {
		return nil, nil // a period the form no longer reads has no predecessor
	}
	values, computed, err := s.store.approvedValues(ctx, sub.OrgID, sub.FormCode, pd.Prev().String())
	if errors.Is(err, errs.ErrNotFound) {
		return nil, nil // none, or not approved
	}
	if err != nil {
		return nil, fmt.Errorf("previous period of submission %d: %w", sub.ID, err)
	}
	out := make(map[string]any, len(values)+len(computed))
	for k, v := range values {
		out[k] = v
	}
	for k, v := range computed {
		if v != nil {
			out[k] = v
		}
	}
	return out, nil
}

// CarryState is what a submission document shows of the last period: the previous period's
// approved values (nil when none) and the carried sections.
type CarryState struct {
	Prev     map[string]any
	Sections []CarriedSection
}

// CheckCarry is Check with the CarryState it was evaluated with, read once for both.
func (s *Service) CheckCarry(ctx context.Context, sub Submission) (form.Result, CarryState, error) {
	f, err := s.Form(ctx, sub)
	if err != nil {
		return form.Result{}, CarryState{}, err
	}
	return s.evaluateState(ctx, sub, f)
}

// evaluate is what a submit of sub would say now: the form over its values with the previous
// period's approved values, plus carried sections not yet confirmed and expired evidence.
func (s *Service) evaluate(ctx context.Context, sub Submission, f *form.Form) (form.Result, error) {
	res, _, err := s.evaluateState(ctx, sub, f)
	return res, err
}

func (s *Service) evaluateState(ctx context.Context, sub Submission, f *form.Form) (form.Result, CarryState, error) {
	prev, err := s.Prev(ctx, sub, f)
	if err != nil {
		return form.Result{}, CarryState{}, err
	}
	res := f.EvaluatePrev(sub.Values, prev)
	st := CarryState{Prev: prev, Sections: []CarriedSection{}}
	if !sub.Status.Editable() {
		return res, st, nil
	}
	secs, err := s.carried(ctx, sub, f)
	if err != nil {
		return form.Result{}, CarryState{}, err
	}
	st.Sections = secs
	for _, c := range secs {
		if c.Pending() {
			res.Errors = append(res.Errors, form.Issue{Field: c.Key, Code: CodeCarryUnconfirmed,
				Message: "上期数据，请确认或修改", MessageEn: "carried from last period: confirm or change it"})
		}
	}
	res.Errors = append(res.Errors, expiredEvidence(f, sub, res.Hidden)...)
	return res, st, nil
}

// expiredEvidence are the attachment fields holding evidence whose valid_until date lies
// before the submission's period begins.
func expiredEvidence(f *form.Form, sub Submission, hidden []string) []form.Issue {
	pd, err := period.Parse(f.PeriodType, sub.Period)
	if err != nil {
		return nil
	}
	start := periodStart(pd)
	var out []form.Issue
	for i := range f.Fields {
		fd := &f.Fields[i]
		if fd.ValidUntil == "" || contains(hidden, fd.Key) {
			continue
		}
		if items, _ := sub.Values[fd.Key].([]any); len(items) == 0 {
			continue
		}
		date, _ := sub.Values[fd.ValidUntil].(string)
		if date != "" && date < start {
			out = append(out, form.Issue{Field: fd.Key, Code: CodeEvidenceExpired,
				Message: "证书已过期（有效期早于本期），请上传新证书并更新有效期", MessageEn: "this evidence expired before the period: upload a current one and its new expiry"})
		}
	}
	return out
}

// prevPeriod is the period before p of the form's period type, "" when p does not parse.
func prevPeriod(f *form.Form, p string) string {
	pd, err := period.Parse(f.PeriodType, p)
	if err != nil {
		return ""
	}
	return pd.Prev().String()
}

// periodStart is the first day of a period as YYYY-MM-DD.
func periodStart(p period.Period) string {
	month := 1
	switch p.Type() {
	case period.Half:
		month = 1 + 6*(p.Index()-1)
	case period.Quarter:
		month = 1 + 3*(p.Index()-1)
	case period.Month:
		month = p.Index()
	}
	return fmt.Sprintf("%04d-%02d-01", p.Year(), month)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Carried lists a submission's carried sections with their state.
func (s *Service) Carried(ctx context.Context, sub Submission) ([]CarriedSection, error) {
	f, err := s.Form(ctx, sub)
	if err != nil {
		return nil, err
	}
	return s.carried(ctx, sub, f)
}

func (s *Service) carried(ctx context.Context, sub Submission, f *form.Form) ([]CarriedSection, error) {
	carries := f.CarryUnits()
	if len(carries) == 0 {
		return []CarriedSection{}, nil // a form that carries nothing: no rows to read
	}
	rows, err := s.store.carryRows(ctx, sub.ID)
	if err != nil {
		return nil, fmt.Errorf("carried sections of submission %d: %w", sub.ID, err)
	}
	if len(rows) == 0 {
		return []CarriedSection{}, nil
	}
	units := map[string]form.CarryUnit{}
	for _, u := range carries {
		units[u.Key] = u
	}
	out := make([]CarriedSection, 0, len(rows))
	for _, r := range rows {
		u, ok := units[r.Section]
		if !ok {
			continue // the form version the submission moved to carries it no more
		}
		carried, err := decodeMap(r.Carried)
		if err != nil {
			return nil, fmt.Errorf("carried section %s of submission %d: %w", r.Section, sub.ID, err)
		}
		out = append(out, CarriedSection{Key: u.Key, Title: u.Title, TitleEn: u.TitleEn, Fields: u.Fields, FromPeriod: r.FromPeriod,
			Confirmed: r.ConfirmedAt != nil, Changed: sectionJSON(f, u.Fields, sub.Values) != sectionJSON(f, u.Fields, carried)})
	}
	return out, nil
}

// sectionJSON is the canonical JSON of a section's values, for comparing what was carried with
// what the draft holds now.
func sectionJSON(f *form.Form, fields []string, values map[string]any) string {
	part := map[string]any{}
	for _, k := range fields {
		if v, ok := values[k]; ok {
			part[k] = v
		}
	}
	norm, _ := f.Normalize(part)
	b, _ := json.Marshal(norm)
	return string(b)
}

// carryForward prefills a draft just created from the org's last approved submission of the
// form: the values of every carried section (evidence files copied to the draft), one
// carry_sections row per section, a "carry" revision and the audit row, in one transaction.
// Without carried sections or an approved predecessor the draft is returned as it is.
func (s *Service) carryForward(ctx context.Context, p *authz.Principal, sub Submission) (Submission, error) {
	f, err := s.Form(ctx, sub)
	if err != nil {
		return sub, err
	}
	units := f.CarryUnits()
	if len(units) == 0 {
		return sub, nil
	}
	src, err := s.store.lastApproved(ctx, sub.OrgID, sub.FormCode, sub.Period)
	if errors.Is(err, errs.ErrNotFound) {
		return sub, nil
	}
	if err != nil {
		return sub, fmt.Errorf("last approved %s of org %d: %w", sub.FormCode, sub.OrgID, err)
	}
	now := s.now().Truncate(time.Millisecond)
	err = s.store.Tx(ctx, func(st *Store) error {
		values := map[string]any{}
		var rows []carryRow
		for _, u := range units {
			part := map[string]any{}
			for _, k := range u.Fields {
				from := k
				if fd, _ := f.Field(k); fd != nil && fd.CarryFrom != "" {
					if src.Period != prevPeriod(f, sub.Period) {
						continue // "last year's" figure only from last year
					}
					from = fd.CarryFrom
				}
				v, ok := src.Values[from]
				if !ok {
					continue
				}
				if fd, _ := f.Field(k); fd != nil && fd.Type == form.TypeAttachment {
					items, _ := v.([]any)
					copied, err := st.copyAttachments(src.ID, sub.ID, k, items, now)
					if err != nil {
						return fmt.Errorf("carry evidence %s: %w", k, err)
					}
					if len(copied) == 0 {
						continue
					}
					v = copied
				}
				part[k] = v
			}
			norm, _ := f.Normalize(part) // a value the pinned version no longer takes is not carried
			if len(norm) == 0 {
				continue
			}
			for k, v := range norm {
				values[k] = v
			}
			rows = append(rows, carryRow{SubmissionID: sub.ID, Section: u.Key, FromPeriod: src.Period, Carried: mustJSON(norm), CreatedAt: now})
		}
		if len(rows) == 0 {
			return nil
		}
		if err := st.update(sub.ID, sub.Version, p.UserID, now, change{Status: sub.Status, Values: values}); err != nil {
			return err
		}
		d := diff(sub.Values, values)
		if err := st.addRevision(revisionRow{SubmissionID: sub.ID, Version: sub.Version + 1, Action: "carry",
			FromStatus: string(sub.Status), ToStatus: string(sub.Status), ActorID: p.UserID, At: now, Diff: mustJSON(d)}); err != nil {
			return err
		}
		if err := st.db.Create(&rows).Error; err != nil {
			return err
		}
		keys := make([]string, len(rows))
		for i, r := range rows {
			keys[i] = r.Section
		}
		sort.Strings(keys)
		return st.recordAudit(ctx, s.audit, s.entry(p, sub, "submission.carry", carryDetail{From: src.Period, Sections: keys}))
	})
	if err != nil {
		return sub, fmt.Errorf("carry %s %s forward to %s: %w", sub.FormCode, src.Period, sub.Period, err)
	}
	return s.store.ByKey(ctx, sub.OrgID, sub.FormCode, sub.Period)
}

// carryDetail is the audit detail of a carry-forward or a confirmation.
type carryDetail struct {
	From     string   `json:"from,omitempty"`
	Sections []string `json:"sections"`
}

var errNoSuchCarry = errs.Coded(errs.ErrNotFound, "not_carried", "this section was not carried forward into this submission")

// ConfirmCarried records that the filler checked a carried section and keeps it as it is; the
// submission must be editable (draft or returned, before the deadline). Confirming twice is
// harmless.
func (s *Service) ConfirmCarried(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64, section string) (Submission, error) {
	sub, _, err := s.editable(ctx, sc, id, nil)
	if err != nil {
		return Submission{}, err
	}
	now := s.now().Truncate(time.Millisecond)
	err = s.store.Tx(ctx, func(st *Store) error {
		res := st.db.Model(&carryRow{}).Where("submission_id = ? AND section = ?", id, section).
			Updates(map[string]any{"confirmed_at": now, "confirmed_by": p.UserID})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errNoSuchCarry
		}
		return st.recordAudit(ctx, s.audit, s.entry(p, sub, "submission.carry_confirm", carryDetail{Sections: []string{section}}))
	})
	if err != nil {
		if errors.Is(err, errs.ErrNotFound) {
			return Submission{}, err
		}
		return Submission{}, fmt.Errorf("confirm carried section %s of submission %d: %w", section, id, err)
	}
	return sub, nil
}

// yoyFirst orders submissions whose stored warnings include a year-over-year one (form.Issue's
// yoy flag) before the others. A constant raw column: gorm drops an expression ORDER BY that
// later Order calls append to.
const yoyFirst = `CASE WHEN submissions.warnings LIKE '%"yoy":true%' THEN 0 ELSE 1 END`
