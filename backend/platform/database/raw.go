package database

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"
)

// Query runs a read straight on db's connection pool (its transaction, when db is bound to
// one): a prepared statement, without gorm's query building and reflective scanning, for the
// few reads every request makes (the caller's account, a form's newest version). The handle's
// logger sees the statement like any other, and an unreachable database is errs.ErrUnavailable.
func Query(ctx context.Context, db *gorm.DB, query string, args ...any) (*sql.Rows, error) {
	begin := time.Now()
	rows, err := db.Statement.ConnPool.QueryContext(ctx, query, args...)
	db.Logger.Trace(ctx, begin, func() (string, int64) { return query, -1 }, err)
	return rows, MarkUnavailable(err)
}

// QueryRow is Query for one row: it scans the first row into dest and reports whether there
// was one.
func QueryRow(ctx context.Context, db *gorm.DB, query string, args []any, dest ...any) (bool, error) {
	rows, err := Query(ctx, db, query, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return false, MarkUnavailable(rows.Err())
	}
	if err := rows.Scan(dest...); err != nil {
		return false, MarkUnavailable(err)
	}
	return true, MarkUnavailable(rows.Close())
}
