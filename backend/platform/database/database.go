// Package database opens the one gorm handle the whole process shares (pure-Go SQLite by
// default, MySQL/MariaDB/TiDB in production) and runs the versioned migrations. It is the
// only place that knows which driver is underneath.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
	sqlite "github.com/libtnb/sqlite"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Options tune the pool.
type Options struct {
	MaxOpenConns int
}

// Open connects to "sqlite:PATH" or "mysql:DSN" and applies pool and durability settings.
func Open(kind, dsn string, opt Options) (*gorm.DB, error) {
	cfg := &gorm.Config{
		Logger:                                   logger.Discard,
		TranslateError:                           false,
		DisableForeignKeyConstraintWhenMigrating: false,
		NowFunc:                                  func() time.Time { return time.Now().UTC() },
	}
	var (
		db  *gorm.DB
		err error
	)
	switch kind {
	case "sqlite":
		if err := os.MkdirAll(filepath.Dir(dsn), 0o750); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
		// modernc.org/sqlite, through libtnb's gorm dialector: its statements keep their
		// prepared SQLite handle, so a kept statement is parsed once per connection, not on
		// every execution. WAL for concurrent readers, FULL sync so an
		// acknowledged write survives a crash, immediate transactions so a transaction never
		// has to upgrade its lock. Writers of this process queue on the fair lock in Tx before
		// BEGIN; the busy timeout only covers other processes (the CLI, a backup). Temporary
		// storage in memory: a multi-row write's statement journal otherwise spills to a
		// temporary file past 64 KiB, a write system call per page (a seventh of a bulk seed's
		// time).
		q := url.Values{}
		for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "busy_timeout(10000)", "synchronous(FULL)", "temp_store(MEMORY)"} {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", "immediate")
		// Times are written as "2006-01-02 15:04:05.999999999-07:00" (the format of every file
		// written before), and a text value of an expression stays the text it is: a MAX(ts)
		// scanned into a string keeps its stored form rather than becoming a parsed time.
		q.Set("_time_format", "sqlite")
		q.Set("_texttotime", "0")
		db, err = gorm.Open(sqlite.Open("file:"+dsn+"?"+q.Encode()), cfg)
	case "mysql":
		mc, perr := gomysql.ParseDSN(dsn)
		if perr != nil {
			return nil, fmt.Errorf("parse mysql dsn: %w", perr)
		}
		mc.ParseTime = true
		mc.Loc = time.UTC
		if mc.Params == nil {
			mc.Params = map[string]string{}
		}
		mc.Params["charset"] = "utf8mb4"
		mc.Collation = "utf8mb4_unicode_ci"
		db, err = gorm.Open(mysql.Open(mc.FormatDSN()), cfg)
	default:
		return nil, fmt.Errorf("unknown database kind %q", kind)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", kind, err)
	}
	// Statements are prepared once per connection and kept (stmtcache.go), at most 200.
	keepStatements(db, 200)
	// Every transaction and every write follows the one policy (Tx): retried on MySQL, queued
	// fairly on SQLite; connection failures are marked unavailable.
	policy := newPolicy(kind)
	if err := db.Use(policy); err != nil {
		return nil, fmt.Errorf("open %s: %w", kind, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	if opt.MaxOpenConns <= 0 {
		opt.MaxOpenConns = 20
	}
	sqlDB.SetMaxOpenConns(opt.MaxOpenConns)
	sqlDB.SetMaxIdleConns(opt.MaxOpenConns)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if kind == "mysql" {
		sqlDB.SetConnMaxLifetime(30 * time.Minute)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("ping %s: %w", kind, err)
	}
	if kind == "mysql" {
		// Statement-based binary logging cannot log READ COMMITTED writes (error 1665); such a
		// server keeps its own isolation level (ROW and MIXED, the defaults, do not).
		var bin sql.NullInt64
		var format sql.NullString
		if err := sqlDB.QueryRowContext(ctx, "SELECT @@log_bin, @@binlog_format").Scan(&bin, &format); err == nil {
			policy.statementBinlog = bin.Int64 == 1 && strings.EqualFold(format.String, "STATEMENT")
		}
	}
	return db, nil
}

// Close releases the pool.
func Close(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping reports whether the database answers, for /readyz.
func Ping(ctx context.Context, db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// IsUniqueViolation reports whether err is a duplicate-key error on either driver, so stores
// can map it to errs.ErrConflict.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	var me *gomysql.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1062
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "constraint failed: UNIQUE")
}

// OneWriter reports whether db takes one writer at a time (SQLite, behind the process's fair
// writer lock) rather than writers side by side (MySQL, MariaDB, TiDB).
func OneWriter(db *gorm.DB) bool { return db.Dialector == nil || db.Dialector.Name() != "mysql" }
