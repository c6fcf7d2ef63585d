package submission

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Store is the only code that touches submissions, their revisions, attachments and the
// fact table's writes.
type Store struct {
	db   *gorm.DB
	hook FactHook
}

// FactHook hears of every change to an org's facts inside the transaction that makes it, so
// read models such as the rollup totals never lag behind (rollup.Writer implements it).
type FactHook interface {
	Replace(tx *gorm.DB, orgID int64, formCode, period, status string, facts []form.Fact, now time.Time) error
	SetStatus(tx *gorm.DB, orgID int64, formCode, period, status string, now time.Time) error
	// Forget hears that the org's facts for a form and period were deleted with their submission.
	Forget(tx *gorm.DB, orgID int64, formCode, period string) error
}

// NewStore returns a Store over db; hook may be nil.
func NewStore(db *gorm.DB, hook FactHook) *Store { return &Store{db: db, hook: hook} }

// Tx runs fn with a Store bound to one transaction.
func (s *Store) Tx(ctx context.Context, fn func(*Store) error) error {
	return database.Tx(ctx, s.db, func(tx *gorm.DB) error { return fn(&Store{db: tx, hook: s.hook}) })
}

type submissionRow struct {
	ID          int64 `gorm:"primaryKey"`
	OrgID       int64
	FormCode    string
	Period      string
	FormVersion int
	Status      string
	ReviewLevel string
	ReviewChain string
	Version     int
	Data        string
	Computed    string
	Warnings    string
	Comments    string
	SubmittedAt *time.Time
	ApprovedAt  *time.Time
	UpdatedBy   *int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (submissionRow) TableName() string { return "submissions" }

type submissionView struct {
	Row     submissionRow `gorm:"embedded"`
	OrgCode string
	OrgName string
	OrgPath string
	TownID  *int64
}

type revisionRow struct {
	ID           int64 `gorm:"primaryKey"`
	SubmissionID int64
	Version      int
	Action       string
	FromStatus   string
	ToStatus     string
	Level        string // the review level that decided, for a reviewer's action
	ToLevel      string // the level the submission waits at afterwards
	// FieldComments are a return's per-field comments, JSON ("" for none).
	FieldComments string
	ActorID       int64
	At            time.Time
	Diff          string
	Comment       string
}

func (revisionRow) TableName() string { return "submission_revisions" }

type factRow struct {
	ID       int64 `gorm:"primaryKey"`
	OrgID    int64
	FormCode string
	Period   string
	Field    string
	Text     string
	NumE4    *int64
	Status   string
	At       time.Time
}

func (factRow) TableName() string { return "facts" }

type attachmentRow struct {
	ID           int64 `gorm:"primaryKey"`
	PublicID     string
	SubmissionID int64
	Field        string
	Name         string
	ContentType  string
	Size         int64
	SHA256       string `gorm:"column:sha256"`
	CreatedBy    int64
	CreatedAt    time.Time
}

func (attachmentRow) TableName() string { return "attachments" }

func decodeMap(s string) (map[string]any, error) {
	m := map[string]any{}
	if s == "" {
		return m, nil
	}
	d := json.NewDecoder(bytesReader(s))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

func (v submissionView) toSubmission() (Submission, error) {
	r := v.Row
	out := Submission{ID: r.ID, OrgID: r.OrgID, OrgCode: v.OrgCode, OrgName: v.OrgName, OrgPath: v.OrgPath, TownID: v.TownID,
		FormCode: r.FormCode, FormVersion: r.FormVersion, Period: r.Period, Status: Status(r.Status),
		ReviewLevel: vocab.ReviewLevel(r.ReviewLevel), ReviewChain: parseChain(r.ReviewChain), Version: r.Version, SubmittedAt: r.SubmittedAt, ApprovedAt: r.ApprovedAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	var err error
	if out.Values, err = decodeMap(r.Data); err != nil {
		return out, fmt.Errorf("submission %d values: %w", r.ID, err)
	}
	if out.Computed, err = decodeMap(r.Computed); err != nil {
		return out, fmt.Errorf("submission %d computed: %w", r.ID, err)
	}
	if r.Warnings != "" {
		if err := json.Unmarshal([]byte(r.Warnings), &out.Warnings); err != nil {
			return out, err
		}
	}
	if r.Comments != "" {
		out.Comments = &Comments{}
		if err := json.Unmarshal([]byte(r.Comments), out.Comments); err != nil {
			return out, err
		}
	}
	return out, nil
}

const viewColumns = "submissions.*, orgs.code AS org_code, orgs.name AS org_name, orgs.path AS org_path, orgs.town_id AS town_id"

func (s *Store) view(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Table("submissions").Joins("JOIN orgs ON orgs.id = submissions.org_id")
}

func (s *Store) take(q *gorm.DB) (Submission, error) {
	var v submissionView
	if err := q.Select(viewColumns).Take(&v).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return Submission{}, errs.ErrNotFound
		}
		return Submission{}, err
	}
	return v.toSubmission()
}

func (s *Store) count(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&submissionRow{}).Count(&n).Error
	return n, err
}

