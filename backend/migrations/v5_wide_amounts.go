package migrations

import (
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// v5IndicatorFact is v3's contribution row with each amount held exactly in two int64 columns
// (amount × 10^4 = hi × 10^9 + lo), so sums cannot overflow however many orgs report.
type v5IndicatorFact struct {
	ID        int64     `gorm:"primaryKey"`
	Indicator string    `gorm:"size:64;not null;uniqueIndex:ux_indicator_fact,priority:1;index:ix_indicator_fact_group,priority:1"`
	OrgID     int64     `gorm:"not null;uniqueIndex:ux_indicator_fact,priority:3"`
	Period    string    `gorm:"size:16;not null;uniqueIndex:ux_indicator_fact,priority:2;index:ix_indicator_fact_group,priority:2"`
	Status    string    `gorm:"size:16;not null;index:ix_indicator_fact_group,priority:3"`
	OrgType   string    `gorm:"size:32;not null;index:ix_indicator_fact_group,priority:4"`
	TownID    int64     `gorm:"not null;index:ix_indicator_fact_group,priority:5"`
	OrgPath   string    `gorm:"size:255;not null"`
	NumHi     int64     `gorm:"not null"`
	NumLo     int64     `gorm:"not null"`
	DenHi     int64     `gorm:"not null"`
	DenLo     int64     `gorm:"not null"`
	NumN      int       `gorm:"not null"`
	DenN      int       `gorm:"not null"`
	Pass      int       `gorm:"not null"`
	Fail      int       `gorm:"not null"`
	ValueE8   *int64    // the per-org figure × 10^8, for ordering and showing the failing list
	At        time.Time `gorm:"not null"`
}

func (v5IndicatorFact) TableName() string { return "indicator_facts" }

// v5IndicatorTotal is v3's per-group total with wide amounts.
type v5IndicatorTotal struct {
	Indicator string    `gorm:"size:64;not null;primaryKey"`
	Period    string    `gorm:"size:16;not null;primaryKey"`
	Status    string    `gorm:"size:16;not null;primaryKey"`
	OrgType   string    `gorm:"size:32;not null;primaryKey"`
	TownID    int64     `gorm:"not null;primaryKey;autoIncrement:false"`
	NumHi     int64     `gorm:"not null"`
	NumLo     int64     `gorm:"not null"`
	DenHi     int64     `gorm:"not null"`
	DenLo     int64     `gorm:"not null"`
	NumN      int64     `gorm:"not null"`
	DenN      int64     `gorm:"not null"`
	Orgs      int64     `gorm:"not null"`
	Pass      int64     `gorm:"not null"`
	Fail      int64     `gorm:"not null"`
	At        time.Time `gorm:"not null"`
}

func (v5IndicatorTotal) TableName() string { return "indicator_totals" }

// v5WideAmounts recreates the two derived rollup tables with wide amounts. Both are rebuilt
// from the facts by the rollup service: forgetting the definitions' fingerprint makes the next
// start recompute every contribution.
func v5WideAmounts(tx *gorm.DB) error {
	// Plain DDL: gorm's MySQL DropTable toggles FOREIGN_KEY_CHECKS on a pooled connection,
	// which a migration's transaction does not allow.
	for _, t := range []string{"indicator_totals", "indicator_facts"} {
		if err := tx.Exec("DROP TABLE IF EXISTS " + t).Error; err != nil {
			return err
		}
	}
	if err := database.CreateTables(tx, &v5IndicatorFact{}, &v5IndicatorTotal{}); err != nil {
		return err
	}
	if err := tx.Exec("CREATE INDEX ix_indicator_fact_path ON indicator_facts (org_path, period, status)").Error; err != nil {
		return err
	}
	return tx.Exec("DELETE FROM settings WHERE `key` = ?", "rollup.definitions").Error
}
