// Package loadtest is `tianbao loadtest`: it drives a real Tianbao server over HTTP with W workers,
// each owning a different school's submission, and reports requests/s, latency percentiles,
// answers >= 500 and the server's CPU per request, next to two yardsticks measured in the same
// run: the hand-written floor (the save transaction written by hand with database/sql) and a
// reference echo program (JWT, one casbin check, one row by key). After the write scenarios it
// checks that the maintained totals equal a full rebuild. The report is Markdown.
package loadtest

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
)

// Scenarios, in the order they run.
var allScenarios = []string{"save", "floor", "cycle", "read", "reference", "mixed", "byorg"}

const synopsis = "loadtest [-db sqlite|sqlite:PATH|mysql:DSN] [-url URL] [-workers 16] [-dashboards 16] [-duration 60s] [-scenarios LIST]"

const what = `drive a Tianbao server with W workers, each owning a different school's submission, and print a
Markdown report: requests/s, p50/p99/max latency, answers >= 500, server CPU per request and RSS.

Without -url it starts its own server (this binary's serve, demo district, on a fresh database given by
-db: "sqlite" is a new file in a temporary directory, "mysql:root@tcp(127.0.0.1:3306)/" a new database
on that server, dropped afterwards; a DSN or path naming an existing database is used as is).

scenarios (-scenarios, comma-separated, default all, in this order):
  save       draft saves (PUT /submissions/{id})
  floor      the same UPDATE+INSERT transactions by hand with database/sql (needs the database)
  cycle      save -> submit -> approve -> reopen (reviewer token); then maintained totals vs a full rebuild
  read       /me, GET /submissions/{id}, /tasks, the district summary, and the summary revalidated
             (If-None-Match with the previous answer's ETag), each for a quarter of -duration
  reference  a reference echo program (JWT verify + one casbin check + one row by key), quarter of -duration
  mixed      the cycle while -dashboards leaders load the district summary; totals checked again
  byorg      the district leader's training ratio by school (group_by=org, first page), quarter of -duration

Exit status 1 when any answer was >= 500 or the totals differ from the rebuild.`

// Options configure a run.
type Options struct {
	URL        string
	DB         string
	ServerBin  string
	Workers    int
	Dashboards int
	Duration   time.Duration
	Scenarios  []string
	DemoData   bool
	Keep       bool
	PID        int
	Secret     string
	Form       string
	Password   string
	Admin      string
	Reviewer   string
	Leader     string
	Synthetic  int
}

// Main runs `tianbao loadtest ARGS`, writing the report to stdout and progress to stderr.
func Main(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "reference-serve" {
		return referenceMain(ctx, args[1:], stdout)
	}
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	var o Options
	var scen string
	fs.StringVar(&o.URL, "url", "", "drive this running server instead of starting one (e.g. http://127.0.0.1:8080)")
	fs.StringVar(&o.DB, "db", "sqlite", "database: sqlite (fresh), sqlite:PATH, mysql:DSN (no database name: a fresh one, dropped afterwards); with -url, the server's own database (for the floor and the totals check)")
	fs.StringVar(&o.ServerBin, "server-bin", "", "tianbao binary to start (default: this one)")
	fs.IntVar(&o.Workers, "workers", 16, "concurrent workers, each owning a different school's submission")
	fs.IntVar(&o.Dashboards, "dashboards", 16, "leaders loading the district summary during the mixed scenario")
	fs.DurationVar(&o.Duration, "duration", 60*time.Second, "how long each scenario runs")
	fs.StringVar(&scen, "scenarios", strings.Join(allScenarios, ","), "which scenarios to run")
	fs.IntVar(&o.Synthetic, "synthetic", 0, "before starting the server, add N synthetic schools with approved submissions (tianbao seed --synthetic N), e.g. 10000 for the summary at district scale")
	fs.BoolVar(&o.DemoData, "demo-data", true, "the started server fills most schools' forms (TIANBAO_DEMO_DATA), so the summary has figures")
	fs.BoolVar(&o.Keep, "keep", false, "keep the fresh database and the server's log")
	fs.IntVar(&o.PID, "pid", 0, "with -url: the server's process id, to read its CPU and RSS from /proc")
	fs.StringVar(&o.Secret, "jwt-secret", "", "with -url: the server's TIANBAO_JWT_SECRET, for the reference program")
	fs.StringVar(&o.Form, "form", "teacher-training", "the form every worker fills")
	fs.StringVar(&o.Password, "password", "Demo@2025!", "password of the admin, reviewer and leader accounts")
	fs.StringVar(&o.Admin, "admin", "admin", "sysadmin account that creates the workers' accounts")
	fs.StringVar(&o.Reviewer, "reviewer", "reviewer", "reviewer account that approves and reopens")
	fs.StringVar(&o.Leader, "leader", "leader", "leader account that loads the district summary")
	if help, err := parseFlags(fs, stdout, args); help || err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("loadtest takes no arguments, got %q", fs.Args())
	}
	dbSet := false
	fs.Visit(func(f *flag.Flag) { dbSet = dbSet || f.Name == "db" })
	if o.URL != "" && !dbSet {
		o.DB = "" // an external server's database is unknown unless -db names it
	}
	o.Scenarios = strings.Split(scen, ",")
	for _, s := range o.Scenarios {
		if !contains(allScenarios, s) {
			return fmt.Errorf("loadtest: unknown scenario %q (want %s)", s, strings.Join(allScenarios, ","))
		}
	}
	if o.Workers < 1 || o.Dashboards < 0 || o.Duration <= 0 {
		return errors.New("loadtest: -workers must be positive, -dashboards not negative, -duration positive")
	}
	if o.ServerBin == "" {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		o.ServerBin = exe
	}
	rep, err := Run(ctx, o, os.Stderr)
	if rep != nil {
		rep.write(stdout)
	}
	if err != nil {
		return err
	}
	if n, _ := rep.bad(); n > 0 {
		return fmt.Errorf("loadtest: %d responses >= 500 (other than 503)", n)
	}
	for _, c := range rep.checks {
		if !c.equal {
			return errors.New("loadtest: maintained totals differ from a full rebuild")
		}
	}
	return nil
}

