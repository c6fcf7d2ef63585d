package rollup_test

import (
	"context"
	"os"
	"runtime"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/app"
	"github.com/tianbao-edu/tianbao/backend/config"
	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// benchApp opens the database named by TIANBAO_BENCH_DB (made by `tianbao seed --synthetic N`,
// see scripts/bench.sh), or skips.
func benchApp(b *testing.B) (*app.App, scope.Scope, string) {
	b.Helper()
	dsn := os.Getenv("TIANBAO_BENCH_DB")
	if dsn == "" {
		b.Skip("TIANBAO_BENCH_DB not set; run scripts/bench.sh")
	}
	cfg := config.Default()
	cfg.DB, cfg.Demo, cfg.DataDir = dsn, true, b.TempDir()
	cfg.JWTSecret = "bench-secret-bench-secret-bench-secret-00"
	a, err := app.Open(context.Background(), cfg, app.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = a.Close() })
	root, err := a.Orgs.ByCode(context.Background(), "qjjw")
	if err != nil {
		b.Fatal(err)
	}
	return a, scope.Of(root.Path), a.DemoPeriod()
}

// BenchmarkSummary is the leader's first screen: every indicator, district-wide, as a request
// gets it (from the cache while the totals version stands).
func BenchmarkSummary(b *testing.B) {
	a, sc, period := benchApp(b)
	ctx := context.Background()
	defer cpuPerOp(b)()
	for b.Loop() {
		s, err := a.Rollup.Summary(ctx, sc, period, rollup.BasisApproved)
		if err != nil {
			b.Fatal(err)
		}
		if s.Items[0].OrgsReporting == 0 {
			b.Fatal("no data: seed the benchmark database first")
		}
	}
}

// cpuPerOp locks the benchmark to its OS thread and, when the returned func runs, reports the
// thread's CPU time per operation (cpu_us/op): unlike ns/op, it does not grow when other
// programs share the machine. The pure-Go SQLite driver runs on this thread; MySQL's server
// time is not counted.
func cpuPerOp(b *testing.B) func() {
	runtime.LockOSThread()
	start := testenv.ThreadCPU()
	return func() {
		b.ReportMetric(float64(testenv.ThreadCPU()-start)/1e3/float64(b.N), "cpu_us/op")
		runtime.UnlockOSThread()
	}
}

// BenchmarkComputeSummary is BenchmarkSummary without the summary cache: what a summary costs
// the first time after a change, from the group totals. It should not grow with the orgs.
func BenchmarkComputeSummary(b *testing.B) {
	a, sc, period := benchApp(b)
	ctx := context.Background()
	defer cpuPerOp(b)()
	for b.Loop() {
		s, err := rollup.ComputeSummary(a.Rollup, ctx, sc, period, rollup.BasisApproved)
		if err != nil {
			b.Fatal(err)
		}
		if s.Items[0].OrgsReporting == 0 {
			b.Fatal("no data: seed the benchmark database first")
		}
	}
}

// BenchmarkHandSQL is the floor to compare with: one hand-written statement that reads every
// approved fact of the period in scope once and aggregates per form, field and choice, which
// is all the summary's sums and counts need.
func BenchmarkHandSQL(b *testing.B) {
	a, sc, period := benchApp(b)
	const q = `SELECT f.form_code, f.field, f.text, SUM(f.num_e4) AS total, COUNT(*) AS orgs
FROM facts f JOIN orgs o ON o.id = f.org_id
WHERE f.period = ? AND f.status = 'approved' AND o.path LIKE ?
GROUP BY f.form_code, f.field, f.text`
	for b.Loop() {
		rows, err := a.DB.Raw(q, period, sc.Paths()[0]+"%").Rows()
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		if n == 0 {
			b.Fatal("no data: seed the benchmark database first")
		}
	}
}

// BenchmarkDetailByTown is one drill-down: training ratio by town with the failing schools.
func BenchmarkDetailByTown(b *testing.B) {
	a, sc, period := benchApp(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := a.Rollup.Detail(ctx, sc, "training.spend_ratio", period, rollup.BasisApproved, rollup.GroupTown); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHandSQLTotals is the floor of the design the summary uses: one hand-written
// statement over the per-group totals.
func BenchmarkHandSQLTotals(b *testing.B) {
	a, _, period := benchApp(b)
	const q = `SELECT indicator, SUM(num_hi), SUM(num_lo), SUM(den_hi), SUM(den_lo), SUM(orgs), SUM(pass), SUM(fail)
FROM indicator_totals WHERE period = ? AND status = 'approved' GROUP BY indicator`
	for b.Loop() {
		rows, err := a.DB.Raw(q, period).Rows()
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		if n == 0 {
			b.Fatal("no data: seed the benchmark database first")
		}
	}
}
