package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// Tx runs fn in one transaction on db and is the only way the stores open one, so every write
// follows the same policy:
//
//   - MySQL, MariaDB, Galera, TiDB: the transaction runs at READ COMMITTED (no gap locks; each
//     statement reads what is committed), and the whole of it is retried, after a jittered
//     exponential backoff bounded by ctx, when the server reports a deadlock or a serialization
//     failure (1213, which is also what a Galera certification conflict returns; 1205 lock wait
//     timeout; SQLSTATE 40001). fn must therefore be safe to run more than once: it may touch the
//     database through tx only, and anything it does outside the database (caches, events)
//     belongs after Tx returns nil.
//   - SQLite: one writer at a time in the process. A fair (first come, first served) in-process
//     lock is taken before BEGIN IMMEDIATE, so writers queue in order instead of polling the busy
//     timeout; a busy database (another process writing) is retried like a deadlock.
//
// Called with a db that is already a transaction, Tx just runs fn on it: the outer Tx owns the
// commit and the retries. Contention that outlasts the retries, and a database that cannot be
// reached, come back wrapping errs.ErrUnavailable (503 with Retry-After), never as a bare
// driver error.
func Tx(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	if InTx(db) {
		return fn(db)
	}
	p := policyOf(db)
	var err error
	for attempt := 1; ; attempt++ {
		err = p.once(ctx, db.WithContext(ctx), fn)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, errs.ErrUnavailable):
			return err
		case IsUnavailable(err):
			return Unavailable(err)
		case !IsRetryable(err):
			return err
		case attempt >= p.attempts:
			return fmt.Errorf("%w: gave up after %d attempts: %w", errs.ErrUnavailable, attempt, err)
		}
		p.retries.Add(1)
		t := time.NewTimer(p.backoff(attempt))
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w: %w (after %d attempts: %w)", errs.ErrUnavailable, ctx.Err(), attempt, err)
		case <-t.C:
		}
	}
}

// InTx reports whether db is bound to an open transaction.
func InTx(db *gorm.DB) bool {
	if db == nil || db.Statement == nil {
		return false
	}
	c, ok := db.Statement.ConnPool.(gorm.TxCommitter)
	return ok && c != nil
}

// MarkUnavailable is what the handle's callbacks do to a gorm statement's error, for a query
// sent to the connection pool directly (a hot read that skips gorm): an unreachable database
// becomes errs.ErrUnavailable (503), anything else is returned as it is.
func MarkUnavailable(err error) error {
	if IsUnavailable(err) {
		return Unavailable(err)
	}
	return err
}

// Unavailable wraps err as errs.ErrUnavailable, keeping the driver error for the log.
func Unavailable(err error) error {
	if err == nil || errors.Is(err, errs.ErrUnavailable) {
		return err
	}
	return fmt.Errorf("%w: %w", errs.ErrUnavailable, err)
}

// txPolicy is the per-handle transaction policy Open attaches to the *gorm.DB as a plugin, so
// no package-level state is shared between handles (tests open many).
type txPolicy struct {
	kind     string        // "sqlite" or "mysql"
	writer   *WriteLock    // SQLite only: the process's one writer
	attempts int           // total tries of one transaction
	base     time.Duration // first backoff
	max      time.Duration // longest backoff
	// statementBinlog: the server logs statements (binlog_format=STATEMENT), which InnoDB refuses
	// at READ COMMITTED, so transactions keep the server's isolation (Open detects it).
	statementBinlog bool
	retries         atomic.Int64 // transactions run again after losing a race
}

const policyName = "tianbao:tx"

func (p *txPolicy) Name() string { return policyName }

func (p *txPolicy) Initialize(db *gorm.DB) error { return registerCallbacks(db, p) }

func newPolicy(kind string) *txPolicy {
	p := &txPolicy{kind: kind, attempts: 8, base: 5 * time.Millisecond, max: 400 * time.Millisecond}
	if kind == "sqlite" {
		p.writer = NewWriteLock(writeLockWait)
	}
	return p
}

// writeLockWait bounds how long one SQLite writer queues for its turn (the old busy timeout was
// 10 s); past it the write is refused as unavailable rather than left hanging.
const writeLockWait = 30 * time.Second

// policyOf returns the policy Open attached to db, or one derived from its dialect for a handle
// opened elsewhere (without the SQLite lock, which only works when shared).
func policyOf(db *gorm.DB) *txPolicy {
	if db.Config != nil {
		if p, ok := db.Config.Plugins[policyName].(*txPolicy); ok {
			return p
		}
	}
	kind := "sqlite"
	if db.Dialector != nil && db.Dialector.Name() == "mysql" {
		kind = "mysql"
	}
	p := newPolicy(kind)
	p.writer = nil
	return p
}

// once runs one attempt of the transaction.
func (p *txPolicy) once(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	if p.kind == "mysql" {
		if p.statementBinlog {
			return db.Transaction(fn)
		}
		return db.Transaction(fn, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	}
	if p.writer != nil {
		if err := p.writer.Lock(ctx); err != nil {
			return err
		}
		defer p.writer.Unlock()
	}
	return db.Transaction(fn)
}

// backoff is the wait before attempt+1: exponential from base, capped at max, with full jitter
// over its upper half so retrying transactions spread out instead of colliding again.
func (p *txPolicy) backoff(attempt int) time.Duration {
	d := p.base << (attempt - 1)
	if d <= 0 || d > p.max {
		d = p.max
	}
	return d/2 + rand.N(d/2+1)
}

// Retries is how many times transactions on db were run again after losing a race.
func Retries(db *gorm.DB) int64 { return policyOf(db).retries.Load() }

// WriteLockOf returns the SQLite writer lock of db (nil on MySQL), for tests and diagnostics.
func WriteLockOf(db *gorm.DB) *WriteLock { return policyOf(db).writer }

// SetRetryPolicy changes how often and how patiently db's transactions are retried (tests).
func SetRetryPolicy(db *gorm.DB, attempts int, base, max time.Duration) {
	p := policyOf(db)
	p.attempts, p.base, p.max = attempts, base, max
}
