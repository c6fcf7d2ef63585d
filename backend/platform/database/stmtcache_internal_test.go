package database

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

func keptPool(t *testing.T) (*gorm.DB, *stmtPool) {
	t.Helper()
	db, err := Open("sqlite", filepath.Join(t.TempDir(), "t.db"), Options{MaxOpenConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Close(db) })
	if err := db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	p, ok := db.ConnPool.(*stmtPool)
	if !ok {
		t.Fatalf("connection pool %T, want the kept statements", db.ConnPool)
	}
	return db, p
}

// TestStatementsKept: a statement run again is the kept one, alone or in a transaction (where
// its first run prepares it for the next in the background), and the kept ones stay bounded
// however many distinct statements run.
func TestStatementsKept(t *testing.T) {
	db, p := keptPool(t)
	before := p.kept()
	for i := 0; i < 20; i++ {
		var n int64
		if err := db.Raw("SELECT COUNT(*) FROM t WHERE n = ?", i).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
	}
	if got := p.kept() - before; got != 1 {
		t.Fatalf("alone: 20 runs of one statement kept %d statements, want 1", got)
	}

	insert := "INSERT INTO t (n) VALUES (?)"
	for i := 0; i < 5; i++ {
		if err := Tx(context.Background(), db, func(tx *gorm.DB) error {
			return tx.Exec(insert, i).Error
		}); err != nil {
			t.Fatal(err)
		}
		if i == 0 { // the first transaction's statement is prepared in the background
			deadline := time.Now().Add(5 * time.Second)
			for _, ok := p.lookup(insert); !ok && time.Now().Before(deadline); _, ok = p.lookup(insert) {
				time.Sleep(5 * time.Millisecond)
			}
		}
	}
	if _, ok := p.lookup(insert); !ok {
		t.Fatal("in a transaction: the statement was not kept for the next")
	}
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM t").Scan(&n).Error; err != nil || n != 5 {
		t.Fatalf("rows %d (%v), want the 5 inserted", n, err)
	}

	for i := 0; i < 500; i++ {
		var n int64
		if err := db.Raw(fmt.Sprintf("SELECT COUNT(*) FROM t WHERE n > %d", i)).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
	}
	if got := p.kept(); got > 200 {
		t.Fatalf("%d statements kept after 500 distinct ones, want at most 200", got)
	}
}

// TestStatementsEvictedWhileUsed: statements evicted while other goroutines run them (alone and
// in transactions) still answer, and a statement that cannot be prepared gives the driver's
// own error.
func TestStatementsEvictedWhileUsed(t *testing.T) {
	db, p := keptPool(t)
	p.max = 3 // evict all the time
	var wg sync.WaitGroup
	errc := make(chan error, 8)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 60; i++ {
				q := fmt.Sprintf("SELECT COUNT(*) FROM t WHERE n > %d", (w*7+i)%9)
				var n int64
				if w%2 == 0 {
					if err := db.Raw(q).Scan(&n).Error; err != nil {
						errc <- err
						return
					}
					continue
				}
				if err := Tx(context.Background(), db, func(tx *gorm.DB) error {
					if err := tx.Exec("INSERT INTO t (n) VALUES (?)", i).Error; err != nil {
						return err
					}
					return tx.Raw(q).Scan(&n).Error
				}); err != nil {
					errc <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatalf("a statement evicted while used: %v", err)
	}
	err := db.Exec("INSERT INTO no_such_table (n) VALUES (1)").Error
	if err == nil || !strings.Contains(err.Error(), "no_such_table") {
		t.Fatalf("unpreparable statement: %v, want the driver's error naming the table", err)
	}
}