// Get returns a submission whose org lies in sc.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Submission, error) {
	return s.take(database.InScope(s.view(ctx), "orgs.path", sc).Where("submissions.id = ?", id))
}

// ByKey returns the org's submission for a form and period, without scope (the caller has
// already checked the org).
func (s *Store) ByKey(ctx context.Context, orgID int64, formCode, period string) (Submission, error) {
	return s.take(s.view(ctx).Where("submissions.org_id = ? AND submissions.form_code = ? AND submissions.period = ?", orgID, formCode, period))
}

// Create inserts a draft; when another request created it first, the existing one wins.
func (s *Store) Create(ctx context.Context, orgID int64, formCode string, formVersion int, period string, actor int64, now time.Time) (Submission, bool, error) {
	r := submissionRow{OrgID: orgID, FormCode: formCode, FormVersion: formVersion, Period: period,
		Status: string(StatusDraft), Version: 1, Data: "{}", Computed: "{}", UpdatedBy: &actor, CreatedAt: now, UpdatedAt: now}
	r0 := r
	err := s.Tx(ctx, func(st *Store) error {
		r = r0 // a retried transaction inserts afresh
		if err := st.db.Create(&r).Error; err != nil {
			return err
		}
		return st.db.Create(&revisionRow{SubmissionID: r.ID, Version: 1, Action: "create", ToStatus: string(StatusDraft),
			ActorID: actor, At: now, Diff: "{}"}).Error
	})
	if database.IsUniqueViolation(err) {
		sub, gerr := s.ByKey(ctx, orgID, formCode, period)
		return sub, false, gerr
	}
	if err != nil {
		return Submission{}, false, err
	}
	sub, err := s.ByKey(ctx, orgID, formCode, period)
	return sub, true, err
}

// Change is the new state a transition writes.
type change struct {
	Status      Status
	Level       vocab.ReviewLevel   // the level a submitted one waits at; "" otherwise
	Chain       []vocab.ReviewLevel // set on submit: the levels it climbs; nil leaves it alone
	FormVersion int                 // 0 leaves the pinned form version alone
	Values      map[string]any      // nil leaves values alone
	Computed    map[string]any
	Warnings    []form.Issue
	Comments    *Comments // nil leaves comments alone
	ClearComm   bool
	SubmittedAt *time.Time
	ApprovedAt  *time.Time
	ClearApprov bool
}

// update writes ch if the row is still at version from, bumping the version. Zero rows
// updated means someone else changed it first: ErrConflict.
func (s *Store) update(id int64, from int, actor int64, now time.Time, ch change) error {
	set := map[string]any{"status": string(ch.Status), "review_level": string(ch.Level), "version": from + 1,
		"updated_by": actor, "updated_at": now}
	if ch.FormVersion != 0 {
		set["form_version"] = ch.FormVersion
	}
	if ch.Chain != nil {
		set["review_chain"] = formatChain(ch.Chain)
	}
	if ch.Values != nil {
		b, err := json.Marshal(ch.Values)
		if err != nil {
			return err
		}
		set["data"] = string(b)
	}
	if ch.Computed != nil {
		b, err := json.Marshal(ch.Computed)
		if err != nil {
			return err
		}
		set["computed"] = string(b)
	}
	if ch.Warnings != nil {
		b, err := json.Marshal(ch.Warnings)
		if err != nil {
			return err
		}
		set["warnings"] = string(b)
	}
	if ch.Comments != nil {
		b, err := json.Marshal(ch.Comments)
		if err != nil {
			return err
		}
		set["comments"] = string(b)
	} else if ch.ClearComm {
		set["comments"] = ""
	}
	if ch.SubmittedAt != nil {
		set["submitted_at"] = *ch.SubmittedAt
	}
	if ch.ApprovedAt != nil {
		set["approved_at"] = *ch.ApprovedAt
	} else if ch.ClearApprov {
		set["approved_at"] = nil
	}
	res := s.db.Model(&submissionRow{}).Where("id = ? AND version = ?", id, from).Updates(set)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errs.ErrConflict
	}
	return nil
}

