package database

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Migration is one versioned schema step. Steps are append-only: never edit one that has
// shipped; add the next. Each step declares its own frozen table structs so later model
// changes cannot rewrite history, and uses gorm's Migrator so one step runs on every dialect.
type Migration struct {
	Version int
	Name    string
	Up      func(tx *gorm.DB) error
}

type schemaMigration struct {
	Version   int       `gorm:"primaryKey;autoIncrement:false"`
	Name      string    `gorm:"size:128;not null"`
	AppliedAt time.Time `gorm:"not null"`
}

func (schemaMigration) TableName() string { return "schema_migrations" }

// Migrate applies every step in ms whose version is not yet recorded, in order.
// It returns the versions it applied.
//
// On MySQL/TiDB the steps run under a named lock (GET_LOCK), so replicas starting together
// against a fresh database migrate one after the other instead of racing.
func Migrate(db *gorm.DB, ms []Migration) ([]int, error) {
	if db.Dialector.Name() != "mysql" {
		return migrate(db, ms)
	}
	var applied []int
	err := db.Connection(func(conn *gorm.DB) error {
		fresh := func() *gorm.DB { return conn.Session(&gorm.Session{NewDB: true}) }
		var got sql.NullInt64
		if err := fresh().Raw("SELECT GET_LOCK(?, ?)", migrateLock, 120).Scan(&got).Error; err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		if !got.Valid || got.Int64 != 1 {
			return errors.New("migration lock: another instance has been migrating for 120 s")
		}
		defer fresh().Exec("SELECT RELEASE_LOCK(?)", migrateLock)
		var err error
		applied, err = migrate(fresh(), ms)
		return err
	})
	return applied, err
}

// migrateLock names the MySQL lock Migrate holds.
const migrateLock = "tianbao_migrate"

func migrate(db *gorm.DB, ms []Migration) ([]int, error) {
	if err := db.AutoMigrate(&schemaMigration{}); err != nil {
		return nil, fmt.Errorf("schema_migrations: %w", err)
	}
	var done []int
	if err := db.Model(&schemaMigration{}).Pluck("version", &done).Error; err != nil {
		return nil, err
	}
	have := make(map[int]bool, len(done))
	for _, v := range done {
		have[v] = true
	}
	var applied []int
	last := 0
	for _, m := range ms {
		if m.Version <= last {
			return applied, fmt.Errorf("migration %d (%s) is out of order", m.Version, m.Name)
		}
		last = m.Version
		if have[m.Version] {
			continue
		}
		// MySQL commits DDL implicitly, so a step must be written to be re-runnable
		// (create-if-missing); the record is written last.
		if err := m.Up(db); err != nil {
			return applied, fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err)
		}
		if err := db.Create(&schemaMigration{Version: m.Version, Name: m.Name, AppliedAt: time.Now().UTC()}).Error; err != nil {
			return applied, fmt.Errorf("record migration %d: %w", m.Version, err)
		}
		applied = append(applied, m.Version)
	}
	return applied, nil
}

// CreateTables creates each table that does not exist yet; a helper for re-runnable steps.
func CreateTables(tx *gorm.DB, tables ...any) error {
	m := tx.Migrator()
	for _, t := range tables {
		if m.HasTable(t) {
			continue
		}
		if err := m.CreateTable(t); err != nil {
			return err
		}
	}
	return nil
}
