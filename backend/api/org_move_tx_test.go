package api_test

import (
	"fmt"
	"net/http"
	"sort"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// failInserts makes every insert into table fail until the returned function mends it: a
// recount or audit write that breaks half-way, on the real database.
func failInserts(t *testing.T, e *testenv.Env, table string) (mend func()) {
	t.Helper()
	name := "fail_" + table
	create := fmt.Sprintf("CREATE TRIGGER %s BEFORE INSERT ON %s BEGIN SELECT RAISE(ABORT, '%s unwritable'); END", name, table, table)
	if e.Kind == "mysql" {
		create = fmt.Sprintf("CREATE TRIGGER %s BEFORE INSERT ON %s FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '%s unwritable'", name, table, table)
	}
	if err := e.App.DB.Exec(create).Error; err != nil {
		t.Fatalf("break %s: %v", table, err)
	}
	mended := false
	mend = func() {
		if !mended {
			mended = true
			if err := e.App.DB.Exec("DROP TRIGGER " + name).Error; err != nil {
				t.Fatalf("mend %s: %v", table, err)
			}
		}
	}
	t.Cleanup(mend)
	return mend
}

// snapshot is every row of the tables, for comparing before and after a refused change.
func snapshot(t *testing.T, e *testenv.Env, tables ...string) string {
	t.Helper()
	out := ""
	for _, tb := range tables {
		var rows []map[string]any
		if err := e.App.DB.Table(tb).Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		lines := make([]string, len(rows))
		for i, r := range rows {
			lines[i] = fmt.Sprint(r)
		}
		sort.Strings(lines)
		out += fmt.Sprintf("%s %d %v\n", tb, len(rows), lines)
	}
	return out
}

// TestOrgChangeIsOneTransaction: an org move is saved with its audit row, the policy version
// and both recounts, or not at all; org create and rename are audited in their transaction.
func TestOrgChangeIsOneTransaction(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := testenv.New(t, kind)
		admin := e.Login("admin")
		xhzx := e.OrgID("xhzx")
		orgPath := fmt.Sprintf("/api/v1/orgs/%d", xhzx)
		move := func() *testenv.Response {
			return e.Do(http.MethodPatch, orgPath, admin, map[string]any{"parent_id": e.OrgID("town-zhuoshui")})
		}
		// An approved submission of the school, so the move has figures to carry.
		x, rv := e.Login("xhzx"), e.Login("reviewer")
		r := e.Do(http.MethodPost, "/api/v1/submissions", x, map[string]any{"form": "teacher-training", "period": "2025"})
		sub := fmt.Sprintf("/api/v1/submissions/%d", id(t, r.JSON(t), "id"))
		wantStatus(t, e.Do(http.MethodPut, sub, x, map[string]any{"version": 1, "values": map[string]any{"payroll_total": "1000000", "training_spend": "20000"}}), 200)
		wantStatus(t, e.Do(http.MethodPost, sub+"/submit", x, nil), 200)
		wantStatus(t, e.Do(http.MethodPost, sub+"/approve", rv, nil), 200)
		for _, tb := range []string{"indicator_totals", "task_totals"} {
			var n int64
			if err := e.App.DB.Table(tb).Count(&n).Error; err != nil || n == 0 {
				t.Fatalf("%s has %d rows (%v): the recount would write nothing", tb, n, err)
			}
		}
		createUser(t, e, admin, "cn-audit-reviewer", "town-chengnan", "reviewer")
		townReviewer := loginPair(t, e, "cn-audit-reviewer", "Fixture@2025!").Access
		wantStatus(t, e.Do(http.MethodGet, orgPath, townReviewer, nil), http.StatusOK)
		state := func() string {
			return snapshot(t, e, "orgs", "indicator_facts", "indicator_totals", "task_totals", "settings")
		}
		for _, c := range []struct{ name, table string }{
			{"move-500-rollup-recount-fails", "indicator_totals"},
			{"move-500-task-recount-fails", "task_totals"},
			{"move-500-audit-fails", "audit_log"},
		} {
			t.Run(c.name, func(t *testing.T) {
				before, audits := state(), auditCount(t, e, "org.move")
				mend := failInserts(t, e, c.table)
				if r := move(); r.Status != http.StatusInternalServerError {
					t.Fatalf("want 500 while %s is unwritable, got %d: %s", c.table, r.Status, r.Body)
				}
				mend()
				if after := state(); after != before {
					t.Fatalf("a failed move left changes:\nbefore %s\nafter  %s", before, after)
				}
				if n := auditCount(t, e, "org.move"); n != audits {
					t.Fatalf("org.move rows %d → %d", audits, n)
				}
			})
		}
		t.Run("move-200-then-audited-and-placed", func(t *testing.T) {
			before := auditCount(t, e, "org.move")
			r := move()
			wantStatus(t, r, http.StatusOK)
			if n := auditCount(t, e, "org.move"); n != before+1 {
				t.Fatalf("org.move rows %d → %d", before, n)
			}
			// The old town's reviewer lost the school at once: the policy moved with it.
			wantStatus(t, e.Do(http.MethodGet, orgPath, townReviewer, nil), http.StatusNotFound)
		})
		t.Run("create-and-rename-audited-in-their-transaction", func(t *testing.T) {
			town := e.OrgID("town-chengnan")
			body := map[string]any{"parent_id": town, "code": "audit-school", "name": "审计小学", "type": "primary"}
			mend := failInserts(t, e, "audit_log")
			if r := e.Do(http.MethodPost, "/api/v1/orgs", admin, body); r.Status != http.StatusInternalServerError {
				t.Fatalf("create while the audit log is unwritable: %d %s", r.Status, r.Body)
			}
			if r := e.Do(http.MethodPatch, fmt.Sprintf("/api/v1/orgs/%d", town), admin, map[string]any{"name": "改名街道"}); r.Status != http.StatusInternalServerError {
				t.Fatalf("rename while the audit log is unwritable: %d %s", r.Status, r.Body)
			}
			mend()
			if orgByID(t, e, admin, town)["name"] == "改名街道" {
				t.Fatal("the rename survived its failed audit")
			}
			creates, updates := auditCount(t, e, "org.create"), auditCount(t, e, "org.update")
			wantStatus(t, e.Do(http.MethodPost, "/api/v1/orgs", admin, body), http.StatusCreated)
			wantStatus(t, e.Do(http.MethodPatch, fmt.Sprintf("/api/v1/orgs/%d", town), admin, map[string]any{"name": "改名街道"}), http.StatusOK)
			if auditCount(t, e, "org.create") != creates+1 || auditCount(t, e, "org.update") != updates+1 {
				t.Fatal("org create and rename are not audited")
			}
		})
	})
}
