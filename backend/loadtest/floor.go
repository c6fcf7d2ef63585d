package loadtest

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// The hand-written floor: the transaction a draft save commits (the submission's UPDATE at its
// version, its revision row and its audit row), written by hand with database/sql against the
// same database, one worker per submission as in the save scenario. No HTTP, no JSON, no form
// validation, no ORM: what the server's saves are measured against. On SQLite the workers take
// an in-process lock for each transaction (one writer at a time, as SQLite allows anyway), which
// is what the hand-written version needs to avoid busy polling.
func runFloor(ctx context.Context, db string, ws []*worker, d time.Duration) (*phase, error) {
	kind, dsn, ok := strings.Cut(db, ":")
	if !ok {
		return nil, fmt.Errorf("floor: bad database %q", db)
	}
	gdb, err := database.Open(kind, dsn, database.Options{MaxOpenConns: len(ws) + 2})
	if err != nil {
		return nil, err
	}
	defer database.Close(gdb)
	sqlDB, err := gdb.DB()
	if err != nil {
		return nil, err
	}
	var serial sync.Mutex
	lock := func() func() {
		if kind != "sqlite" {
			return func() {}
		}
		serial.Lock()
		return serial.Unlock
	}
	p := newPhase("floor", "save (hand-written tx)")
	p.units = "tx"
	st := p.op("save (hand-written tx)")
	stop, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	for _, w := range ws {
		var version int
		var status string
		if err := sqlDB.QueryRowContext(ctx, "SELECT version, status FROM submissions WHERE id = ?", w.subID).Scan(&version, &status); err != nil {
			return nil, fmt.Errorf("floor: read submission %d: %w", w.subID, err)
		}
		wg.Add(1)
		go func(w *worker, version int, status string) {
			defer wg.Done()
			for n := 0; stop.Err() == nil; n++ {
				values := w.values(n)
				data, _ := json.Marshal(values)
				diff, _ := json.Marshal(map[string]any{"training_spend": map[string]any{"to": values["training_spend"]}})
				detail, _ := json.Marshal(map[string]any{"version": version + 1, "fields": []string{"training_spend"}})
				t0 := time.Now()
				unlock := lock()
				err := floorTx(ctx, sqlDB, w, version, status, string(data), string(diff), string(detail))
				unlock()
				if err != nil {
					// Counted as "no answer": a failed transaction of the floor, not an HTTP answer.
					st.add(result{err: err}, "floor save")
					_ = sqlDB.QueryRowContext(ctx, "SELECT version, status FROM submissions WHERE id = ?", w.subID).Scan(&version, &status)
					continue
				}
				version++
				st.add(result{status: 200, took: time.Since(t0)}, "floor save")
			}
		}(w, version, status)
	}
	wg.Wait()
	p.elapsed = time.Since(start)
	return p, nil
}

func floorTx(ctx context.Context, db *sql.DB, w *worker, version int, status, data, diff, detail string) error {
	now := time.Now().UTC()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	res, err := tx.ExecContext(ctx, "UPDATE submissions SET data = ?, status = ?, version = ?, updated_by = ?, updated_at = ? WHERE id = ? AND version = ?",
		data, status, version+1, w.userID, now, w.subID, version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("floor: submission %d not at version %d (%d rows, %v)", w.subID, version, n, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO submission_revisions (submission_id, version, action, from_status, to_status, actor_id, at, diff, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		w.subID, version+1, "save", status, status, w.userID, now, diff, ""); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO audit_log (at, actor_id, org_id, action, object_type, object_id, detail, request_id, remote_addr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		now, w.userID, w.orgID, "submission.save", "submission", fmt.Sprint(w.subID), detail, "", "127.0.0.1"); err != nil {
		return err
	}
	return tx.Commit()
}
