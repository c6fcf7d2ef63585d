// Package config is Tianbao's typed configuration: defaults, then environment variables,
// then command-line flags. It is built once in main and passed down; nothing reads the
// environment anywhere else.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/gommon/bytes"
)

// Config is every setting the server honours.
type Config struct {
	Addr       string        // TIANBAO_ADDR, listen address
	DB         string        // TIANBAO_DB, "sqlite:PATH" or "mysql:DSN"
	DataDir    string        // TIANBAO_DATA_DIR, attachments, demo secret; default: the SQLite file's directory or ./data
	JWTSecret  string        // TIANBAO_JWT_SECRET, HMAC key for access tokens (at least 32 bytes)
	AccessTTL  time.Duration // TIANBAO_ACCESS_TTL, access token lifetime
	RefreshTTL time.Duration // TIANBAO_REFRESH_TTL, refresh token lifetime
	Demo       bool          // TIANBAO_DEMO=1: seed demo data and accounts, may generate a JWT secret
	DemoData   bool          // TIANBAO_DEMO_DATA (default on): in demo mode, also fill most schools' forms so the dashboard has figures
	BcryptCost int           // TIANBAO_BCRYPT_COST, password hashing cost
	BodyLimit  string        // TIANBAO_BODY_LIMIT, maximum request body (echo syntax, e.g. "2M")
	LogLevel   string        // TIANBAO_LOG_LEVEL: debug, info, warn, error

	LockoutThreshold int           // failed logins before an account locks
	LockoutWindow    time.Duration // how long an account stays locked
	MaxOpenConns     int           // TIANBAO_DB_MAX_OPEN, database pool size
	ShutdownTimeout  time.Duration // TIANBAO_SHUTDOWN_TIMEOUT, graceful shutdown budget
	// TrustedProxies (TIANBAO_TRUSTED_PROXIES, comma-separated CIDRs) are the reverse proxies whose
	// X-Forwarded-For is believed for the client address (login throttling, logs). Empty: the peer
	// address is the client address.
	TrustedProxies string
	// MetricsAddr (TIANBAO_METRICS_ADDR) is a second listen address that serves only GET /metrics,
	// for a scraper on the internal network. MetricsToken (TIANBAO_METRICS_TOKEN) serves /metrics on
	// the API address to requests bearing it. Neither set: /metrics is served nowhere.
	MetricsAddr  string
	MetricsToken string
	// Soffice (TIANBAO_SOFFICE) is the LibreOffice binary that converts the briefing to PDF
	// (briefing.pdf and ?format=pdf); empty: the briefing is Word only.
	Soffice string
	// Notify configures notifications (config/notify.go).
	Notify Notify
	// OIDC configures single sign-on (config/oidc.go); off without an issuer.
	OIDC OIDC
	// WeCom and DingTalk configure sign-in with the work apps (config/apps.go); off without an id.
	WeCom    WeCom
	DingTalk DingTalk
}

// DemoAddr is where demo mode listens when TIANBAO_ADDR (or --addr) does not say: this machine only.
const DemoAddr = "127.0.0.1:8080"

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		Addr:             ":8080",
		DB:               "sqlite:./data/tianbao.db",
		DemoData:         true,
		AccessTTL:        15 * time.Minute,
		RefreshTTL:       7 * 24 * time.Hour,
		BcryptCost:       12,
		BodyLimit:        "2M",
		LogLevel:         "info",
		LockoutThreshold: 5,
		LockoutWindow:    15 * time.Minute,
		MaxOpenConns:     20,
		ShutdownTimeout:  20 * time.Second,
		Notify:           DefaultNotify(),
		OIDC:             DefaultOIDC(),
		WeCom:            DefaultWeCom(),
		DingTalk:         DefaultDingTalk(),
	}
}

