package rollup

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// The totals version is a settings row that changes, in the same transaction, with every write
// to the tables a district or town summary reads (indicator_totals, and the campaigns'
// task_totals). A replica caches summaries under the version it read before computing them, and
// asks for the version (one single-row read) on every request: a change committed through any
// replica moves the version, so no replica serves the old figures after that commit.

const totalsVersionKey = "totals_version"

// summaryTables are the tables whose writes move the totals version.
var summaryTables = []string{"indicator_totals", "task_totals"}

// TrackTotals makes every write to the summary's tables through db move the totals version in
// the write's own transaction (a gorm callback, so no write path can forget it), and makes sure
// the version row exists. Call it once per database handle, before the first write.
func TrackTotals(db *gorm.DB) error {
	err := db.Exec("INSERT INTO settings (`key`, value, updated_at) VALUES (?, ?, ?)", totalsVersionKey, newToken(), time.Now().UTC()).Error
	if err != nil && !database.IsUniqueViolation(err) {
		return err
	}
	cb := db.Callback()
	// Inside the statement's transaction (gorm's own, for a bare Create/Update/Delete) and, on
	// SQLite, before the process's writer lock is released.
	const name, commit = "rollup:totals_version", "gorm:commit_or_rollback_transaction"
	for _, reg := range []func() error{
		func() error { return cb.Create().After("gorm:create").Before(commit).Register(name, bumpAfterWrite) },
		func() error { return cb.Update().After("gorm:update").Before(commit).Register(name, bumpAfterWrite) },
		func() error { return cb.Delete().After("gorm:delete").Before(commit).Register(name, bumpAfterWrite) },
		func() error { return cb.Raw().After("gorm:raw").Before("tianbao:write_unlock").Register(name, bumpAfterWrite) },
	} {
		if err := reg(); err != nil {
			return err
		}
	}
	return nil
}

// bumpAfterWrite moves the version when a statement changed rows of a summary table. It runs on
// the statement's own connection (the caller's transaction, if any), below gorm's callbacks.
func bumpAfterWrite(db *gorm.DB) {
	if db.Error != nil || db.RowsAffected == 0 || db.Statement == nil || !touchesSummary(db.Statement) {
		return
	}
	if _, err := db.Statement.ConnPool.ExecContext(db.Statement.Context,
		"UPDATE settings SET value = ?, updated_at = ? WHERE `key` = ?", newToken(), time.Now().UTC(), totalsVersionKey); err != nil {
		_ = db.AddError(err) // the write fails with it, so its transaction rolls back whole
	}
}

func touchesSummary(st *gorm.Statement) bool {
	for _, t := range summaryTables {
		if st.Table == t {
			return true
		}
	}
	sql := st.SQL.String()
	if !strings.Contains(sql, "_totals") {
		return false
	}
	head := strings.ToUpper(strings.TrimSpace(sql[:min(len(sql), 16)]))
	if !strings.HasPrefix(head, "INSERT") && !strings.HasPrefix(head, "UPDATE") && !strings.HasPrefix(head, "DELETE") &&
		!strings.HasPrefix(head, "REPLACE") {
		return false
	}
	for _, t := range summaryTables {
		if strings.Contains(sql, t) {
			return true
		}
	}
	return false
}

func newToken() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// totalsVersion reads the current version; "" when the row is missing (then nothing is cached).
func (s *Store) totalsVersion(ctx context.Context) (string, error) {
	var vs []string
	if err := s.db.WithContext(ctx).Table("settings").Where("`key` = ?", totalsVersionKey).Limit(1).
		Pluck("value", &vs).Error; err != nil {
		return "", err
	}
	if len(vs) == 0 {
		return "", nil
	}
	return vs[0], nil
}

// summaryCache holds summaries of the scopes the totals cover, each under the totals version it
// was computed at; an entry of another version is never served. At most maxSummaries entries.
type summaryCache struct {
	mu      sync.Mutex
	entries map[summaryKey]cachedSummary
}

type summaryKey struct {
	scope, period string
	basis         Basis
}

func summaryKeyOf(sc scope.Scope, period string, basis Basis) summaryKey {
	return summaryKey{scope: strings.Join(sc.Paths(), ","), period: period, basis: basis}
}

type cachedSummary struct {
	version string
	sum     Summary
}

const maxSummaries = 512

func (c *summaryCache) get(k summaryKey, version string) (Summary, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || e.version != version {
		return Summary{}, false
	}
	return e.sum, true
}

func (c *summaryCache) put(k summaryKey, version string, sum Summary) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxSummaries {
		c.entries = map[summaryKey]cachedSummary{}
	}
	c.entries[k] = cachedSummary{version: version, sum: sum}
}

// copySummary returns s with its own Items, so a caller that changes the result cannot change
// the cached one.
func copySummary(s Summary) Summary {
	s.Items = append([]Result(nil), s.Items...)
	return s
}

// expectedByType is ExpectedCounts for a summary, which needs the expected orgs per form and org
// type only: where the task totals cover sc it reads them summed over the towns (a row per form
// and type, not per form, type and town).
func (s *Store) expectedByType(ctx context.Context, sc scope.Scope, period string) ([]Expected, error) {
	town, ok, err := s.totalsCover(ctx, sc)
	if err != nil {
		return nil, err
	}
	if ok {
		return s.src.Tasks.ExpectedTotalsByType(ctx, period, town)
	}
	return s.src.Tasks.ExpectedIn(ctx, sc, period)
}
