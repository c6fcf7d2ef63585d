package rollup

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// The totals version is a set of totalsShards settings rows; every write to the tables a
// district or town summary reads (indicator_totals, and the campaigns' task_totals) changes one
// of them in the same transaction. A replica caches summaries under the versions it read before
// computing them, and reads the rows (one short query) on every request: a change committed
// through any replica moves a row, so no replica serves the old figures after that commit.
//
// A transaction moves one row, picked by the transaction (shardOf), so two writers contend on a
// version row only when they pick the same one (1 in totalsShards) — with one row, every rollup
// writer queued on it from its first totals statement to its commit, and on Galera two nodes
// writing totals at once always conflicted on it.

const (
	totalsVersionKey = "totals_version" // the shards' keys are totals_version:00 … :15
	totalsShards     = 16
)

// summaryTables are the tables whose writes move the totals version.
var summaryTables = []string{"indicator_totals", "task_totals"}

func shardKey(i int) string { return fmt.Sprintf("%s:%02d", totalsVersionKey, i) }

// TrackTotals makes every write to the summary's tables through db move the totals version in
// the write's own transaction (a gorm callback, so no write path can forget it), and makes sure
// the version rows exist. Call it once per database handle, before the first write.
func TrackTotals(db *gorm.DB) error {
	for i := range totalsShards {
		err := db.Exec("INSERT INTO settings (`key`, value, updated_at) VALUES (?, ?, ?)", shardKey(i), newToken(), time.Now().UTC()).Error
		if err != nil && !database.IsUniqueViolation(err) {
			return err
		}
	}
	cb := db.Callback()
	// Inside the statement's transaction (gorm's own, for a bare Create/Update/Delete) and, on
	// SQLite, before the process's writer lock is released.
	const name, commit = "rollup:totals_version", "gorm:commit_or_rollback_transaction"
	for _, reg := range []func() error{
		func() error { return cb.Create().After("gorm:create").Before(commit).Register(name, bumpAfterWrite) },
		func() error { return cb.Update().After("gorm:update").Before(commit).Register(name, bumpAfterWrite) },
		func() error { return cb.Delete().After("gorm:delete").Before(commit).Register(name, bumpAfterWrite) },
		func() error {
			return cb.Raw().After("gorm:raw").Before("tianbao:write_unlock").Register(name, bumpAfterWrite)
		},
	} {
		if err := reg(); err != nil {
			return err
		}
	}
	return nil
}

// bumpAfterWrite moves a version row when a statement changed rows of a summary table. It runs
// on the statement's own connection (the caller's transaction, if any), below gorm's callbacks.
func bumpAfterWrite(db *gorm.DB) {
	if db.Error != nil || db.RowsAffected == 0 || db.Statement == nil || !touchesSummary(db.Statement) {
		return
	}
	if _, err := db.Statement.ConnPool.ExecContext(db.Statement.Context,
		"UPDATE settings SET value = ?, updated_at = ? WHERE `key` = ?", newToken(), time.Now().UTC(),
		shardKey(shardOf(db.Statement.ConnPool))); err != nil {
		_ = db.AddError(err) // the write fails with it, so its transaction rolls back whole
	}
}

// shardOf picks the version row a statement moves: the same for every statement of one
// transaction (its *sql.Tx, which lives as long as the transaction), so a transaction holds
// one version row, not several in different orders; spread over the rows across transactions.
func shardOf(pool gorm.ConnPool) int {
	v := reflect.ValueOf(pool)
	if v.Kind() != reflect.Pointer {
		return 0
	}
	h := uint64(v.Pointer()) * 0x9E3779B97F4A7C15 // Fibonacci hashing: the high bits mix every address bit
	return int((h >> 60) % totalsShards)
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

// versionSQL reads the version rows in key order.
var versionSQL = "SELECT value FROM settings WHERE `key` BETWEEN ? AND ? ORDER BY `key`"

// totalsVersion reads the current version, the shards' values in key order; "" when a row is
// missing (then nothing is cached). Every cached summary request runs it, so it goes to the
// connection pool directly: gorm's statement building and row scanning cost more than the
// query itself (45 against 28 µs on SQLite).
func (s *Store) totalsVersion(ctx context.Context) (string, error) {
	rows, err := database.Query(ctx, s.db, versionSQL, shardKey(0), shardKey(totalsShards-1))
	if err != nil {
		return "", fmt.Errorf("read the totals version: %w", err)
	}
	defer rows.Close()
	var b strings.Builder
	n := 0
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return "", fmt.Errorf("read the totals version: %w", err)
		}
		b.WriteString(v)
		n++
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("read the totals version: %w", err)
	}
	if n != totalsShards {
		return "", nil
	}
	return b.String(), nil
}

// summaryVersion returns the totals version under which Summary(ctx, sc, period, basis) is
// cached, or "" when that summary is not cached (a scope the group totals do not cover, or the
// version rows are missing). It validates period and basis as Summary does.
func (s *Service) summaryVersion(ctx context.Context, sc scope.Scope, period string, basis Basis) (string, error) {
	if err := checkPeriod(period); err != nil {
		return "", err
	}
	if _, err := basis.statuses(); err != nil {
		return "", err
	}
	_, covered, err := s.store.totalsCover(ctx, sc)
	if err != nil {
		return "", fmt.Errorf("summary version: scope: %w", err)
	}
	if !covered {
		return "", nil
	}
	v, err := s.store.totalsVersion(ctx)
	if err != nil {
		return "", fmt.Errorf("summary version: %w", err)
	}
	return v, nil
}

