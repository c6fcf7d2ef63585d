// Command tianbao is the whole platform in one binary: the server and its operator commands.
//
//	tianbao serve                 start the HTTP server (TIANBAO_DEMO=1 seeds demo data)
//	tianbao migrate               apply database migrations
//	tianbao seed [--demo]         load the org tree (and demo orgs)
//	tianbao user create|reset-password|grant|revoke ...
//	tianbao backup --out FILE     consistent online copy of the SQLite database
//	tianbao healthcheck           GET /healthz on the local server; exit 0 when it answers 200
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

const usage = `usage: tianbao <command> [flags]

commands:
  serve                          start the server
  migrate                        apply database migrations
  seed [--demo]                  load seeds/orgs.yaml (with --demo: demo orgs and accounts too)
  user create --org CODE --role ROLE [--name NAME] USERNAME   (password from TIANBAO_PASSWORD or stdin)
  user reset-password USERNAME   (password from TIANBAO_PASSWORD or stdin)
  user grant|revoke --org CODE --role ROLE USERNAME
  backup --out FILE              consistent online copy of the SQLite database (MySQL: use mysqldump)
  healthcheck [--path /healthz]  ask the server on TIANBAO_ADDR's port; exit 0 when it answers 200
  version

configuration: TIANBAO_ADDR, TIANBAO_DB, TIANBAO_DATA_DIR, TIANBAO_JWT_SECRET, TIANBAO_DEMO,
TIANBAO_ACCESS_TTL, TIANBAO_REFRESH_TTL, TIANBAO_BCRYPT_COST, TIANBAO_LOG_LEVEL,
TIANBAO_SHUTDOWN_TIMEOUT, TIANBAO_POLICY_POLL, TIANBAO_TRUSTED_PROXIES (see README and deploy/README.md)`

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
		fmt.Println(app.Version)
		return nil
	case "serve":
		return serve(ctx, rest)
	case "migrate":
		a, err := open(ctx, rest, true)
		if err != nil {
			return err
		}
		defer a.Close()
		fmt.Println("migrations applied")
		return nil
	case "seed":
		return seed(ctx, rest)
	case "user":
		return userCmd(ctx, rest)
	case "backup":
		return backup(ctx, rest)
	case "healthcheck":
		return healthcheck(ctx, rest)
	case "help", "-h", "--help":
		fmt.Println(usage)
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
// let in-flight requests finish (up to TIANBAO_SHUTDOWN_TIMEOUT), stop the policy watcher,
// close the database.
func serve(ctx context.Context, args []string) error {
	cfg, err := config.FromEnv(args)
	if err != nil {
		return err
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
				fmt.Printf("Demo data: %d approved submissions for %s (the demo clerks' own forms are left to fill)\n", rep.Submissions, a.DemoPeriod())
			}
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	// Keep this replica's casbin policy in step with role changes made through the others.
	wctx, stopWatch := context.WithCancel(context.Background())
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		a.Enforcer.Watch(wctx, cfg.PolicyPoll, a.Log)
	}()
	defer func() { stopWatch(); <-watched }()

	printBanner(cfg, ln.Addr())
	srv := &http.Server{Handler: a.Echo, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
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
	fmt.Printf("Tianbao %s listening on http://%s (database %s)\n", app.Version, host, cfg.DB)
	if cfg.Demo {
		fmt.Printf("Demo mode. Every demo account's password is %s\n", app.DemoPassword)
		for _, d := range app.DemoAccounts {
			fmt.Printf("  %-9s %-9s %s\n", d.Username, d.Role, d.OrgCode)
		}
		fmt.Printf("Try: curl -s http://%s/api/v1/auth/login -H 'Content-Type: application/json' -d '{\"username\":\"leader\",\"password\":\"%s\"}'\n", host, app.DemoPassword)
	}
}

func seed(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "also load demo orgs and demo accounts")
	syn := fs.Int("synthetic", 0, "also add N synthetic schools with approved submissions of every form (implies --demo)")
	if err := fs.Parse(args); err != nil {
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

func userCmd(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("user: want create, reset-password, grant or revoke")
	}
	sub := args[0]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	orgCode := fs.String("org", "", "org code")
	role := fs.String("role", "", "role: filler, org_admin, reviewer, leader, sysadmin")
	name := fs.String("name", "", "display name")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("user: want exactly one USERNAME")
	}
	username := fs.Arg(0)
	a, err := open(ctx, nil, true)
	if err != nil {
		return err
	}
	defer a.Close()
	switch sub {
	case "create":
		if *orgCode == "" || *role == "" {
			return errors.New("user create: --org and --role are required")
		}
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
		fmt.Printf("created %s (%s at %s); the password must be changed at first login\n", username, *role, *orgCode)
	case "reset-password":
		pw, err := readPassword()
		if err != nil {
			return err
		}
		if err := a.Users.ResetPasswordByName(ctx, username, pw); err != nil {
			return err
		}
		fmt.Printf("password of %s reset; it must be changed at next login\n", username)
	case "grant", "revoke":
		if *orgCode == "" || *role == "" {
			return fmt.Errorf("user %s: --org and --role are required", sub)
		}
		if err := a.Users.SetRoleByName(ctx, username, *role, *orgCode, sub == "grant"); err != nil {
			return err
		}
		fmt.Printf("%s: %s %s at %s\n", sub, username, *role, *orgCode)
	default:
		return fmt.Errorf("user: unknown subcommand %q", sub)
	}
	return nil
}

// backup copies the SQLite database to --out while the server may keep running. It opens the
// database without migrating it, so it never changes what it copies.
func backup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	out := fs.String("out", "", "file to write the copy to (must not exist)")
	if err := fs.Parse(args); err != nil {
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
	if err := fs.Parse(args); err != nil {
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