func parseFlags(fs *flag.FlagSet, stdout io.Writer, args []string) (bool, error) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, "usage: tianbao %s\n\n%s\n\nflags:\n", synopsis, what)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return true, nil
		}
		return false, fmt.Errorf("loadtest: %w\nusage: tianbao %s (see --help)", err, synopsis)
	}
	return false, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// env is what a run set up: the server, the database, the reference program.
type env struct {
	o        Options
	log      io.Writer
	dir      string
	db       string // TIANBAO_DB form; "" when unknown (-url without -db)
	dbLabel  string
	url      string
	pid      int
	secret   string
	refURL   string
	refPID   int
	logPath  string // the started server's log
	cleanups []func()
}

func (e *env) cleanup() {
	for i := len(e.cleanups) - 1; i >= 0; i-- {
		e.cleanups[i]()
	}
}

func (e *env) logf(format string, args ...any) {
	fmt.Fprintf(e.log, "loadtest: "+format+"\n", args...)
}

// Run sets up (or attaches to) a server, runs the scenarios and returns the report.
func Run(ctx context.Context, o Options, log io.Writer) (*report, error) {
	e := &env{o: o, log: log, url: strings.TrimRight(o.URL, "/"), pid: o.PID, secret: o.Secret}
	defer e.cleanup()
	dir, err := os.MkdirTemp("", "tianbao-load-")
	if err != nil {
		return nil, err
	}
	e.dir = dir
	e.cleanups = append(e.cleanups, func() {
		if !o.Keep {
			_ = os.RemoveAll(dir)
		} else {
			e.logf("kept %s", dir)
		}
	})
	if err := e.prepareDB(ctx); err != nil {
		return nil, err
	}
	if e.url == "" {
		if err := e.startServer(ctx); err != nil {
			return nil, err
		}
	}
	rep := &report{o: o, db: e.dbLabel, url: e.url, started: time.Now().UTC(), cpus: runtime.NumCPU()}
	c := newClient(e.url, o.Workers+o.Dashboards)
	fx, err := setup(ctx, c, o, e)
	if err != nil {
		return rep, fmt.Errorf("setup: %w", err)
	}
	rep.period = fx.period
	if contains(o.Scenarios, "reference") && e.secret != "" && e.db != "" {
		if err := e.startReference(ctx); err != nil {
			return rep, fmt.Errorf("reference program: %w", err)
		}
	}
	d := o.Duration
	quarter := max(d/4, time.Second)
	for _, s := range o.Scenarios {
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		e.logf("scenario %s", s)
		switch s {
		case "save":
			rep.add(e.measure(ctx, "save", d, e.pid, func(ctx context.Context, p *phase) { runSave(ctx, c, fx, p) }))
		case "floor":
			if e.db == "" {
				rep.notes = append(rep.notes, "floor skipped: the database is unknown (-url without -db)")
				continue
			}
			p, err := runFloor(ctx, e.db, fx.workers, d)
			if err != nil {
				return rep, err
			}
			e.logf("  floor: %d transactions in %s", p.requests(), p.elapsed.Round(time.Millisecond))
			rep.add(p)
		case "cycle":
			rep.add(e.measure(ctx, "cycle", d, e.pid, func(ctx context.Context, p *phase) { runCycle(ctx, c, fx, p) }))
			if err := e.check(ctx, rep, "after cycle"); err != nil {
				return rep, err
			}
		case "read":
			for _, r := range readOps(fx) {
				rep.add(e.measure(ctx, "read "+r.name, quarter, e.pid, func(ctx context.Context, p *phase) { runRead(ctx, c, fx, p, r) }))
			}
		case "reference":
			if e.refURL == "" {
				rep.notes = append(rep.notes, "reference skipped: it needs the database and the JWT secret (-url without -db and -jwt-secret)")
				continue
			}
			rc := newClient(e.refURL, o.Workers)
			p := e.measure(ctx, "reference", quarter, e.refPID, func(ctx context.Context, p *phase) {
				runRead(ctx, rc, fx, p, readOp{name: "reference GET /ref", path: func(*worker) string { return "/ref" }})
			})
			p.cpuOfRef = true
			rep.add(p)
		case "byorg":
			op := readOp{name: "training ratio by school", leader: true, path: func(*worker) string {
				return "/api/v1/indicators/training.spend_ratio?basis=all&group_by=org&period=" + url.QueryEscape(fx.period)
			}}
			rep.add(e.measure(ctx, "byorg", quarter, e.pid, func(ctx context.Context, p *phase) { runRead(ctx, c, fx, p, op) }))
		case "mixed":
			rep.add(e.measure(ctx, "mixed", d, e.pid, func(ctx context.Context, p *phase) { runMixed(ctx, c, fx, p, o.Dashboards) }))
			if err := e.check(ctx, rep, "after mixed"); err != nil {
				return rep, err
			}
		}
	}
	rep.rssKB, rep.peakKB = procRSS(e.pid)
	rep.explain(e.logPath)
	return rep, nil
}