// SummaryDerived returns derive(Summary(ctx, sc, period, basis)), kept beside the summary under
// the same totals version: while the version stands, the next call for the same kind, scope,
// period and basis returns the kept value without computing or deriving anything (one read of
// the version rows). derive must depend on nothing but the summary (the transport's encoded
// answer, say); kind names what it makes, so two derivations never share an entry. The value is
// shared between callers: treat it as read-only.
//
// The version is read before the summary, so the kept value is at least as new as the version
// it is kept under; every change to the totals moves the version in the change's own
// transaction, and the first call after it (on any replica: the version lives in the database)
// derives afresh. A summary of a scope the totals do not cover is derived on every call.
func (s *Service) SummaryDerived(ctx context.Context, kind string, sc scope.Scope, period string, basis Basis,
	derive func(Summary) (any, error)) (any, error) {
	version, err := s.summaryVersion(ctx, sc, period, basis)
	if err != nil {
		return nil, err
	}
	if basis == "" {
		basis = BasisApproved
	}
	k := derivedKey{kind: kind, summaryKey: summaryKeyOf(sc, period, basis)}
	if version != "" {
		if v, ok := s.summaries.derivedAt(k, version); ok {
			return v, nil
		}
	}
	sum, err := s.Summary(ctx, sc, period, basis)
	if err != nil {
		return nil, err
	}
	v, err := derive(sum)
	if err != nil {
		return nil, fmt.Errorf("derive %s from the summary: %w", kind, err)
	}
	if version != "" {
		s.summaries.putDerived(k, version, v)
	}
	return v, nil
}

// summaryCache holds summaries of the scopes the totals cover, each under the totals version it
// was computed at; an entry of another version is never served. At most maxSummaries entries.
// A summary missing from it is computed once per key and version however many requests ask at
// once (the dashboards after a rollup write): the others wait for that computation.
type summaryCache struct {
	mu      sync.Mutex
	entries map[summaryKey]cachedSummary
	flights map[summaryKey]*summaryFlight
	derived map[derivedKey]cachedDerived // SummaryDerived's values, at most maxDerived
}

// derivedKey names a value SummaryDerived keeps: what it is and whose summary.
type derivedKey struct {
	kind string
	summaryKey
}

type cachedDerived struct {
	version string
	v       any
}

// maxDerived bounds the values SummaryDerived keeps; an encoded district summary is about 60 KB
// with its gzip.
const maxDerived = 128

// derivedAt returns the value kept for k at version, if any.
func (c *summaryCache) derivedAt(k derivedKey, version string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.derived[k]
	if !ok || e.version != version {
		return nil, false
	}
	return e.v, true
}

// putDerived keeps v for k at version, replacing a value of another version.
func (c *summaryCache) putDerived(k derivedKey, version string, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.derived[k]; !ok && (c.derived == nil || len(c.derived) >= maxDerived) {
		c.derived = map[derivedKey]cachedDerived{}
	}
	c.derived[k] = cachedDerived{version: version, v: v}
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

// summaryFlight is a computation in progress of one key at one version.
type summaryFlight struct {
	version string
	done    chan struct{}
	sum     Summary
	err     error
}

const maxSummaries = 512

func (c *summaryCache) putLocked(k summaryKey, version string, sum Summary) {
	if c.entries == nil || len(c.entries) >= maxSummaries {
		c.entries = map[summaryKey]cachedSummary{}
	}
	c.entries[k] = cachedSummary{version: version, sum: sum}
}

// do returns the summary of k at version: cached, or computed by compute — once, when several
// requests ask at once; the result is cached. A request that waited on another's computation
// and got an error (the other request's own cancellation, say) computes for itself.
func (c *summaryCache) do(ctx context.Context, k summaryKey, version string, compute func() (Summary, error)) (Summary, error) {
	c.mu.Lock()
	if e, ok := c.entries[k]; ok && e.version == version {
		c.mu.Unlock()
		return copySummary(e.sum), nil
	}
	if f, ok := c.flights[k]; ok && f.version == version {
		c.mu.Unlock()
		select {
		case <-f.done:
			if f.err == nil {
				return copySummary(f.sum), nil
			}
			return compute()
		case <-ctx.Done():
			return Summary{}, ctx.Err()
		}
	}
	f := &summaryFlight{version: version, done: make(chan struct{})}
	if c.flights == nil {
		c.flights = map[summaryKey]*summaryFlight{}
	}
	c.flights[k] = f
	c.mu.Unlock()

	sum, err := compute()
	c.mu.Lock()
	if err == nil {
		f.sum = copySummary(sum)
		c.putLocked(k, version, f.sum)
	}
	f.err = err
	if c.flights[k] == f {
		delete(c.flights, k)
	}
	c.mu.Unlock()
	close(f.done)
	return sum, err
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