func (s *Store) addRevision(r revisionRow) error { return s.db.Create(&r).Error }

// ownFactIDs returns the ids of the org's facts for a form and period, locked (on MySQL through
// the unique key, so record locks on exactly these rows): the writes that follow go by primary
// key, so a transaction never scans, or waits on, another org's facts, whatever plan the
// optimizer would have chosen for a small table.
func (s *Store) ownFactIDs(orgID int64, formCode, period string) ([]int64, error) {
	rows, err := s.ownFacts(orgID, formCode, period)
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids, err
}

// ownFact is one stored fact as a rewrite compares it.
type ownFact struct {
	ID    int64
	Field string
	Text  string
	NumE4 *int64
}

// ownFacts is ownFactIDs with the key and value of each row.
func (s *Store) ownFacts(orgID int64, formCode, period string) ([]ownFact, error) {
	q := s.db.Table("facts")
	if s.db.Dialector.Name() == "mysql" {
		q = s.db.Table("facts FORCE INDEX (ux_fact)")
	}
	var out []ownFact
	err := q.Select("id, field, text, num_e4").Where("org_id = ? AND form_code = ? AND period = ?", orgID, formCode, period).
		Clauses(clause.Locking{Strength: "UPDATE"}).Order("id").Scan(&out).Error
	return out, err
}

// replaceFacts rewrites the org's facts for a form and period.
//
// The read models go first (the hook locks their groups), the facts after: a writer touches, and
// locks, its facts only once it holds everything a concurrent writer of the same groups could
// need, so they never wait on each other in opposite orders.
//
// The facts carry the submission's status; the read models also the level a submitted one waits
// at (vocab.FactStatus), so the rollup can total what each level has passed.
func (s *Store) replaceFacts(orgID int64, formCode, period string, facts []form.Fact, status Status, level vocab.ReviewLevel, now time.Time) error {
	if s.hook != nil {
		if err := s.hook.Replace(s.db, orgID, formCode, period, vocab.FactStatus(status, level), facts, now); err != nil {
			return err
		}
	}
	have, err := s.ownFacts(orgID, formCode, period)
	if err != nil {
		return err
	}
	// In place: a fact kept (same field and text) keeps its row, a changed number is updated by
	// id, and only new keys are inserted and gone ones deleted. Deleting and re-inserting the same
	// unique keys would make every insert check for duplicates against the deleted rows (next-key
	// locks even at READ COMMITTED; duplicate-key errors under Galera's parallel applying).
	type key struct{ field, text string }
	byKey := make(map[key]ownFact, len(have))
	for _, f := range have {
		byKey[key{f.Field, f.Text}] = f
	}
	var keep []int64
	var add []factRow
	for _, r := range appendFactRows(nil, orgID, formCode, period, facts, status, now) {
		f, ok := byKey[key{r.Field, r.Text}]
		if !ok {
			add = append(add, r)
			continue
		}
		delete(byKey, key{r.Field, r.Text})
		keep = append(keep, f.ID)
		if !sameNum(f.NumE4, r.NumE4) {
			if err := s.db.Model(&factRow{}).Where("id = ?", f.ID).Update("num_e4", r.NumE4).Error; err != nil {
				return err
			}
		}
	}
	if len(keep) > 0 {
		if err := s.db.Model(&factRow{}).Where("id IN ?", keep).Updates(map[string]any{"status": string(status), "at": now}).Error; err != nil {
			return err
		}
	}
	if len(byKey) > 0 {
		drop := make([]int64, 0, len(byKey))
		for _, f := range have { // in id order
			if _, gone := byKey[key{f.Field, f.Text}]; gone {
				drop = append(drop, f.ID)
			}
		}
		if err := s.db.Where("id IN ?", drop).Delete(&factRow{}).Error; err != nil {
			return err
		}
	}
	if len(add) == 0 {
		return nil
	}
	return s.db.CreateInBatches(add, 200).Error
}

