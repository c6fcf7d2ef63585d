// Package app is the composition root: it turns a Config into a running Tianbao by opening the
// database, migrating it, building every store and service and the HTTP routes. Nothing else
// constructs services, so the wiring is in one place.
package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/api"
	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/auth"
	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/briefing"
	"github.com/tianbao-edu/tianbao/backend/campaign"
	"github.com/tianbao-edu/tianbao/backend/config"
	"github.com/tianbao-edu/tianbao/backend/export"
	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/importer"
	"github.com/tianbao-edu/tianbao/backend/measure"
	"github.com/tianbao-edu/tianbao/backend/metrics"
	"github.com/tianbao-edu/tianbao/backend/migrations"
	"github.com/tianbao-edu/tianbao/backend/notify"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/sso"
	"github.com/tianbao-edu/tianbao/backend/submission"
	"github.com/tianbao-edu/tianbao/backend/supervision"
	"github.com/tianbao-edu/tianbao/backend/user"
	"github.com/tianbao-edu/tianbao/backend/web"
)

// Version is set at build time with -ldflags.
var Version = "dev"

// App is a wired Tianbao instance.
type App struct {
	Config      config.Config
	Log         *slog.Logger
	DB          *gorm.DB
	Echo        *echo.Echo
	Orgs        *org.Service
	Users       *user.Service
	Auth        *auth.Service
	Forms       *form.Registry
	Campaigns   *campaign.Service
	Submissions *submission.Service
	Rollup      *rollup.Service
	Enforcer    *authz.Enforcer
	Audit       *audit.Log
	Measures    *measure.Service
	Supervision *supervision.Service
	Metrics     *metrics.Metrics
	Notify      *notify.Service
	SSO         *sso.Service
	Now         func() time.Time
}

// Options adjust construction, mostly for tests.
type Options struct {
	Log *slog.Logger
	Now func() time.Time // the clock every service uses; time.Now by default
}

// Open connects to the database, migrates it and wires every service. It does not seed.
func Open(ctx context.Context, cfg config.Config, opt Options) (*App, error) {
	if opt.Log == nil {
		opt.Log = NewLogger(os.Stderr, cfg.LogLevel)
	}
	if opt.Now == nil {
		opt.Now = func() time.Time { return time.Now().UTC() }
	}
	secret, err := jwtSecret(cfg)
	if err != nil {
		return nil, err
	}
	kind, dsn := cfg.DBKind()
	db, err := database.Open(kind, dsn, database.Options{MaxOpenConns: cfg.MaxOpenConns})
	if err != nil {
		return nil, err
	}
	if _, err := database.Migrate(db, migrations.All()); err != nil {
		_ = database.Close(db)
		return nil, err
	}
	a := &App{Config: cfg, Log: opt.Log, DB: db, Now: opt.Now}
	if err := a.wire(ctx, secret); err != nil {
		_ = database.Close(db)
		return nil, err
	}
	return a, nil
}

