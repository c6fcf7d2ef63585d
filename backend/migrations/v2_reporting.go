package migrations

import (
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// Frozen as of version 2.
type v2Form struct {
	ID          int64  `gorm:"primaryKey"`
	Code        string `gorm:"size:64;not null;uniqueIndex:ux_form_code_version,priority:1"`
	Version     int    `gorm:"not null;uniqueIndex:ux_form_code_version,priority:2"`
	Title       string `gorm:"size:200;not null"`
	PeriodType  string `gorm:"size:16;not null"`
	PlanSection string `gorm:"size:64;not null;default:''"`
	Schema      string `gorm:"type:mediumtext;not null"`
	CreatedBy   *int64
	CreatedAt   time.Time
}

func (v2Form) TableName() string { return "forms" }

type v2Campaign struct {
	ID          int64     `gorm:"primaryKey"`
	FormCode    string    `gorm:"size:64;not null;index:ix_campaign_form_period,priority:1"`
	FormVersion int       `gorm:"not null"`
	Period      string    `gorm:"size:16;not null;index:ix_campaign_form_period,priority:2"`
	Title       string    `gorm:"size:200;not null"`
	Deadline    time.Time `gorm:"not null"`
	RootOrgID   int64     `gorm:"not null"`
	RootPath    string    `gorm:"size:255;not null;index"`
	OrgTypes    string    `gorm:"size:512;not null;default:''"`
	CreatedBy   int64     `gorm:"not null"`
	CreatedAt   time.Time
}

func (v2Campaign) TableName() string { return "campaigns" }

type v2Task struct {
	ID         int64      `gorm:"primaryKey"`
	CampaignID int64      `gorm:"not null;uniqueIndex:ux_task_campaign_org,priority:1"`
	Campaign   v2Campaign `gorm:"foreignKey:CampaignID;constraint:OnDelete:CASCADE"`
	OrgID      int64      `gorm:"not null;uniqueIndex:ux_task_campaign_org,priority:2;index"`
	Org        v1Org      `gorm:"foreignKey:OrgID;constraint:OnDelete:RESTRICT"`
	Deadline   time.Time  `gorm:"not null"`
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (v2Task) TableName() string { return "tasks" }

type v2Submission struct {
	ID          int64      `gorm:"primaryKey"`
	OrgID       int64      `gorm:"not null;uniqueIndex:ux_submission_org_form_period,priority:1"`
	Org         v1Org      `gorm:"foreignKey:OrgID;constraint:OnDelete:RESTRICT"`
	FormCode    string     `gorm:"size:64;not null;uniqueIndex:ux_submission_org_form_period,priority:2;index:ix_submission_queue,priority:1"`
	Period      string     `gorm:"size:16;not null;uniqueIndex:ux_submission_org_form_period,priority:3;index:ix_submission_queue,priority:2"`
	FormVersion int        `gorm:"not null"`
	Status      string     `gorm:"size:16;not null;index:ix_submission_queue,priority:3"`
	Version     int        `gorm:"not null"`
	Data        string     `gorm:"type:mediumtext;not null"`
	Computed    string     `gorm:"type:text;not null"`
	Warnings    string     `gorm:"type:text;not null"`
	Comments    string     `gorm:"type:text;not null"`
	SubmittedAt *time.Time `gorm:"index:ix_submission_queue,priority:4"`
	ApprovedAt  *time.Time
	UpdatedBy   *int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (v2Submission) TableName() string { return "submissions" }

type v2Revision struct {
	ID           int64        `gorm:"primaryKey"`
	SubmissionID int64        `gorm:"not null;index"`
	Submission   v2Submission `gorm:"foreignKey:SubmissionID;constraint:OnDelete:CASCADE"`
	Version      int          `gorm:"not null"`
	Action       string       `gorm:"size:16;not null"`
	FromStatus   string       `gorm:"size:16;not null"`
	ToStatus     string       `gorm:"size:16;not null"`
	ActorID      int64        `gorm:"not null"`
	At           time.Time    `gorm:"not null"`
	Diff         string       `gorm:"type:mediumtext;not null"`
	Comment      string       `gorm:"type:text;not null"`
}

func (v2Revision) TableName() string { return "submission_revisions" }

// v2Fact is the narrow table rollups aggregate. Numbers are stored scaled by 10^4 as integers
// (NumE4), so sums are exact on SQLite too, which has no exact decimal type.
type v2Fact struct {
	ID       int64  `gorm:"primaryKey"`
	OrgID    int64  `gorm:"not null;uniqueIndex:ux_fact,priority:1"`
	FormCode string `gorm:"size:64;not null;uniqueIndex:ux_fact,priority:2;index:ix_fact_agg,priority:1"`
	Period   string `gorm:"size:16;not null;uniqueIndex:ux_fact,priority:3;index:ix_fact_agg,priority:2"`
	Field    string `gorm:"size:96;not null;uniqueIndex:ux_fact,priority:4;index:ix_fact_agg,priority:3"`
	Text     string `gorm:"size:96;not null;default:'';uniqueIndex:ux_fact,priority:5"`
	NumE4    *int64
	Status   string    `gorm:"size:16;not null;index:ix_fact_agg,priority:4"`
	At       time.Time `gorm:"not null"`
}

func (v2Fact) TableName() string { return "facts" }

type v2Attachment struct {
	ID           int64  `gorm:"primaryKey"`
	PublicID     string `gorm:"size:36;not null;uniqueIndex"`
	SubmissionID int64  `gorm:"not null;index"`
	Field        string `gorm:"size:96;not null"`
	Name         string `gorm:"size:255;not null"`
	ContentType  string `gorm:"size:64;not null"`
	Size         int64  `gorm:"not null"`
	SHA256       string `gorm:"size:64;not null"`
	CreatedBy    int64  `gorm:"not null"`
	CreatedAt    time.Time
}

func (v2Attachment) TableName() string { return "attachments" }

// v2Reporting adds forms, campaigns and their tasks, submissions with revisions, the rollup
// fact table and attachments, and the permissions for them.
func v2Reporting(tx *gorm.DB) error {
	if err := database.CreateTables(tx, &v2Form{}, &v2Campaign{}, &v2Task{}, &v2Submission{}, &v2Revision{},
		&v2Fact{}, &v2Attachment{}); err != nil {
		return err
	}
	rules := [][4]string{
		{"filler", "*", "form", "read"},
		{"org_admin", "*", "form", "read"},
		{"reviewer", "*", "form", "read"},
		{"leader", "*", "form", "read"},
		{"leader", "*", "task", "read"},
		{"reviewer", "*", "task", "read"},
	}
	for _, r := range rules {
		row := v1CasbinRule{Ptype: "p", V0: r[0], V1: r[1], V2: r[2], V3: r[3]}
		if err := tx.Where(row).FirstOrCreate(&row).Error; err != nil {
			return err
		}
	}
	return nil
}
