package database_test

import (
	"testing"
	"time"
)

// TestSQLiteTimesKeepTheirForm: a database file written before the driver change (glebarez's
// fork of modernc.org/sqlite) stored times as "2006-01-02 15:04:05.999999999-07:00"; the
// driver writes that form still, reads it back as the same instant, and gives an expression's
// text (MAX of a time column) as the text stored, not re-formatted.
func TestSQLiteTimesKeepTheirForm(t *testing.T) {
	db := openSQLite(t)
	if err := db.Exec("CREATE TABLE ev (id INTEGER PRIMARY KEY, at DATETIME NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 30, 8, 5, 3, 120000000, time.UTC)
	if err := db.Exec("INSERT INTO ev (id, at) VALUES (1, ?)", at).Error; err != nil {
		t.Fatal(err)
	}
	// Written by the earlier driver, as text.
	if err := db.Exec("INSERT INTO ev (id, at) VALUES (2, '2025-01-02 03:04:05.5+00:00')").Error; err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := db.Raw("SELECT CAST(at AS TEXT) FROM ev WHERE id = 1").Scan(&raw).Error; err != nil {
		t.Fatal(err)
	}
	if want := "2026-11-30 08:05:03.12+00:00"; raw != want {
		t.Fatalf("stored form %q, want %q", raw, want)
	}
	var rows []struct {
		ID int64
		At time.Time
	}
	if err := db.Raw("SELECT id, at FROM ev ORDER BY id").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	old := time.Date(2025, 1, 2, 3, 4, 5, 500000000, time.UTC)
	if len(rows) != 2 || !rows[0].At.Equal(at) || !rows[1].At.Equal(old) {
		t.Fatalf("read back %+v, want %v and %v", rows, at, old)
	}
	var latest string
	if err := db.Raw("SELECT MAX(at) FROM ev").Scan(&latest).Error; err != nil {
		t.Fatal(err)
	}
	if latest != raw {
		t.Fatalf("MAX(at) as text %q, want the stored %q", latest, raw)
	}
}
