// Command tianbao is the whole platform in one binary: the server and its operator commands.
//
//	tianbao serve                 start the HTTP server (TIANBAO_DEMO=1 seeds demo data)
//	tianbao migrate               apply database migrations
//	tianbao seed [--demo]         load the org tree (and demo orgs)
//	tianbao user create|reset-password|grant|revoke ...
//	tianbao demo purge            delete the demo accounts and their data, rebuild the figures
//	tianbao backup --out FILE     consistent online copy of the SQLite database
//	tianbao healthcheck           GET /healthz on the local server; exit 0 when it answers 200
//	tianbao loadtest              load test with a Markdown report (docs/performance.md)
//	tianbao version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/tianbao-edu/tianbao/backend/app"
	"github.com/tianbao-edu/tianbao/backend/config"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/loadtest"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "tianbao:", err)
		os.Exit(1)
	}
}

// stopSignals restores the default signal handling (set by run).
var stopSignals = func() {}

// stdout is where help and reports go (a test reads it).
var stdout io.Writer = os.Stdout

const usage = `usage: tianbao <command> [flags]

commands:
  serve                          start the server
  migrate                        apply database migrations
  seed [--demo]                  load seeds/orgs.yaml (with --demo: demo orgs and accounts too)
  user create --org CODE --role ROLE [--name NAME] USERNAME   (password from TIANBAO_PASSWORD or stdin)
  user reset-password USERNAME   (password from TIANBAO_PASSWORD or stdin)
  user grant|revoke --org CODE --role ROLE USERNAME
  demo purge                     delete the demo accounts, their submissions and campaigns; rebuild the figures
  backup --out FILE              consistent online copy of the SQLite database (MySQL: use mysqldump)
  healthcheck [--path /healthz]  ask the server on TIANBAO_ADDR's port; exit 0 when it answers 200
  loadtest [-db DB] [-url URL]   drive a server with concurrent clerks, reviewers and dashboards; Markdown report
  version

Each command takes --help. Run seed before user create: users belong to orgs of the seeded tree.

configuration: TIANBAO_ADDR, TIANBAO_DB, TIANBAO_DATA_DIR, TIANBAO_JWT_SECRET, TIANBAO_DEMO,
TIANBAO_ACCESS_TTL, TIANBAO_REFRESH_TTL, TIANBAO_BCRYPT_COST, TIANBAO_LOG_LEVEL, TIANBAO_BODY_LIMIT,
TIANBAO_DB_MAX_OPEN, TIANBAO_SHUTDOWN_TIMEOUT, TIANBAO_TRUSTED_PROXIES,
TIANBAO_METRICS_ADDR, TIANBAO_METRICS_TOKEN (see README and deploy/README.md)`

