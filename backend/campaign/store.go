package campaign

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Store is the only code that touches campaigns and tasks.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

type campaignRow struct {
	ID          int64 `gorm:"primaryKey"`
	FormCode    string
	FormVersion int
	Period      string
	Title       string
	Deadline    time.Time
	RootOrgID   int64
	RootPath    string
	OrgTypes    string
	// ReviewLevels is a JSON list of level names, bottom-up.
	ReviewLevels string
	CreatedBy    int64
	CreatedAt    time.Time
}

func (campaignRow) TableName() string { return "campaigns" }

type taskRow struct {
	ID         int64 `gorm:"primaryKey"`
	CampaignID int64
	OrgID      int64
	Deadline   time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (taskRow) TableName() string { return "tasks" }

type campaignView struct {
	Row       campaignRow `gorm:"embedded"`
	TaskCount int64
}

func (v campaignView) toCampaign() Campaign {
	r := v.Row
	var types []string
	if r.OrgTypes != "" {
		types = strings.Split(r.OrgTypes, ",")
	}
	return Campaign{ID: r.ID, FormCode: r.FormCode, FormVersion: r.FormVersion, Period: r.Period, Title: r.Title,
		Deadline: r.Deadline, RootOrgID: r.RootOrgID, RootPath: r.RootPath, OrgTypes: types,
		ReviewLevels: parseLevels(r.ReviewLevels), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, TaskCount: v.TaskCount}
}

// parseLevels reads a stored level list; empty (or unreadable) is one step by any reviewer.
func parseLevels(s string) []vocab.ReviewLevel {
	var names []vocab.ReviewLevel
	if err := json.Unmarshal([]byte(s), &names); err != nil {
		return []vocab.ReviewLevel{}
	}
	return names
}

func formatLevels(ls []vocab.ReviewLevel) string {
	if ls == nil {
		ls = []vocab.ReviewLevel{}
	}
	b, _ := json.Marshal(ls)
	return string(b)
}

// Create inserts the campaign and one task for each active org under rootPath that lies in sc
// and has one of types; it returns the campaign with its task count.
func (s *Store) Create(ctx context.Context, c Campaign, sc scope.Scope, now time.Time) (Campaign, error) {
	var out Campaign
	err := database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		r := campaignRow{FormCode: c.FormCode, FormVersion: c.FormVersion, Period: c.Period, Title: c.Title,
			Deadline: c.Deadline, RootOrgID: c.RootOrgID, RootPath: c.RootPath, OrgTypes: strings.Join(c.OrgTypes, ","),
			ReviewLevels: formatLevels(c.ReviewLevels), CreatedBy: c.CreatedBy, CreatedAt: now}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		c.ID = r.ID
		n, err := addTasks(tx, c, sc, now)
		if err == nil && n == 0 {
			err = errNoTargets
		}
		out = campaignView{Row: r, TaskCount: n}.toCampaign()
		return err
	})
	if database.IsUniqueViolation(err) {
		return Campaign{}, errs.ErrConflict
	}
	return out, err
}

var errNoTargets = errs.Invalid("org_id", "no_targets",
	"no org of these types here still needs a task for this form and period")

// addTasks gives a task to every active org under the campaign's root, in sc, of its org types,
// that does not have one yet; it returns how many it added.
func addTasks(tx *gorm.DB, c Campaign, sc scope.Scope, now time.Time) (int64, error) {
	var ids []int64
	// An org already asked for this form and period, by this campaign or another, gets no
	// second task and deadline for the same data.
	have := tx.Session(&gorm.Session{NewDB: true}).Table("tasks").Select("tasks.org_id").
		Joins("JOIN campaigns ON campaigns.id = tasks.campaign_id").
		Where("campaigns.form_code = ? AND campaigns.period = ?", c.FormCode, c.Period)
	q := database.InScope(tx.Session(&gorm.Session{NewDB: true}).Table("orgs"), "path", sc).
		Where("path LIKE ? AND active = ? AND type IN ?", database.EscapeLike(c.RootPath)+"%", true, c.OrgTypes).
		Where("id NOT IN (?)", have)
	if err := q.Order("id").Pluck("id", &ids).Error; err != nil {
		return 0, err
	}
	tasks := make([]taskRow, len(ids))
	for i, id := range ids {
		tasks[i] = taskRow{CampaignID: c.ID, OrgID: id, Deadline: c.Deadline, CreatedAt: now, UpdatedAt: now}
	}
	if len(tasks) > 0 {
		if err := tx.CreateInBatches(tasks, 500).Error; err != nil {
			return 0, err
		}
	}
	return int64(len(tasks)), refreshTaskTotals(tx, c.FormCode, c.Period)
}