// measure runs fn for d and records the elapsed time, CPU and RSS of pid.
func (e *env) measure(ctx context.Context, name string, d time.Duration, pid int, fn func(context.Context, *phase)) *phase {
	p := newPhase(name)
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	cpu0 := procCPU(pid)
	start := time.Now()
	fn(ctx, p)
	p.elapsed = time.Since(start)
	if cpu1 := procCPU(pid); cpu0 >= 0 && cpu1 >= 0 {
		p.cpu = cpu1 - cpu0
	}
	p.rssKB, _ = procRSS(pid)
	n5, n503, _ := p.bad()
	e.logf("  %s: %d requests in %s, %d >= 500, %d 503", name, p.requests(), p.elapsed.Round(time.Millisecond), n5, n503)
	return p
}

func (e *env) check(ctx context.Context, rep *report, when string) error {
	if e.db == "" {
		rep.notes = append(rep.notes, "totals check skipped: the database is unknown (-url without -db)")
		return nil
	}
	note, equal, err := CheckTotals(ctx, e.db, filepath.Join(e.dir, "check"))
	if err != nil {
		return fmt.Errorf("totals check %s: %w", when, err)
	}
	rep.checks = append(rep.checks, totalsCheck{when: when, equal: equal, note: note})
	e.logf("  totals %s: equal=%v (%s)", when, equal, note)
	return nil
}

// prepareDB resolves -db into a database the server and the tool share.
func (e *env) prepareDB(ctx context.Context) error {
	db := e.o.DB
	switch {
	case db == "" && e.url != "":
		e.dbLabel = "unknown (external server)"
		return nil
	case db == "sqlite" || db == "":
		e.db = "sqlite:" + filepath.Join(e.dir, "tianbao.db")
		e.dbLabel = "SQLite (fresh file)"
	case strings.HasPrefix(db, "sqlite:"):
		e.db = db
		e.dbLabel = "SQLite " + strings.TrimPrefix(db, "sqlite:")
	case strings.HasPrefix(db, "mysql:"):
		cfg, err := gomysql.ParseDSN(strings.TrimPrefix(db, "mysql:"))
		if err != nil {
			return fmt.Errorf("-db: %w", err)
		}
		if cfg.DBName != "" {
			e.db = db
			e.dbLabel = "MySQL/MariaDB " + cfg.Addr + "/" + cfg.DBName
			return nil
		}
		admin, err := sql.Open("mysql", cfg.FormatDSN())
		if err != nil {
			return err
		}
		name := "tianbao_load_" + randHex(4)
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
			_ = admin.Close()
			return fmt.Errorf("create database: %w", err)
		}
		e.cleanups = append(e.cleanups, func() {
			if !e.o.Keep {
				_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name)
			} else {
				e.logf("kept database %s", name)
			}
			_ = admin.Close()
		})
		var version string
		_ = admin.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version)
		cfg.DBName = name
		e.db = "mysql:" + cfg.FormatDSN()
		e.dbLabel = "MySQL/MariaDB " + version + " at " + cfg.Addr + " (fresh database)"
	default:
		return fmt.Errorf("-db %q: want sqlite, sqlite:PATH or mysql:DSN", db)
	}
	return nil
}

