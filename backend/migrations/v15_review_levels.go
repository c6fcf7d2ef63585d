package migrations

import (
	"gorm.io/gorm"
)

// v15 adds multi-level review: the levels a campaign's submissions climb (a JSON list, bottom-up;
// empty, as for every campaign before, is one step by any reviewer over the org), the levels a submission climbs (fixed when it is submitted, comma-separated) and the one it waits
// at, and on each revision
// the level that decided, the level the submission went to and a return's per-field comments.

type v15Campaign struct {
	ReviewLevels string `gorm:"size:64;not null;default:'[]'"`
}

func (v15Campaign) TableName() string { return "campaigns" }

type v15Submission struct {
	ReviewLevel string `gorm:"size:16;not null;default:''"`
	ReviewChain string `gorm:"size:64;not null;default:''"`
}

func (v15Submission) TableName() string { return "submissions" }

type v15Revision struct {
	Level   string `gorm:"size:16;not null;default:''"`
	ToLevel string `gorm:"size:16;not null;default:''"`
	// FieldComments are a return's per-field comments (JSON), so the history keeps every return's,
	// not only the latest one the submission carries.
	FieldComments string `gorm:"type:text"`
}

func (v15Revision) TableName() string { return "submission_revisions" }

func v15ReviewLevels(tx *gorm.DB) error {
	m := tx.Migrator()
	for _, c := range []struct {
		model any
		field string
	}{{&v15Campaign{}, "ReviewLevels"}, {&v15Submission{}, "ReviewLevel"}, {&v15Submission{}, "ReviewChain"}, {&v15Revision{}, "Level"}, {&v15Revision{}, "ToLevel"},
		{&v15Revision{}, "FieldComments"}} {
		if !m.HasColumn(c.model, c.field) {
			if err := m.AddColumn(c.model, c.field); err != nil {
				return err
			}
		}
	}
	return nil
}