// taskTotalsSQL recounts the orgs with a task per form, period, org type and town (for the
// forms and periods its WHERE picks); the district rollup reads these counts instead of joining
// every task.
const taskTotalsSQL = `INSERT INTO task_totals (form_code, period, org_type, town_id, orgs)
SELECT campaigns.form_code, campaigns.period, orgs.type, COALESCE(orgs.town_id, 0), COUNT(DISTINCT tasks.org_id)
FROM tasks JOIN campaigns ON campaigns.id = tasks.campaign_id JOIN orgs ON orgs.id = tasks.org_id
WHERE %s
GROUP BY campaigns.form_code, campaigns.period, orgs.type, COALESCE(orgs.town_id, 0)`

// refreshTaskTotals rewrites the task totals of one form and period.
func refreshTaskTotals(tx *gorm.DB, form, period string) error {
	if err := tx.Exec("DELETE FROM task_totals WHERE form_code = ? AND period = ?", form, period).Error; err != nil {
		return err
	}
	return tx.Exec(fmt.Sprintf(taskTotalsSQL, "campaigns.form_code = ? AND campaigns.period = ?"), form, period).Error
}

// AddTasks brings a campaign's tasks up to date with the org tree (orgs added since it opened).
func (s *Store) AddTasks(ctx context.Context, c Campaign, sc scope.Scope, now time.Time) (int64, error) {
	var n int64
	err := database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		var err error
		n, err = addTasks(tx, c, sc, now)
		return err
	})
	return n, err
}

// visible restricts campaigns to those with at least one task in sc.
func visible(q *gorm.DB, sc scope.Scope) *gorm.DB {
	sub := database.InScope(q.Session(&gorm.Session{NewDB: true}).Table("tasks").Select("1").
		Joins("JOIN orgs ON orgs.id = tasks.org_id").Where("tasks.campaign_id = campaigns.id"), "orgs.path", sc)
	return q.Where("EXISTS (?)", sub)
}

func (s *Store) views(ctx context.Context, sc scope.Scope) *gorm.DB {
	count := database.InScope(s.db.WithContext(ctx).Table("tasks").Select("count(*)").
		Joins("JOIN orgs ON orgs.id = tasks.org_id").Where("tasks.campaign_id = campaigns.id"), "orgs.path", sc)
	return visible(s.db.WithContext(ctx).Table("campaigns"), sc).Select("campaigns.*, (?) AS task_count", count)
}

// Get returns a campaign visible in sc, counting only the tasks in sc.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Campaign, error) {
	var v campaignView
	if err := s.views(ctx, sc).Where("campaigns.id = ?", id).Take(&v).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return Campaign{}, errs.ErrNotFound
		}
		return Campaign{}, err
	}
	return v.toCampaign(), nil
}

// List returns a page of campaigns visible in sc, newest first.
func (s *Store) List(ctx context.Context, sc scope.Scope, formCode, period string, page, size int) ([]Campaign, int64, error) {
	filter := func(q *gorm.DB) *gorm.DB {
		if formCode != "" {
			q = q.Where("campaigns.form_code = ?", formCode)
		}
		if period != "" {
			q = q.Where("campaigns.period = ?", period)
		}
		return q
	}
	var total int64
	if err := filter(visible(s.db.WithContext(ctx).Table("campaigns"), sc)).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var vs []campaignView
	if err := filter(s.views(ctx, sc)).Order("campaigns.id DESC").Offset((page - 1) * size).Limit(size).Find(&vs).Error; err != nil {
		return nil, 0, err
	}
	out := make([]Campaign, len(vs))
	for i, v := range vs {
		out[i] = v.toCampaign()
	}
	return out, total, nil
}