func (a *App) wire(ctx context.Context, secret []byte) error {
	cfg, now := a.Config, a.Now
	a.Audit = audit.New(a.DB, now)
	enf, err := authz.NewEnforcer(ctx, authz.NewStore(a.DB))
	if err != nil {
		return err
	}
	a.Enforcer = enf
	// The stores other domains read through: each domain's named reads, wired here only.
	orgs, campaigns, subs := org.NewStore(a.DB), campaign.NewStore(a.DB), submission.NewReader(a.DB)
	a.Orgs = org.NewService(orgs)
	a.Users = user.NewService(user.Deps{Store: user.NewStore(a.DB), Orgs: a.Orgs, Enforcer: enf, Audit: a.Audit,
		Hasher: user.Hasher{Cost: cfg.BcryptCost}, Now: now, RequireChange: !cfg.Demo})
	signer, err := auth.NewSigner(secret, cfg.AccessTTL, now)
	if err != nil {
		return err
	}
	a.Auth = auth.NewService(auth.NewStore(a.DB), a.Users, signer, auth.Policy{RefreshTTL: cfg.RefreshTTL,
		LockoutThreshold: cfg.LockoutThreshold, LockoutWindow: cfg.LockoutWindow}, now)
	sqlDB, err := a.DB.DB()
	if err != nil {
		return err
	}
	a.Metrics = metrics.New(sqlDB, subs, a.Log)
	a.Metrics.Registry().MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "tianbao_db_tx_retries_total",
		Help: "Transactions run again after losing a race (deadlock, lock wait timeout, serialization or Galera certification failure)."},
		func() float64 { return float64(database.Retries(a.DB)) }))
	a.Auth.Observe(a.Metrics)
	proxies, err := cfg.TrustedProxyNets()
	if err != nil {
		return err
	}
	if a.Rollup, err = a.newRollup(ctx, rollup.Sources{Orgs: orgs, Tasks: campaigns, Facts: subs}); err != nil {
		return err
	}
	// A form import may not remove or retype a field an indicator reads.
	a.Forms = form.NewRegistry(form.NewStore(a.DB), now, a.Rollup.FieldsRead)
	a.Campaigns = campaign.NewService(campaigns, a.Forms, a.Orgs, a.Audit, now)
	a.Submissions = submission.NewService(submission.Deps{Store: submission.NewStore(a.DB, a.Rollup.Writer()), Forms: a.Forms,
		Campaigns: a.Campaigns, Orgs: a.Orgs, Audit: a.Audit, Files: submission.NewFileStore(filepath.Join(cfg.DataDir, "attachments")), Now: now})
	a.Notify = a.newNotify(orgs, campaigns, subs)
	a.wireMeasures(subs, submission.NewFileStore(filepath.Join(cfg.DataDir, "attachments")))
	a.Echo = api.New(api.Deps{Measures: a.Measures, Supervision: a.Supervision, Log: a.Log, Orgs: a.Orgs, Users: a.Users, Auth: a.Auth, Enforcer: enf, Audit: a.Audit,
		Forms: a.Forms, Campaigns: a.Campaigns, Submissions: a.Submissions, Rollup: a.Rollup,
		Exports: export.NewService(subs, a.Forms, a.Rollup), Importer: importer.NewService(a.Orgs, a.Users, a.Audit),
		Ready: func(ctx context.Context) error { return database.Ping(ctx, a.DB) }, BodyLimit: cfg.BodyLimit, Version: Version,
		OneWriter: database.OneWriter(a.DB),
		Metrics:   a.Metrics, TrustedProxies: proxies, Notify: a.Notify,
		Briefing: briefing.NewService(briefing.Deps{Rollup: a.Rollup, Measures: a.Measures, Notices: a.Supervision, Now: now, Soffice: cfg.Soffice}),
		SSO:      a.newSSO()})
	web.RegisterEmbedded(a.Echo)
	return nil
}

// jwtSecret returns the configured secret. Only demo mode may generate one, and it keeps it
// in the data directory so tokens survive a restart.
func jwtSecret(cfg config.Config) ([]byte, error) {
	if cfg.JWTSecret != "" {
		if len(cfg.JWTSecret) < 32 {
			return nil, errors.New("TIANBAO_JWT_SECRET must be at least 32 characters")
		}
		return []byte(cfg.JWTSecret), nil
	}
	if !cfg.Demo {
		return nil, errors.New("TIANBAO_JWT_SECRET is required outside demo mode (set TIANBAO_DEMO=1 for a demo)")
	}
	path := filepath.Join(cfg.DataDir, "jwt-secret")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, err
	}
	s := hex.EncodeToString(raw[:])
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("save demo JWT secret: %w", err)
	}
	return []byte(s), nil
}

// Close releases the database.
func (a *App) Close() error { return database.Close(a.DB) }

// NewLogger returns the JSON logger at level.
func NewLogger(w *os.File, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}