func run(args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, usage)
		return errors.New("no command")
	}
	cmd, rest := args[0], args[1:]
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stopSignals = stop
	switch cmd {
	case "version":
		if wantsHelp(rest) {
			fmt.Fprintln(stdout, "usage: tianbao version\n\nprints the version of this binary")
			return nil
		}
		fmt.Fprintln(stdout, app.Version)
		return nil
	case "serve":
		if wantsHelp(rest) {
			return configHelp("serve", "start the HTTP server; configured by TIANBAO_* variables (README), these flags override them")
		}
		return serve(ctx, rest)
	case "migrate":
		if wantsHelp(rest) {
			return configHelp("migrate", "apply the database migrations and exit")
		}
		a, err := open(ctx, rest, true)
		if err != nil {
			return err
		}
		defer a.Close()
		fmt.Fprintln(stdout, "migrations applied")
		return nil
	case "demo":
		return demoCmd(ctx, rest)
	case "seed":
		return seed(ctx, rest)
	case "user":
		return userCmd(ctx, rest)
	case "backup":
		return backup(ctx, rest)
	case "healthcheck":
		return healthcheck(ctx, rest)
	case "loadtest":
		return loadtest.Main(ctx, rest, stdout)
	case "help", "-h", "--help", "-help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

// open loads config from env and flags and opens the app. Operator commands need no JWT
// secret, so they get a throwaway one.
func open(ctx context.Context, args []string, operator bool) (*app.App, error) {
	cfg, err := config.FromEnv(args)
	if err != nil {
		return nil, err
	}
	if operator && cfg.JWTSecret == "" {
		cfg.JWTSecret = strings.Repeat("x", 32) // never signs anything: operator commands serve no HTTP
	}
	return app.Open(ctx, cfg, app.Options{})
}

// serve runs the server until SIGTERM or SIGINT, then shuts down in order: stop accepting and
// let in-flight requests finish (up to TIANBAO_SHUTDOWN_TIMEOUT), close the database.
func serve(ctx context.Context, args []string) error {
	cfg, err := config.FromEnv(args)
	if err != nil {
		return err
	}
	// Demo mode may generate its secret; any secret given must be one nobody can guess.
	if !cfg.Demo || cfg.JWTSecret != "" {
		if err := config.CheckJWTSecret(cfg.JWTSecret); err != nil {
			return err
		}
	}
	a, err := app.Open(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer func() {
		if err := a.Close(); err != nil {
			a.Log.Error("close database", "err", err.Error())
			return
		}
		a.Log.Info("database closed")
	}()
	if !cfg.Demo {
		// Outside demo mode the published demo password must open nothing.
		if err := a.RefuseDemoLogins(ctx); err != nil {
			return err
		}
	}
	if cfg.Demo {
		if err := a.SeedDemo(ctx); err != nil {
			return err
		}
		if cfg.DemoData {
			rep, err := a.SeedDemoData(ctx)
			if err != nil {
				return err
			}
			if rep.Submissions > 0 {
				fmt.Fprintf(stdout, "Demo data: %d approved submissions for %s (the demo clerks' own forms are left to fill)\n", rep.Submissions, a.DemoPeriod())
			}
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	// /metrics: on its own address, or on this one to bearers of the token, or nowhere.
	var mln net.Listener
	if cfg.MetricsAddr != "" {
		if mln, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			_ = ln.Close()
			return fmt.Errorf("TIANBAO_METRICS_ADDR: %w", err)
		}
	}
	printBanner(cfg, ln.Addr())
	// Reminders and notifications: every replica runs the scheduler; a database lease lets one send.
	stopNotify := a.StartNotify(ctx)
	defer stopNotify()
	srv := &http.Server{Handler: a.Metrics.Gate(a.Echo, cfg.MetricsToken), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if mln != nil {
		msrv := &http.Server{Handler: a.Metrics.Mux(), ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
		go func() { _ = msrv.Serve(mln) }()
		defer msrv.Close()
		fmt.Fprintf(stdout, "Metrics on http://%s/metrics\n", mln.Addr())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stopSignals() // a second signal now kills the process at once
	a.Log.Info("shutting down: no new connections, finishing requests in flight", "timeout", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	start := time.Now()
	if err := srv.Shutdown(sctx); err != nil {
		// The budget ran out: cut what is left. Each save is one transaction, so a cut request
		// is rolled back, never half-written.
		a.Log.Warn("shutdown timeout: closing remaining connections", "err", err.Error())
		_ = srv.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	a.Log.Info("http server stopped", "took_ms", time.Since(start).Milliseconds())
	return nil
}

func printBanner(cfg config.Config, addr net.Addr) {
	host := cfg.Addr
	if tcp, ok := addr.(*net.TCPAddr); ok {
		h := "localhost"
		if !tcp.IP.IsUnspecified() {
			h = tcp.IP.String()
		}
		host = fmt.Sprintf("%s:%d", h, tcp.Port)
	}
	fmt.Fprintf(stdout, "Tianbao %s listening on http://%s (database %s)\n", app.Version, host, cfg.DB)
	if cfg.Demo {
		if tcp, ok := addr.(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
			fmt.Fprintf(stdout, "WARNING: demo mode is listening beyond this machine (TIANBAO_ADDR=%s): anyone who reaches it can sign in as admin with the password below\n", cfg.Addr)
		}
		fmt.Fprintf(stdout, "Demo mode. Every demo account's password is %s\n", app.DemoPassword)
		for _, d := range app.DemoAccounts {
			fmt.Fprintf(stdout, "  %-9s %-9s %s\n", d.Username, d.Role, d.OrgCode)
		}
		fmt.Fprintf(stdout, "Try: curl -s http://%s/api/v1/auth/login -H 'Content-Type: application/json' -d '{\"username\":\"leader\",\"password\":\"%s\"}'\n", host, app.DemoPassword)
	}
}

func seed(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "also load demo orgs and demo accounts")
	syn := fs.Int("synthetic", 0, "also add N synthetic schools with approved submissions of every form (implies --demo)")
	if help, err := parseFlags(fs, "seed [--demo] [--synthetic N]", "load the org tree (seeds/orgs.yaml) and the forms; run it before user create", args); help || err != nil {
		return err
	}
	a, err := open(ctx, nil, true)
	if err != nil {
		return err
	}
	defer a.Close()
	if *demo || *syn > 0 {
		if err := a.SeedDemo(ctx); err != nil {
			return err
		}
		fmt.Println("seeded the org tree, demo orgs and demo accounts")
	}
	if *syn > 0 {
		start := time.Now()
		rep, err := a.SeedSynthetic(ctx, *syn, func(msg string) {
			fmt.Printf("  %6.1fs  %s\n", time.Since(start).Seconds(), msg)
		})
		if err != nil {
			return err
		}
		fmt.Printf("synthetic: %d orgs, %d campaigns, %d approved submissions (%d draws skipped) in %s\n",
			rep.Orgs, rep.Campaigns, rep.Submissions, rep.Skipped, time.Since(start).Round(time.Millisecond))
	}
	if *demo || *syn > 0 {
		return nil
	}
	n, err := a.SeedOrgs(ctx, false)
	if err != nil {
		return err
	}
	if _, err := a.SeedForms(ctx); err != nil {
		return err
	}
	fmt.Printf("seeded %d new orgs\n", n)
	return nil
}

func readPassword() (string, error) {
	if pw := os.Getenv("TIANBAO_PASSWORD"); pw != "" {
		return pw, nil
	}
	fmt.Fprint(os.Stderr, "password: ")
	var pw string
	if _, err := fmt.Fscanln(os.Stdin, &pw); err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	return pw, nil
}

// userUsage is each user subcommand's synopsis and what it does.
var userUsage = map[string][2]string{
	"create":         {"user create --org CODE --role ROLE [--name NAME] USERNAME", "create an account (password from TIANBAO_PASSWORD or stdin; it must be changed at first login); run `tianbao seed` first"},
	"reset-password": {"user reset-password USERNAME", "set a new password (from TIANBAO_PASSWORD or stdin) that must be changed at next login"},
	"grant":          {"user grant --org CODE --role ROLE USERNAME", "give USERNAME ROLE over the org CODE and its subtree"},
	"revoke":         {"user revoke --org CODE --role ROLE USERNAME", "take ROLE at the org CODE away from USERNAME"},
}

func userCmd(ctx context.Context, args []string) error {
	const want = "user: want create, reset-password, grant or revoke (each takes --help)"
	if len(args) == 0 {
		return errors.New(want)
	}
	sub := args[0]
	if wantsHelp(args[:1]) {
		fmt.Fprintln(stdout, "usage:")
		for _, k := range []string{"create", "reset-password", "grant", "revoke"} {
			fmt.Fprintf(stdout, "  tianbao %s\n", userUsage[k][0])
		}
		return nil
	}
	use, ok := userUsage[sub]
	if !ok {
		return fmt.Errorf("user: unknown subcommand %q; %s", sub, want)
	}
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	var orgCode, role, name *string
	if sub != "reset-password" {
		orgCode = fs.String("org", "", "org code (from the seeded tree, e.g. qjjw)")
		role = fs.String("role", "", "role: filler, org_admin, reviewer, leader, sysadmin")
	}
	if sub == "create" {
		name = fs.String("name", "", "display name (default: USERNAME)")
	}
	if help, err := parseFlags(fs, use[0], use[1], args[1:]); help || err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("user %s: want exactly one USERNAME\nusage: tianbao %s", sub, use[0])
	}
	username := fs.Arg(0)
	if orgCode != nil && (*orgCode == "" || *role == "") {
		return fmt.Errorf("user %s: --org and --role are required\nusage: tianbao %s", sub, use[0])
	}
	a, err := open(ctx, nil, true)
	if err != nil {
		return err
	}
	defer a.Close()
	if orgCode != nil {
		if _, err := a.Orgs.ByCode(ctx, *orgCode); errors.Is(err, errs.ErrNotFound) {
			return fmt.Errorf("user %s: no org with code %q: run `tianbao seed` first to load the org tree, then check the code in seeds/orgs.yaml", sub, *orgCode)
		} else if err != nil {
			return err
		}
	}
	if sub != "create" {
		if _, err := a.Users.ByUsername(ctx, username); errors.Is(err, errs.ErrNotFound) {
			return fmt.Errorf("user %s: no user %q (create it with `tianbao user create`)", sub, username)
		} else if err != nil {
			return err
		}
	}
	switch sub {
	case "create":
		pw, err := readPassword()
		if err != nil {
			return err
		}
		if *name == "" {
			*name = username
		}
		_, created, err := a.Users.Bootstrap(ctx, username, *name, pw, *orgCode, []string{*role}, true)
		if err != nil {
			return err
		}
		if !created {
			return fmt.Errorf("user %s already exists", username)
		}
		fmt.Fprintf(stdout, "created %s (%s at %s); the password must be changed at first login\n", username, *role, *orgCode)
	case "reset-password":
		pw, err := readPassword()
		if err != nil {
			return err
		}
		if err := a.Users.ResetPasswordByName(ctx, username, pw); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "password of %s reset; it must be changed at next login\n", username)
	case "grant", "revoke":
		if err := a.Users.SetRoleByName(ctx, username, *role, *orgCode, sub == "grant"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %s %s at %s\n", sub, username, *role, *orgCode)
	}
	return nil
}

// demoCmd is `tianbao demo purge`: what a database first started in demo mode needs before it
// may serve outside demo mode.
func demoCmd(ctx context.Context, args []string) error {
	const use = "demo purge"
	const what = "delete the demo accounts, every submission they made and every campaign they opened, then rebuild the figures;\n" +
		"a database first started in demo mode needs it before it serves with TIANBAO_DEMO=0"
	if len(args) == 0 || wantsHelp(args[:1]) {
		fmt.Fprintf(stdout, "usage: tianbao %s\n\n%s\n", use, what)
		if len(args) == 0 {
			return errors.New("demo: want purge")
		}
		return nil
	}
	if args[0] != "purge" {
		return fmt.Errorf("demo: unknown subcommand %q; want purge", args[0])
	}
	fs := flag.NewFlagSet(use, flag.ContinueOnError)
	if help, err := parseFlags(fs, use, what, args[1:]); help || err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("demo purge takes no arguments, got %q", fs.Args())
	}
	a, err := open(ctx, nil, true)
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := a.PurgeDemo(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo purge: deleted %d demo accounts, %d submissions (%d attachments) and %d campaigns; figures rebuilt\n",
		rep.Users, rep.Submissions, rep.Attachments, rep.Campaigns)
	return nil
}

// wantsHelp reports whether args ask for help before any "--".
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help", "help":
			return true
		}
	}
	return false
}

// parseFlags parses a command's flags. On --help it prints the command's synopsis and only its
// own flags to stdout and reports help (the command then exits 0); a bad flag is an error that
// shows the synopsis.
func parseFlags(fs *flag.FlagSet, synopsis, what string, args []string) (help bool, err error) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, "usage: tianbao %s\n\n%s\n", synopsis, what)
			if hasFlags(fs) {
				fmt.Fprintln(stdout, "\nflags:")
				fs.SetOutput(stdout)
				fs.PrintDefaults()
			}
			return true, nil
		}
		return false, fmt.Errorf("%s: %w\nusage: tianbao %s (see --help)", fs.Name(), err, synopsis)
	}
	return false, nil
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// configHelp is serve's and migrate's --help: the flags config.Load takes.
func configHelp(cmd, what string) error {
	fmt.Fprintf(stdout, "usage: tianbao %s [--addr ADDR] [--db DB] [--data-dir DIR] [--demo]\n\n%s\n\nflags:\n", cmd, what)
	config.PrintFlags(stdout)
	return nil
}

