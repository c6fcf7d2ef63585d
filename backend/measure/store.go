package measure

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// Store is the only code that touches the measure tables.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

type measureRow struct {
	Number    int `gorm:"primaryKey;autoIncrement:false"`
	Version   int
	Part      string
	Title     string
	LeadOrgID int64
	Doc       string
	UpdatedBy *int64
	UpdatedAt time.Time
}

func (measureRow) TableName() string { return "measures" }

type versionRow struct {
	ID        int64 `gorm:"primaryKey"`
	Number    int
	Version   int
	Doc       string
	CreatedBy *int64
	CreatedAt time.Time
}

func (versionRow) TableName() string { return "measure_versions" }

type unitRow struct {
	Number int   `gorm:"primaryKey;autoIncrement:false"`
	OrgID  int64 `gorm:"primaryKey;autoIncrement:false"`
	Lead   bool
}

func (unitRow) TableName() string { return "measure_units" }

// Tx runs fn with a Store bound to one transaction: a measure's new version, its units and the
// audit row commit together.
func (s *Store) Tx(ctx context.Context, fn func(st *Store, tx *gorm.DB) error) error {
	return database.Tx(ctx, s.db, func(tx *gorm.DB) error { return fn(&Store{db: tx}, tx) })
}

func decode(doc string) (Definition, error) {
	var d Definition
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return d, fmt.Errorf("decode measure: %w", err)
	}
	return d, nil
}

// current returns every measure's current row, by number.
func (s *Store) current(ctx context.Context) ([]measureRow, error) {
	var rows []measureRow
	if err := s.db.WithContext(ctx).Order("number").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list measures: %w", err)
	}
	return rows, nil
}

// get returns one measure's current row.
func (s *Store) get(ctx context.Context, n int) (measureRow, error) {
	var r measureRow
	err := s.db.WithContext(ctx).Where("number = ?", n).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return r, errs.ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("read measure %d: %w", n, err)
	}
	return r, nil
}

// versions returns every stored version of a measure, newest first.
func (s *Store) versions(ctx context.Context, n int) ([]versionRow, error) {
	var rows []versionRow
	if err := s.db.WithContext(ctx).Where("number = ?", n).Order("version DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list versions of measure %d: %w", n, err)
	}
	return rows, nil
}

// units returns every measure's responsible units.
func (s *Store) units(ctx context.Context) ([]unitRow, error) {
	var rows []unitRow
	if err := s.db.WithContext(ctx).Order("number").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list measure units: %w", err)
	}
	return rows, nil
}

// isUnit reports whether the org is a responsible unit of any measure.
func (s *Store) isUnit(ctx context.Context, orgID int64) (bool, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&unitRow{}).Where("org_id = ?", orgID).Count(&n).Error; err != nil {
		return false, fmt.Errorf("is measure unit: %w", err)
	}
	return n > 0, nil
}

// put stores def as version of its measure: the current row, the version row and the units
// (lead first). Version 1 creates the measure.
func (s *Store) put(ctx context.Context, def Definition, version int, lead int64, co []int64, actor *int64, now time.Time) error {
	doc, err := json.Marshal(def)
	if err != nil {
		return err
	}
	db := s.db.WithContext(ctx)
	if err := db.Create(&versionRow{Number: def.Number, Version: version, Doc: string(doc), CreatedBy: actor, CreatedAt: now}).Error; err != nil {
		if database.IsUniqueViolation(err) {
			return errs.Coded(errs.ErrConflict, "measure_changed", "the measure changed meanwhile; read it again")
		}
		return fmt.Errorf("store measure %d version %d: %w", def.Number, version, err)
	}
	row := measureRow{Number: def.Number, Version: version, Part: def.Part, Title: def.Title, LeadOrgID: lead, Doc: string(doc),
		UpdatedBy: actor, UpdatedAt: now}
	if version == 1 {
		err = db.Create(&row).Error
	} else {
		err = db.Model(&measureRow{}).Where("number = ? AND version = ?", def.Number, version-1).
			Updates(map[string]any{"version": version, "part": def.Part, "title": def.Title, "lead_org_id": lead,
				"doc": string(doc), "updated_by": actor, "updated_at": now}).Error
	}
	if err != nil {
		return fmt.Errorf("store measure %d: %w", def.Number, err)
	}
	if err := db.Where("number = ?", def.Number).Delete(&unitRow{}).Error; err != nil {
		return fmt.Errorf("replace units of measure %d: %w", def.Number, err)
	}
	units := []unitRow{{Number: def.Number, OrgID: lead, Lead: true}}
	for _, id := range co {
		units = append(units, unitRow{Number: def.Number, OrgID: id})
	}
	if err := db.Create(&units).Error; err != nil {
		return fmt.Errorf("store units of measure %d: %w", def.Number, err)
	}
	return nil
}

// gormDB is the transaction handle the audit log writes through.
type gormDB = gorm.DB
