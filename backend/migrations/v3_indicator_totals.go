package migrations

import (
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// v3IndicatorFact is one org's contribution to one indicator, kept in step with the facts.
type v3IndicatorFact struct {
	ID        int64  `gorm:"primaryKey"`
	Indicator string `gorm:"size:64;not null;uniqueIndex:ux_indicator_fact,priority:1;index:ix_indicator_fact_group,priority:1"`
	OrgID     int64  `gorm:"not null;uniqueIndex:ux_indicator_fact,priority:3"`
	Period    string `gorm:"size:16;not null;uniqueIndex:ux_indicator_fact,priority:2;index:ix_indicator_fact_group,priority:2"`
	Status    string `gorm:"size:16;not null;index:ix_indicator_fact_group,priority:3"`
	OrgType   string `gorm:"size:32;not null;index:ix_indicator_fact_group,priority:4"`
	TownID    int64  `gorm:"not null;index:ix_indicator_fact_group,priority:5"`
	OrgPath   string `gorm:"size:255;not null"`
	NumE4     int64  `gorm:"not null"`
	DenE4     int64  `gorm:"not null"`
	NumN      int    `gorm:"not null"` // 1 when the org has a value for the numerator (for averages)
	DenN      int    `gorm:"not null"`
	Pass      int    `gorm:"not null"`
	Fail      int    `gorm:"not null"`
	ValueE4   *int64
	At        time.Time `gorm:"not null"`
}

func (v3IndicatorFact) TableName() string { return "indicator_facts" }

// v3IndicatorTotal is the sum of the contributions of one group of orgs (org type × town),
// rewritten from indicator_facts in the same transaction as every change, so the district
// summary reads a few hundred rows instead of scanning every fact.
type v3IndicatorTotal struct {
	Indicator string    `gorm:"size:64;not null;primaryKey"`
	Period    string    `gorm:"size:16;not null;primaryKey"`
	Status    string    `gorm:"size:16;not null;primaryKey"`
	OrgType   string    `gorm:"size:32;not null;primaryKey"`
	TownID    int64     `gorm:"not null;primaryKey;autoIncrement:false"`
	NumE4     int64     `gorm:"not null"`
	DenE4     int64     `gorm:"not null"`
	NumN      int64     `gorm:"not null"`
	DenN      int64     `gorm:"not null"`
	Orgs      int64     `gorm:"not null"`
	Pass      int64     `gorm:"not null"`
	Fail      int64     `gorm:"not null"`
	At        time.Time `gorm:"not null"` // newest contribution in the group
}

func (v3IndicatorTotal) TableName() string { return "indicator_totals" }

// v3TaskTotal counts the orgs with a task per form, period, org type and town, rewritten
// whenever tasks are added, so the district summary need not join every task.
type v3TaskTotal struct {
	FormCode string `gorm:"size:64;not null;primaryKey"`
	Period   string `gorm:"size:16;not null;primaryKey"`
	OrgType  string `gorm:"size:32;not null;primaryKey"`
	TownID   int64  `gorm:"not null;primaryKey;autoIncrement:false"`
	Orgs     int64  `gorm:"not null"`
}

func (v3TaskTotal) TableName() string { return "task_totals" }

// v3IndicatorTotals adds the per-org indicator contributions, their per-group totals and the
// task totals.
func v3IndicatorTotals(tx *gorm.DB) error {
	if err := database.CreateTables(tx, &v3IndicatorFact{}, &v3IndicatorTotal{}, &v3TaskTotal{}); err != nil {
		return err
	}
	// Backfill the task totals of campaigns opened before this version. (The indicator
	// contributions are backfilled by the rollup service itself, which knows the definitions.)
	if err := tx.Exec("DELETE FROM task_totals").Error; err != nil {
		return err
	}
	return tx.Exec(`INSERT INTO task_totals (form_code, period, org_type, town_id, orgs)
SELECT campaigns.form_code, campaigns.period, orgs.type, COALESCE(orgs.town_id, 0), COUNT(DISTINCT tasks.org_id)
FROM tasks JOIN campaigns ON campaigns.id = tasks.campaign_id JOIN orgs ON orgs.id = tasks.org_id
GROUP BY campaigns.form_code, campaigns.period, orgs.type, COALESCE(orgs.town_id, 0)`).Error
}
