package supervision

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Store is the only code that touches the notice tables.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

type noticeRow struct {
	ID             int64 `gorm:"primaryKey"`
	OrgID          int64
	OrgPath        string
	MeasureNumber  *int
	Reason         string
	Subject        string
	Title          string
	RequiredAction string
	Deadline       time.Time
	Level          string
	Status         string
	Version        int
	IssuedBy       int64
	Demo           bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
	ClosedAt       *time.Time
}

func (noticeRow) TableName() string { return "notices" }

type eventRow struct {
	ID       int64 `gorm:"primaryKey"`
	NoticeID int64
	Kind     string
	ActorID  int64
	Level    string
	Text     string
	Evidence string
	Deadline *time.Time
	At       time.Time
}

func (eventRow) TableName() string { return "notice_events" }

// noticeView is a notice with its org joined.
type noticeView struct {
	ID             int64
	OrgID          int64
	OrgPath        string
	MeasureNumber  *int
	Reason         string
	Subject        string
	Title          string
	RequiredAction string
	Deadline       time.Time
	Level          string
	Status         string
	Version        int
	IssuedBy       int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	ClosedAt       *time.Time
	OrgCode        string
	OrgName        string
}

func (v noticeView) toNotice() Notice {
	r := v
	return Notice{ID: r.ID, OrgID: r.OrgID, OrgCode: v.OrgCode, OrgName: v.OrgName, OrgPath: r.OrgPath, MeasureNumber: r.MeasureNumber,
		Reason: r.Reason, Subject: r.Subject, Title: r.Title, RequiredAction: r.RequiredAction, Deadline: r.Deadline.UTC(),
		Level: Level(r.Level), Status: Status(r.Status), Version: r.Version, IssuedBy: r.IssuedBy, CreatedAt: r.CreatedAt.UTC(),
		UpdatedAt: r.UpdatedAt.UTC(), ClosedAt: r.ClosedAt}
}

// Tx runs fn with a Store bound to one transaction, with the transaction for the audit row.
func (s *Store) Tx(ctx context.Context, fn func(st *Store, tx *gorm.DB) error) error {
	return database.Tx(ctx, s.db, func(tx *gorm.DB) error { return fn(&Store{db: tx}, tx) })
}

// visible restricts q to the notices a viewer sees: those of orgs in sc, and circulated ones
// too when circulated is set.
func (s *Store) visible(q *gorm.DB, sc scope.Scope, circulated bool) *gorm.DB {
	in := database.InScope(s.db.Session(&gorm.Session{NewDB: true}), "notices.org_path", sc)
	if circulated {
		in = in.Or("notices.level = ?", string(vocab.NoticeCirculate))
	}
	return q.Where(in)
}

func (s *Store) view(ctx context.Context) *gorm.DB {
	return org.JoinOrg(s.db.WithContext(ctx).Table("notices"), "notices.org_id").
		Select("notices.*, orgs.code AS org_code, orgs.name AS org_name")
}

// get returns a notice the viewer sees; ErrNotFound otherwise.
func (s *Store) get(ctx context.Context, sc scope.Scope, circulated bool, id int64) (Notice, error) {
	var v noticeView
	err := s.visible(s.view(ctx), sc, circulated).Where("notices.id = ?", id).Take(&v).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Notice{}, errs.ErrNotFound
	}
	if err != nil {
		return Notice{}, fmt.Errorf("read notice %d: %w", id, err)
	}
	return v.toNotice(), nil
}

// list returns a page of the notices the viewer sees, newest first, and how many there are.
func (s *Store) list(ctx context.Context, sc scope.Scope, circulated bool, f Filter) ([]Notice, int64, error) {
	q := s.visible(s.view(ctx), sc, circulated)
	if f.Status != "" {
		q = q.Where("notices.status = ?", f.Status)
	}
	if f.Level != "" {
		q = q.Where("notices.level = ?", f.Level)
	}
	if f.Active {
		q = q.Where("notices.status <> ?", string(vocab.NoticeClosed))
	}
	if f.OrgID != 0 {
		q = q.Where("notices.org_id = ?", f.OrgID)
	}
	if f.Measure != 0 {
		q = q.Where("notices.measure_number = ?", f.Measure)
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count notices: %w", err)
	}
	var vs []noticeView
	if err := q.Order("notices.updated_at DESC, notices.id DESC").Offset((f.Page - 1) * f.PageSize).Limit(f.PageSize).
		Find(&vs).Error; err != nil {
		return nil, 0, fmt.Errorf("list notices: %w", err)
	}
	out := make([]Notice, len(vs))
	for i, v := range vs {
		out[i] = v.toNotice()
	}
	return out, total, nil
}

// create stores a new notice and returns its id.
func (s *Store) create(ctx context.Context, n Notice) (int64, error) {
	r := noticeRow{OrgID: n.OrgID, OrgPath: n.OrgPath, MeasureNumber: n.MeasureNumber, Reason: n.Reason, Subject: n.Subject,
		Title: n.Title, RequiredAction: n.RequiredAction, Deadline: n.Deadline, Level: string(n.Level), Status: string(n.Status),
		Version: 1, IssuedBy: n.IssuedBy, CreatedAt: n.CreatedAt, UpdatedAt: n.CreatedAt}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return 0, fmt.Errorf("store notice: %w", err)
	}
	return r.ID, nil
}