type taskView struct {
	ID           int64
	CampaignID   int64
	FormCode     string
	FormVersion  int
	Period       string
	OrgID        int64
	OrgCode      string
	OrgName      string
	OrgType      string
	TownID       *int64
	Deadline     time.Time
	SubmissionID *int64
	Status       *string
	SubmittedAt  *time.Time
	ReviewLevels string
	ReviewLevel  *string
}

func (v taskView) toTask() Task {
	t := Task{ID: v.ID, CampaignID: v.CampaignID, FormCode: v.FormCode, FormVersion: v.FormVersion, Period: v.Period, OrgID: v.OrgID,
		OrgCode: v.OrgCode, OrgName: v.OrgName, OrgType: v.OrgType, TownID: v.TownID, Deadline: v.Deadline,
		SubmissionID: v.SubmissionID, Status: TaskNotStarted, SubmittedAt: v.SubmittedAt, ReviewLevels: parseLevels(v.ReviewLevels)}
	if v.ReviewLevel != nil {
		t.ReviewLevel = vocab.ReviewLevel(*v.ReviewLevel)
	}
	if v.Status != nil {
		t.Status = *v.Status
	}
	return t
}

const taskColumns = `tasks.id, tasks.campaign_id, campaigns.form_code, campaigns.form_version, campaigns.period, tasks.org_id,
orgs.code AS org_code, orgs.name AS org_name, orgs.type AS org_type, orgs.town_id, tasks.deadline,
submissions.id AS submission_id, submissions.status, submissions.submitted_at, campaigns.review_levels,
submissions.review_level`

func (s *Store) tasks(ctx context.Context, sc scope.Scope) *gorm.DB {
	return database.InScope(s.db.WithContext(ctx).Table("tasks").
		Joins("JOIN campaigns ON campaigns.id = tasks.campaign_id").
		Joins("JOIN orgs ON orgs.id = tasks.org_id").
		Joins("LEFT JOIN submissions ON submissions.org_id = tasks.org_id AND submissions.form_code = campaigns.form_code AND submissions.period = campaigns.period"),
		"orgs.path", sc)
}

// Tasks returns a page of tasks of orgs in sc, earliest deadline first.
func (s *Store) Tasks(ctx context.Context, sc scope.Scope, f TaskFilter) ([]Task, int64, error) {
	filter := func(q *gorm.DB) *gorm.DB {
		if f.CampaignID != nil {
			q = q.Where("tasks.campaign_id = ?", *f.CampaignID)
		}
		switch f.Status {
		case "":
		case TaskNotStarted:
			q = q.Where("submissions.id IS NULL")
		default:
			q = q.Where("submissions.status = ?", f.Status)
		}
		return q
	}
	// The page carries the count of all matching tasks (a window function, SQLite ≥ 3.25 and
	// MariaDB ≥ 10.2): one statement, not a count and a page.
	var vs []struct {
		View      taskView `gorm:"embedded"`
		TotalRows int64
	}
	if err := filter(s.tasks(ctx, sc)).Select(taskColumns + ", COUNT(*) OVER () AS total_rows").
		Order("tasks.deadline, tasks.id").Offset((f.Page - 1) * f.PageSize).Limit(f.PageSize).Find(&vs).Error; err != nil {
		return nil, 0, err
	}
	var total int64
	if len(vs) > 0 {
		total = vs[0].TotalRows
	} else if f.Page > 1 {
		// Past the last page the window has no row to ride on: count alone.
		if err := filter(s.tasks(ctx, sc)).Count(&total).Error; err != nil {
			return nil, 0, err
		}
	}
	out := make([]Task, len(vs))
	for i, v := range vs {
		out[i] = v.View.toTask()
	}
	return out, total, nil
}