func sameNum(a, b *int64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// appendFactRows appends an org's facts as rows, numbers scaled by 10^4 to exact integers.
func appendFactRows(rows []factRow, orgID int64, formCode, period string, facts []form.Fact, status Status, now time.Time) []factRow {
	for _, f := range facts {
		r := factRow{OrgID: orgID, FormCode: formCode, Period: period, Field: f.Field, Text: f.Text, Status: string(status), At: now}
		if f.Num != nil {
			n := f.Num.Shift(4).Round(0).IntPart()
			r.NumE4 = &n
		}
		rows = append(rows, r)
	}
	return rows
}

// setFactStatus moves the org's facts for a form and period to status.
// Like replaceFacts, the read models (and their locks) go first.
func (s *Store) setFactStatus(orgID int64, formCode, period string, status Status, level vocab.ReviewLevel, now time.Time) error {
	if s.hook != nil {
		if err := s.hook.SetStatus(s.db, orgID, formCode, period, vocab.FactStatus(status, level), now); err != nil {
			return err
		}
	}
	ids, err := s.ownFactIDs(orgID, formCode, period)
	if err != nil || len(ids) == 0 {
		return err
	}
	return s.db.Model(&factRow{}).Where("id IN ?", ids).Updates(map[string]any{"status": string(status), "at": now}).Error
}

// recordAudit writes an audit entry inside this store's transaction.
func (s *Store) recordAudit(ctx context.Context, log *audit.Log, e audit.Entry) error {
	return log.Record(ctx, s.db, e)
}

// awaiting keeps the submitted submissions waiting at one of seats' own levels: those of a
// one-step campaign in a seat's subtree, and those waiting at exactly a seat's level below it (a
// reviewer's own queue; what waits lower, which a level above may also act on, stays in the
// lower level's queue).
func awaiting(q *gorm.DB, seats []Seat) *gorm.DB {
	if len(seats) == 0 {
		return q.Where("1 = 0")
	}
	var conds []string
	var args []any
	for _, st := range seats {
		like := database.EscapeLike(st.Path) + "%"
		conds = append(conds, "(submissions.review_level = '' AND orgs.path LIKE ?)")
		args = append(args, like)
		switch {
		case st.Level == vocab.LevelDistrict:
			conds = append(conds, "(submissions.review_level = ? AND orgs.path LIKE ?)")
			args = append(args, string(st.Level), like)
		case st.Level != "":
			conds = append(conds, "(submissions.review_level = ? AND orgs.path LIKE ? AND orgs.path <> ?)")
			args = append(args, string(st.Level), like, st.Path)
		}
	}
	return q.Where("submissions.status = ?", string(StatusSubmitted)).Where("("+strings.Join(conds, " OR ")+")", args...)
}

// Queue returns a page of submissions in sc matching f, those with year-over-year warnings first,
// then oldest submitted first.
func (s *Store) Queue(ctx context.Context, sc scope.Scope, f QueueFilter) ([]Submission, int64, error) {
	filter := func() *gorm.DB {
		q := database.InScope(s.view(ctx), "orgs.path", sc)
		if f.FormCode != "" {
			q = q.Where("submissions.form_code = ?", f.FormCode)
		}
		if f.Period != "" {
			q = q.Where("submissions.period = ?", f.Period)
		}
		if f.Status != "" {
			q = q.Where("submissions.status = ?", string(f.Status))
		}
		if f.TownID != nil {
			q = q.Where("orgs.town_id = ?", *f.TownID)
		}
		if f.Level != "" {
			q = q.Where("submissions.status = ? AND submissions.review_level = ?", string(StatusSubmitted), string(f.Level))
		}
		if f.Awaiting != nil {
			q = awaiting(q, f.Awaiting)
		}
		return q
	}
	q := filter()
	if f.OrgID != nil {
		var root struct{ Path string }
		if err := database.InScope(s.db.WithContext(ctx).Table("orgs"), "path", sc).Select("path").
			Where("id = ?", *f.OrgID).Take(&root).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return []Submission{}, 0, nil
			}
			return nil, 0, err
		}
		q = q.Where("orgs.path LIKE ?", database.EscapeLike(root.Path)+"%")
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var vs []submissionView
	// Oldest submitted first; drafts (no submitted_at) after, by id.
	if err := q.Select(viewColumns).Order("CASE WHEN submissions.submitted_at IS NULL THEN 1 ELSE 0 END").
		Order(yoyFirst). // carry.go: year-over-year warnings first
		Order("submissions.submitted_at").Order("submissions.id").
		Offset((f.Page - 1) * f.PageSize).Limit(f.PageSize).Find(&vs).Error; err != nil {
		return nil, 0, err
	}
	out := make([]Submission, 0, len(vs))
	for _, v := range vs {
		sub, err := v.toSubmission()
		if err != nil {
			return nil, 0, err
		}
		out = append(out, sub)
	}
	return out, total, nil
}