// backup copies the SQLite database to --out while the server may keep running. It opens the
// database without migrating it, so it never changes what it copies.
func backup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	out := fs.String("out", "", "file to write the copy to (must not exist)")
	if help, err := parseFlags(fs, "backup --out FILE", "consistent online copy of the SQLite database (MySQL: use mysqldump)", args); help || err != nil {
		return err
	}
	cfg, err := config.FromEnv(nil)
	if err != nil {
		return err
	}
	kind, dsn := cfg.DBKind()
	if kind != "sqlite" {
		return database.ErrBackupMySQL
	}
	if *out == "" {
		return errors.New("backup: --out FILE is required")
	}
	if _, err := os.Stat(dsn); err != nil {
		return fmt.Errorf("backup: no database at %s: %w", dsn, err)
	}
	db, err := database.Open(kind, dsn, database.Options{MaxOpenConns: 2})
	if err != nil {
		return err
	}
	defer database.Close(db)
	start := time.Now()
	if err := database.Backup(ctx, db, kind, *out); err != nil {
		return err
	}
	st, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Printf("backup: %s -> %s (%d bytes) in %s\n", dsn, *out, st.Size(), time.Since(start).Round(time.Millisecond))
	return nil
}

// healthcheck asks the local server for /healthz, for a container HEALTHCHECK (the runtime
// image has no curl). The port comes from TIANBAO_ADDR.
func healthcheck(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	path := fs.String("path", "/healthz", "path to ask for (/healthz or /readyz)")
	timeout := fs.Duration("timeout", 3*time.Second, "give up after")
	if help, err := parseFlags(fs, "healthcheck [--path /healthz] [--timeout 3s]", "ask the server on TIANBAO_ADDR's port; exit 0 when it answers 200", args); help || err != nil {
		return err
	}
	addr := os.Getenv("TIANBAO_ADDR")
	if addr == "" {
		addr = config.Default().Addr
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("healthcheck: TIANBAO_ADDR %q: %w", addr, err)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort("127.0.0.1", port)+*path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %d", *path, resp.StatusCode)
	}
	return nil
}