// TaskFor returns the org's task for a form and period: the one with the latest deadline when
// several campaigns ask for the same data.
func (s *Store) TaskFor(ctx context.Context, orgID int64, formCode, period string) (Task, error) {
	var v taskView
	err := s.db.WithContext(ctx).Table("tasks").Select(taskColumns).
		Joins("JOIN campaigns ON campaigns.id = tasks.campaign_id").
		Joins("JOIN orgs ON orgs.id = tasks.org_id").
		Joins("LEFT JOIN submissions ON submissions.org_id = tasks.org_id AND submissions.form_code = campaigns.form_code AND submissions.period = campaigns.period").
		Where("tasks.org_id = ? AND campaigns.form_code = ? AND campaigns.period = ?", orgID, formCode, period).
		Order("tasks.deadline DESC").Take(&v).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Task{}, errs.ErrNotFound
	}
	return v.toTask(), err
}

// Extend moves one org's task deadline.
func (s *Store) Extend(ctx context.Context, campaignID, orgID int64, deadline, now time.Time) error {
	res := s.db.WithContext(ctx).Model(&taskRow{}).Where("campaign_id = ? AND org_id = ?", campaignID, orgID).
		Updates(map[string]any{"deadline": deadline, "updated_at": now})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		// MySQL counts changed rows, not matched ones: setting the deadline a task already has
		// changes nothing, yet the task exists.
		var n int64
		if err := s.db.WithContext(ctx).Model(&taskRow{}).Where("campaign_id = ? AND org_id = ?", campaignID, orgID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return errs.ErrNotFound
		}
	}
	return nil
}

// handedIn and notHandedIn are the submission statuses of an org that has handed its data in and
// of one that still owes it.
var handedIn, notHandedIn = vocab.Strings(vocab.HandedIn), vocab.Strings(vocab.NotHandedIn)

// StatusCount is the number of a campaign's tasks in one town with one submission status.
type StatusCount struct {
	TownID  int64
	Status  string
	Level   string // the level a submitted one waits at
	N       int64
	OnTime  int64
	Overdue int64
}

// Completeness counts a campaign's tasks in sc by town and submission status.
func (s *Store) Completeness(ctx context.Context, sc scope.Scope, campaignID int64, now time.Time) ([]StatusCount, error) {
	var out []StatusCount
	err := s.tasks(ctx, sc).Where("tasks.campaign_id = ?", campaignID).
		Select(`COALESCE(orgs.town_id, 0) AS town_id, COALESCE(submissions.status, ?) AS status,
COALESCE(submissions.review_level, '') AS level, COUNT(*) AS n,
SUM(CASE WHEN submissions.status IN ? AND submissions.submitted_at <= tasks.deadline THEN 1 ELSE 0 END) AS on_time,
SUM(CASE WHEN (submissions.status IS NULL OR submissions.status IN ?) AND tasks.deadline < ? THEN 1 ELSE 0 END) AS overdue`,
			TaskNotStarted, handedIn, notHandedIn, now).
		Group("COALESCE(orgs.town_id, 0), COALESCE(submissions.status, '" + TaskNotStarted + "'), COALESCE(submissions.review_level, '')").
		Scan(&out).Error
	return out, err
}

// Missing lists the orgs of a campaign in sc that have not submitted (no submission, a draft
// or a returned one), by town then code, at most limit.
func (s *Store) Missing(ctx context.Context, sc scope.Scope, campaignID int64, limit int) ([]Task, error) {
	var vs []taskView
	err := s.tasks(ctx, sc).Where("tasks.campaign_id = ?", campaignID).
		Where("(submissions.id IS NULL OR submissions.status IN ?)", notHandedIn).
		Select(taskColumns).Order("orgs.town_id, orgs.code").Limit(limit).Find(&vs).Error
	out := make([]Task, len(vs))
	for i, v := range vs {
		out[i] = v.toTask()
	}
	return out, err
}

// refreshAllTaskTotals recounts every form and period's task totals (after orgs moved).
func (s *Store) refreshAllTaskTotals(ctx context.Context) error {
	return database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM task_totals").Error; err != nil {
			return err
		}
		return tx.Exec(fmt.Sprintf(taskTotalsSQL, "1 = 1")).Error
	})
}

// setReviewLevels stores a campaign's new review levels.
func (s *Store) setReviewLevels(ctx context.Context, id int64, levels []vocab.ReviewLevel) error {
	return s.db.WithContext(ctx).Model(&campaignRow{}).Where("id = ?", id).Update("review_levels", formatLevels(levels)).Error
}