// update moves a notice on from version; 0 rows updated is a conflict.
func (s *Store) update(ctx context.Context, id int64, version int, set map[string]any) error {
	set["version"] = version + 1
	res := s.db.WithContext(ctx).Model(&noticeRow{}).Where("id = ? AND version = ?", id, version).Updates(set)
	if res.Error != nil {
		return fmt.Errorf("update notice %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return errs.Coded(errs.ErrConflict, "stale_version", "the notice changed meanwhile; read it again")
	}
	return nil
}

// addEvent records one step.
func (s *Store) addEvent(ctx context.Context, noticeID int64, e Event) error {
	ev, err := json.Marshal(e.Evidence)
	if err != nil {
		return err
	}
	if e.Evidence == nil {
		ev = []byte("[]")
	}
	r := eventRow{NoticeID: noticeID, Kind: e.Kind, ActorID: e.ActorID, Level: string(e.Level), Text: e.Text, Evidence: string(ev),
		Deadline: e.Deadline, At: e.At}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return fmt.Errorf("store notice event: %w", err)
	}
	return nil
}

// events returns a notice's steps, oldest first.
func (s *Store) events(ctx context.Context, id int64) ([]Event, error) {
	var rows []eventRow
	if err := s.db.WithContext(ctx).Where("notice_id = ?", id).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list notice events: %w", err)
	}
	out := make([]Event, len(rows))
	for i, r := range rows {
		out[i] = Event{ID: r.ID, Kind: r.Kind, ActorID: r.ActorID, Level: Level(r.Level), Text: r.Text, Deadline: r.Deadline, At: r.At.UTC()}
		if err := json.Unmarshal([]byte(r.Evidence), &out[i].Evidence); err != nil {
			return nil, fmt.Errorf("read notice evidence: %w", err)
		}
	}
	return out, nil
}

// counts returns, per org in sc with notices not closed, how many are not closed and how many
// of those the unit still owes past the deadline at now.
func (s *Store) counts(ctx context.Context, sc scope.Scope, now time.Time) ([]OrgCount, error) {
	var rows []OrgCount
	q := org.JoinOrg(s.db.WithContext(ctx).Table("notices"), "notices.org_id")
	err := database.InScope(q, "notices.org_path", sc).Where("notices.status <> ?", string(vocab.NoticeClosed)).
		Select("notices.org_id, orgs.code AS org_code, orgs.name AS org_name, COUNT(*) AS open, "+
			"SUM(CASE WHEN notices.status = ? AND notices.deadline < ? THEN 1 ELSE 0 END) AS overdue", string(vocab.NoticeOpen), now).
		Group("notices.org_id, orgs.code, orgs.name").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("count open notices: %w", err)
	}
	return rows, nil
}

// markDemo marks notices as demo data, for demo purge.
func (s *Store) markDemo(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return s.db.WithContext(ctx).Model(&noticeRow{}).Where("id IN ?", ids).Update("demo", true).Error
}

// purgeDemo deletes the demo notices, those issued by or to the given users' and orgs, and their
// events; it returns how many notices went.
func (s *Store) purgeDemo(ctx context.Context, userIDs, orgIDs []int64) (int64, error) {
	q := s.db.WithContext(ctx).Model(&noticeRow{}).Where("demo = ?", true)
	if len(userIDs) > 0 {
		q = q.Or("issued_by IN ?", userIDs)
	}
	if len(orgIDs) > 0 {
		q = q.Or("org_id IN ?", orgIDs)
	}
	var ids []int64
	if err := q.Pluck("id", &ids).Error; err != nil {
		return 0, fmt.Errorf("find demo notices: %w", err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	if err := s.db.WithContext(ctx).Where("notice_id IN ?", ids).Delete(&eventRow{}).Error; err != nil {
		return 0, fmt.Errorf("delete demo notice events: %w", err)
	}
	res := s.db.WithContext(ctx).Where("id IN ?", ids).Delete(&noticeRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("delete demo notices: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// byMeasure counts, per measure, the notices in sc not closed.
func (s *Store) byMeasure(ctx context.Context, sc scope.Scope) (map[int]int, error) {
	var rows []struct {
		MeasureNumber int
		N             int
	}
	q := s.db.WithContext(ctx).Table("notices")
	if err := database.InScope(q, "notices.org_path", sc).Where("notices.status <> ? AND notices.measure_number IS NOT NULL",
		string(vocab.NoticeClosed)).Select("notices.measure_number, COUNT(*) AS n").Group("notices.measure_number").
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("count notices by measure: %w", err)
	}
	out := make(map[int]int, len(rows))
	for _, r := range rows {
		out[r.MeasureNumber] = r.N
	}
	return out, nil
}
