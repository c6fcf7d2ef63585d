package form_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// statements records the SQL of every query gorm runs on db while on is set.
type statements struct {
	mu  sync.Mutex
	on  bool
	sql []string
}

func record(t *testing.T, db *gorm.DB) *statements {
	t.Helper()
	s := &statements{}
	rec := func(d *gorm.DB) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.on {
			s.sql = append(s.sql, d.Statement.SQL.String())
		}
	}
	if err := db.Callback().Query().After("*").Register("test:record", rec); err != nil {
		t.Fatal(err)
	}
	if err := db.Callback().Row().After("*").Register("test:record", rec); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *statements) during(fn func()) []string {
	s.mu.Lock()
	s.on, s.sql = true, nil
	s.mu.Unlock()
	fn()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.on = false
	return s.sql
}

// summary is what a list shows of each form: code, version, title and the whole schema.
func summary(t *testing.T, fs []*form.Form) string {
	t.Helper()
	var b strings.Builder
	for _, f := range fs {
		j, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(f.Code + "@" + strconv.Itoa(f.Version) + " " + f.Title + " " + string(j) + "\n")
	}
	return b.String()
}

// The registry caches parsed versions (titles included) by code and version: a cached list is
// what an uncached registry reads, a new version is seen at once (also when another instance
// imported it), old versions keep their own titles, and a warm list reads no schema.
func TestFormCacheByVersion(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		ctx := context.Background()
		fresh := func() *form.Registry { return form.NewRegistry(form.NewStore(e.App.DB), e.App.Now, nil) }
		stmts := record(t, e.App.DB)
		list := func(r *form.Registry) []*form.Form {
			t.Helper()
			fs, err := r.List(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return fs
		}
		cached := e.App.Forms
		first := list(cached)
		if len(first) == 0 {
			t.Fatal("no forms")
		}
		if got, want := summary(t, list(cached)), summary(t, list(fresh())); got != want {
			t.Fatalf("cached list differs from an uncached read:\n%s\n%s", got, want)
		}
		// Warm: one short query (which versions are the newest), no schema read.
		sql := stmts.during(func() { list(cached) })
		if len(sql) != 1 || strings.Contains(sql[0], "schema") || strings.Contains(sql[0], "*") {
			t.Fatalf("a warm list ran %v", sql)
		}
		if sql := stmts.during(func() {
			if _, err := cached.Version(ctx, first[0].Code, first[0].Version); err != nil {
				t.Fatal(err)
			}
		}); len(sql) != 0 {
			t.Fatalf("a cached version was read again: %v", sql)
		}

		// A new version with a new title, imported through another instance (a replica).
		code := "teacher-training"
		cur, err := cached.Current(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		next := *cur
		next.Title = cur.Title + "（修订）"
		other := fresh()
		made, created, err := other.Import(ctx, nil, &next)
		if err != nil || !created {
			t.Fatalf("import: %v %v", created, err)
		}
		titleOf := func(fs []*form.Form) (string, int) {
			for _, f := range fs {
				if f.Code == code {
					return f.Title, f.Version
				}
			}
			return "", 0
		}
		if title, v := titleOf(list(cached)); title != next.Title || v != made.Version {
			t.Fatalf("after a new version the cached list says %q v%d, want %q v%d", title, v, next.Title, made.Version)
		}
		if got, want := summary(t, list(cached)), summary(t, list(fresh())); got != want {
			t.Fatalf("cached list differs from an uncached read after an import:\n%s\n%s", got, want)
		}
		old, err := cached.Version(ctx, code, cur.Version)
		if err != nil || old.Title != cur.Title || old.Version != cur.Version {
			t.Fatalf("version %d: %+v %v, want title %q", cur.Version, old, err, cur.Title)
		}
		now, err := cached.Current(ctx, code)
		if err != nil || now.Title != next.Title || now.Version != made.Version {
			t.Fatalf("current: %q v%d %v", now.Title, now.Version, err)
		}
	})
}
