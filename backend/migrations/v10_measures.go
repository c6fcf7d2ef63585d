package migrations

import (
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// Frozen as of version 10: the plan's measures (current row, every version, responsible units)
// and supervision notices (督办单) with their events.
type v10Measure struct {
	Number    int    `gorm:"primaryKey;autoIncrement:false"`
	Version   int    `gorm:"not null"`
	Part      string `gorm:"size:200;not null"`
	Title     string `gorm:"size:200;not null"`
	LeadOrgID int64  `gorm:"not null;index"`
	Doc       string `gorm:"type:mediumtext;not null"`
	UpdatedBy *int64
	UpdatedAt time.Time
}

func (v10Measure) TableName() string { return "measures" }

type v10MeasureVersion struct {
	ID        int64  `gorm:"primaryKey"`
	Number    int    `gorm:"not null;uniqueIndex:ux_measure_version,priority:1"`
	Version   int    `gorm:"not null;uniqueIndex:ux_measure_version,priority:2"`
	Doc       string `gorm:"type:mediumtext;not null"`
	CreatedBy *int64
	CreatedAt time.Time
}

func (v10MeasureVersion) TableName() string { return "measure_versions" }

type v10MeasureUnit struct {
	Number int   `gorm:"primaryKey;autoIncrement:false"`
	OrgID  int64 `gorm:"primaryKey;autoIncrement:false;index"`
	Lead   bool  `gorm:"not null;default:false"`
}

func (v10MeasureUnit) TableName() string { return "measure_units" }

type v10Notice struct {
	ID             int64     `gorm:"primaryKey"`
	OrgID          int64     `gorm:"not null;index"`
	OrgPath        string    `gorm:"size:255;not null;index"`
	MeasureNumber  *int      `gorm:"index"`
	Reason         string    `gorm:"size:32;not null"`
	Subject        string    `gorm:"size:120;not null;default:''"`
	Title          string    `gorm:"size:200;not null"`
	RequiredAction string    `gorm:"type:text;not null"`
	Deadline       time.Time `gorm:"not null"`
	Level          string    `gorm:"size:16;not null"`
	Status         string    `gorm:"size:16;not null;index"`
	Version        int       `gorm:"not null"`
	IssuedBy       int64     `gorm:"not null"`
	Demo           bool      `gorm:"not null;default:false"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	ClosedAt       *time.Time
}

func (v10Notice) TableName() string { return "notices" }

type v10NoticeEvent struct {
	ID       int64  `gorm:"primaryKey"`
	NoticeID int64  `gorm:"not null;index"`
	Kind     string `gorm:"size:16;not null"`
	ActorID  int64  `gorm:"not null"`
	Level    string `gorm:"size:16;not null"`
	Text     string `gorm:"type:text;not null"`
	Evidence string `gorm:"type:text;not null"`
	Deadline *time.Time
	At       time.Time `gorm:"not null"`
}

func (v10NoticeEvent) TableName() string { return "notice_events" }

// v10Measures creates the measure and notice tables and lets every role read measures and
// notices (each further narrowed by the services: a unit sees its own measures' reports and its
// own notices), units answer notices and reviewers issue them.
func v10Measures(tx *gorm.DB) error {
	if err := database.CreateTables(tx, &v10Measure{}, &v10MeasureVersion{}, &v10MeasureUnit{}, &v10Notice{}, &v10NoticeEvent{}); err != nil {
		return err
	}
	rules := [][4]string{
		{"filler", "*", "measure", "read"},
		{"org_admin", "*", "measure", "read"},
		{"reviewer", "*", "measure", "read"},
		{"leader", "*", "measure", "read"},
		{"filler", "*", "notice", "read"},
		{"org_admin", "*", "notice", "read"},
		{"reviewer", "*", "notice", "read"},
		{"leader", "*", "notice", "read"},
		{"filler", "*", "notice", "answer"},
		{"org_admin", "*", "notice", "answer"},
		{"reviewer", "*", "notice", "issue"},
	}
	for _, r := range rules {
		row := v1CasbinRule{Ptype: "p", V0: r[0], V1: r[1], V2: r[2], V3: r[3]}
		if err := tx.Where(row).FirstOrCreate(&row).Error; err != nil {
			return err
		}
	}
	return nil
}