// Revisions returns a submission's revisions, oldest first, with actor names.
func (s *Store) Revisions(ctx context.Context, id int64) ([]Revision, error) {
	var rows []struct {
		Rev       revisionRow `gorm:"embedded"`
		ActorName string
	}
	if err := s.db.WithContext(ctx).Table("submission_revisions").
		Select("submission_revisions.*, users.display_name AS actor_name").
		Joins("LEFT JOIN users ON users.id = submission_revisions.actor_id").
		Where("submission_revisions.submission_id = ?", id).
		// By version first: on TiDB ids only grow per server, versions grow per submission.
		Order("submission_revisions.version").Order("submission_revisions.id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]Revision, 0, len(rows))
	for _, r := range rows {
		rv := Revision{ID: r.Rev.ID, Version: r.Rev.Version, Action: r.Rev.Action, FromStatus: Status(r.Rev.FromStatus),
			ToStatus: Status(r.Rev.ToStatus), Level: vocab.ReviewLevel(r.Rev.Level), ToLevel: vocab.ReviewLevel(r.Rev.ToLevel), ActorID: r.Rev.ActorID, ActorName: r.ActorName, At: r.Rev.At, Comment: r.Rev.Comment}
		if r.Rev.Diff != "" {
			if err := json.Unmarshal([]byte(r.Rev.Diff), &rv.Diff); err != nil {
				return nil, err
			}
		}
		if r.Rev.FieldComments != "" {
			if err := json.Unmarshal([]byte(r.Rev.FieldComments), &rv.FieldComments); err != nil {
				return nil, fmt.Errorf("field comments of revision %d: %w", r.Rev.ID, err)
			}
		}
		out = append(out, rv)
	}
	return out, nil
}

// createAttachment records an uploaded file.
func (s *Store) createAttachment(ctx context.Context, a Attachment, actor int64, now time.Time) error {
	return s.db.WithContext(ctx).Create(&attachmentRow{PublicID: a.ID, SubmissionID: a.SubmissionID, Field: a.Field,
		Name: a.Name, ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256, CreatedBy: actor, CreatedAt: now}).Error
}

// attachment returns an attachment whose submission's org lies in sc.
func (s *Store) attachment(ctx context.Context, sc scope.Scope, publicID string) (Attachment, error) {
	var r attachmentRow
	err := database.InScope(s.db.WithContext(ctx).Table("attachments").Select("attachments.*").
		Joins("JOIN submissions ON submissions.id = attachments.submission_id").
		Joins("JOIN orgs ON orgs.id = submissions.org_id"), "orgs.path", sc).
		Where("attachments.public_id = ?", publicID).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Attachment{}, errs.ErrNotFound
	}
	return Attachment{ID: r.PublicID, Name: r.Name, Size: r.Size, ContentType: r.ContentType, SubmissionID: r.SubmissionID,
		Field: r.Field, SHA256: r.SHA256}, err
}

// parseChain reads a stored chain of review levels ("town,district"); empty is one step.
func parseChain(s string) []vocab.ReviewLevel {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]vocab.ReviewLevel, len(parts))
	for i, p := range parts {
		out[i] = vocab.ReviewLevel(p)
	}
	return out
}

func formatChain(ls []vocab.ReviewLevel) string { return strings.Join(vocab.Strings(ls), ",") }
