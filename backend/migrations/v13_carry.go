package migrations

import (
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// v13 adds carry-forward: one row per carried section of a draft prefilled from the org's last
// approved submission of the form, with the values carried and whether the filler confirmed them.

type v13CarrySection struct {
	ID           int64  `gorm:"primaryKey"`
	SubmissionID int64  `gorm:"not null;uniqueIndex:ux_carry_sections,priority:1"`
	Section      string `gorm:"size:64;not null;uniqueIndex:ux_carry_sections,priority:2"`
	FromPeriod   string `gorm:"size:16;not null"`
	Carried      string `gorm:"type:text;not null"`
	ConfirmedAt  *time.Time
	ConfirmedBy  *int64
	CreatedAt    time.Time `gorm:"not null"`
}

func (v13CarrySection) TableName() string { return "carry_sections" }

func v13Carry(tx *gorm.DB) error {
	return database.CreateTables(tx, &v13CarrySection{})
}