// Load builds a Config from defaults, the environment (getenv) and flags in args.
func Load(args []string, getenv func(string) string) (Config, error) {
	c := Default()
	var errs []error
	str := func(dst *string, key string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	dur := func(dst *time.Duration, key string) {
		if v := getenv(key); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", key, err))
				return
			}
			*dst = d
		}
	}
	num := func(dst *int, key string) {
		if v := getenv(key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", key, err))
				return
			}
			*dst = n
		}
	}
	str(&c.Addr, "TIANBAO_ADDR")
	str(&c.DB, "TIANBAO_DB")
	str(&c.DataDir, "TIANBAO_DATA_DIR")
	str(&c.JWTSecret, "TIANBAO_JWT_SECRET")
	dur(&c.AccessTTL, "TIANBAO_ACCESS_TTL")
	dur(&c.RefreshTTL, "TIANBAO_REFRESH_TTL")
	num(&c.BcryptCost, "TIANBAO_BCRYPT_COST")
	str(&c.BodyLimit, "TIANBAO_BODY_LIMIT")
	str(&c.LogLevel, "TIANBAO_LOG_LEVEL")
	num(&c.MaxOpenConns, "TIANBAO_DB_MAX_OPEN")
	dur(&c.ShutdownTimeout, "TIANBAO_SHUTDOWN_TIMEOUT")
	str(&c.TrustedProxies, "TIANBAO_TRUSTED_PROXIES")
	str(&c.MetricsAddr, "TIANBAO_METRICS_ADDR")
	str(&c.MetricsToken, "TIANBAO_METRICS_TOKEN")
	str(&c.Soffice, "TIANBAO_SOFFICE")
	if _, err := c.TrustedProxyNets(); err != nil {
		errs = append(errs, err)
	}
	boolean := func(dst *bool, key string) {
		if v := getenv(key); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", key, err))
			}
			*dst = b
		}
	}
	boolean(&c.Demo, "TIANBAO_DEMO")
	boolean(&c.DemoData, "TIANBAO_DEMO_DATA")
	errs = append(errs, loadNotify(getenv, &c.Notify)...)
	errs = append(errs, loadOIDC(getenv, &c.OIDC)...)
	errs = append(errs, loadApps(getenv, &c.WeCom, &c.DingTalk)...)

	fs := flag.NewFlagSet("tianbao", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // the caller prints the error; `serve --help` prints its own usage
	addrSet := getenv("TIANBAO_ADDR") != ""
	bindFlags(fs, &c)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	fs.Visit(func(f *flag.Flag) { addrSet = addrSet || f.Name == "addr" })
	// Demo mode prints a sysadmin password: it answers only on this machine unless told otherwise.
	if c.Demo && !addrSet {
		c.Addr = DemoAddr
	}
	if c.DataDir == "" {
		c.DataDir = "./data"
		if kind, path := c.DBKind(); kind == "sqlite" {
			c.DataDir = filepath.Dir(path)
		}
	}
	if kind, _ := c.DBKind(); kind == "" {
		errs = append(errs, fmt.Errorf("TIANBAO_DB: want sqlite:PATH or mysql:DSN, got %q", c.DB))
	}
	if c.BcryptCost < 4 || c.BcryptCost > 31 {
		errs = append(errs, fmt.Errorf("TIANBAO_BCRYPT_COST: %d is out of range 4..31", c.BcryptCost))
	}
	if c.AccessTTL <= 0 {
		errs = append(errs, fmt.Errorf("TIANBAO_ACCESS_TTL: %s is not positive", c.AccessTTL))
	}
	if c.ShutdownTimeout <= 0 {
		errs = append(errs, fmt.Errorf("TIANBAO_SHUTDOWN_TIMEOUT: %s is not positive", c.ShutdownTimeout))
	}
	if c.RefreshTTL <= 0 {
		errs = append(errs, fmt.Errorf("TIANBAO_REFRESH_TTL: %s is not positive", c.RefreshTTL))
	}
	// echo panics at start on a body limit it cannot parse; say so here instead. A limit of 0
	// or less would refuse every request with a body.
	if n, err := bytes.Parse(c.BodyLimit); err != nil {
		errs = append(errs, fmt.Errorf("TIANBAO_BODY_LIMIT: %q is not a size like 2M", c.BodyLimit))
	} else if n <= 0 {
		errs = append(errs, fmt.Errorf("TIANBAO_BODY_LIMIT: %q is not a positive size like 2M", c.BodyLimit))
	}
	if c.MaxOpenConns <= 0 {
		errs = append(errs, fmt.Errorf("TIANBAO_DB_MAX_OPEN: %d is not positive (0 would leave the pool unbounded)", c.MaxOpenConns))
	}
	if c.LockoutThreshold <= 0 {
		errs = append(errs, fmt.Errorf("lockout threshold: %d is not positive", c.LockoutThreshold))
	}
	if c.LockoutWindow <= 0 {
		errs = append(errs, fmt.Errorf("lockout window: %s is not positive", c.LockoutWindow))
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.Addr {
		errs = append(errs, fmt.Errorf("TIANBAO_METRICS_ADDR: %q is the API address; give it its own port or use TIANBAO_METRICS_TOKEN", c.MetricsAddr))
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		errs = append(errs, errors.New("TIANBAO_METRICS_TOKEN: at least 16 characters (e.g. openssl rand -hex 16)"))
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.LogLevel)); err != nil {
		errs = append(errs, fmt.Errorf("TIANBAO_LOG_LEVEL: %q is not debug, info, warn or error", c.LogLevel))
	}
	return c, errors.Join(errs...)
}

// bindFlags declares the flags serve and migrate take over the environment.
func bindFlags(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (TIANBAO_ADDR; demo mode: "+DemoAddr+")")
	fs.StringVar(&c.DB, "db", c.DB, "database: sqlite:PATH or mysql:DSN (TIANBAO_DB)")
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "data directory (TIANBAO_DATA_DIR)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "demo mode: seed demo data and accounts (TIANBAO_DEMO)")
}

// PrintFlags writes the flags Load accepts, for a command's --help.
func PrintFlags(w io.Writer) {
	fs := flag.NewFlagSet("tianbao", flag.ContinueOnError)
	c := Default()
	bindFlags(fs, &c)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// DBKind splits DB into its driver ("sqlite" or "mysql") and the rest.
func (c Config) DBKind() (kind, dsn string) {
	k, rest, ok := strings.Cut(c.DB, ":")
	if !ok || (k != "sqlite" && k != "mysql") || rest == "" {
		return "", ""
	}
	return k, rest
}

// TrustedProxyNets parses TrustedProxies: comma-separated CIDRs or single addresses.
func (c Config) TrustedProxyNets() ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, part := range strings.Split(c.TrustedProxies, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			ip := net.ParseIP(part)
			if ip == nil {
				return nil, fmt.Errorf("TIANBAO_TRUSTED_PROXIES: %q is not an address or CIDR", part)
			}
			if ip.To4() != nil {
				part += "/32"
			} else {
				part += "/128"
			}
		}
		_, n, err := net.ParseCIDR(part)
		if err != nil {
			return nil, fmt.Errorf("TIANBAO_TRUSTED_PROXIES: %q is not an address or CIDR", part)
		}
		out = append(out, n)
	}
	return out, nil
}

// FromEnv is Load over the process environment.
func FromEnv(args []string) (Config, error) { return Load(args, os.Getenv) }