// startServer runs `tianbao serve` in demo mode on the prepared database and waits for /readyz.
func (e *env) startServer(ctx context.Context) error {
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	if e.secret == "" {
		e.secret = randHex(32)
	}
	logPath := filepath.Join(e.dir, "server.log")
	e.logPath = logPath
	logf, err := os.Create(logPath)
	if err != nil {
		return err
	}
	demoData := "0"
	if e.o.DemoData {
		demoData = "1"
	}
	env := append(os.Environ(), "TIANBAO_ADDR="+addr, "TIANBAO_DB="+e.db, "TIANBAO_DEMO=1", "TIANBAO_DEMO_DATA="+demoData,
		"TIANBAO_JWT_SECRET="+e.secret, "TIANBAO_BCRYPT_COST=4", "TIANBAO_LOG_LEVEL=warn",
		"TIANBAO_DATA_DIR="+filepath.Join(e.dir, "data"), "TIANBAO_METRICS_ADDR=", "TIANBAO_METRICS_TOKEN=")
	if e.o.Synthetic > 0 {
		e.logf("seeding %d synthetic schools (tianbao seed --synthetic %d)", e.o.Synthetic, e.o.Synthetic)
		start := time.Now()
		seed := exec.CommandContext(ctx, e.o.ServerBin, "seed", "--synthetic", fmt.Sprint(e.o.Synthetic))
		seed.Env, seed.Stdout, seed.Stderr = env, logf, logf
		if err := seed.Run(); err != nil {
			_ = logf.Close()
			b, _ := os.ReadFile(logPath)
			return fmt.Errorf("seed --synthetic: %v\n%s", err, tailString(string(b), 3000))
		}
		e.dbLabel += fmt.Sprintf(", %d synthetic schools", e.o.Synthetic)
		e.logf("seeded in %s", time.Since(start).Round(time.Second))
	}
	cmd := exec.Command(e.o.ServerBin, "serve")
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		_ = logf.Close()
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	e.pid = cmd.Process.Pid
	e.url = "http://" + addr
	e.cleanups = append(e.cleanups, func() {
		stopGroup(cmd.Process.Pid, done)
		_ = logf.Close()
	})
	e.logf("server pid %d on %s (%s), log %s", e.pid, e.url, e.dbLabel, logPath)
	deadline := time.Now().Add(5 * time.Minute)
	for {
		select {
		case err := <-done:
			done <- err
			b, _ := os.ReadFile(logPath)
			return fmt.Errorf("server exited at start: %v\n%s", err, tailString(string(b), 3000))
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if resp, err := http.Get(e.url + "/readyz"); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return errors.New("server not ready after 5 minutes")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stopGroup sends SIGTERM to the process group, then SIGKILL after 15 s.
func stopGroup(pid int, done chan error) {
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-done
	}
}

func tailString(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startReference runs the reference program as a child process and reads its address.
func (e *env) startReference(ctx context.Context) error {
	cmd := exec.Command(e.o.ServerBin, "loadtest", "reference-serve", "-db", e.db, "-jwt-secret", e.secret)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stderr = e.log
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	e.cleanups = append(e.cleanups, func() { stopGroup(cmd.Process.Pid, done) })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
	}()
	select {
	case l := <-lines:
		addr, ok := strings.CutPrefix(l, "reference listening on ")
		if !ok {
			return fmt.Errorf("unexpected output %q", l)
		}
		e.refURL = "http://" + addr
		e.refPID = cmd.Process.Pid
		return nil
	case err := <-done:
		return fmt.Errorf("exited: %v", err)
	case <-time.After(30 * time.Second):
		return errors.New("no address within 30 s")
	case <-ctx.Done():
		return ctx.Err()
	}
}

func referenceMain(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("loadtest reference-serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	db := fs.String("db", "", "database (TIANBAO_DB form)")
	secret := fs.String("jwt-secret", "", "the server's JWT secret")
	if help, err := parseFlags(fs, stdout, args); help || err != nil {
		return err
	}
	var once sync.Once
	return serveReference(ctx, *addr, *db, *secret, func(a net.Addr) {
		once.Do(func() { fmt.Fprintf(stdout, "reference listening on %s\n", a) })
	})
}
