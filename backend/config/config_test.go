package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(nil, env(nil))
	if err != nil {
		t.Fatalf("defaults: %v", err)
	}
	want := Default()
	want.DataDir = "data" // the default SQLite file's directory
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("defaults:\n got %+v\nwant %+v", c, want)
	}
	for name, got := range map[string]any{
		"Addr": c.Addr, "DB": c.DB, "AccessTTL": c.AccessTTL, "RefreshTTL": c.RefreshTTL, "Demo": c.Demo,
		"JWTSecret": c.JWTSecret, "LockoutThreshold": c.LockoutThreshold, "LockoutWindow": c.LockoutWindow,
	} {
		exp := map[string]any{"Addr": ":8080", "DB": "sqlite:./data/tianbao.db", "AccessTTL": 15 * time.Minute,
			"RefreshTTL": 7 * 24 * time.Hour, "Demo": false, "JWTSecret": "", "LockoutThreshold": 5,
			"LockoutWindow": 15 * time.Minute}[name]
		if got != exp {
			t.Errorf("%s: got %v, want %v", name, got, exp)
		}
	}
	if kind, dsn := c.DBKind(); kind != "sqlite" || dsn != "./data/tianbao.db" {
		t.Errorf("DBKind: %q %q", kind, dsn)
	}
}

func TestEnvAndFlags(t *testing.T) {
	cases := []struct {
		name  string
		env   map[string]string
		args  []string
		check func(t *testing.T, c Config)
	}{
		{"config-env-overrides", map[string]string{
			"TIANBAO_ADDR": "127.0.0.1:9000", "TIANBAO_DB": "mysql:u:p@tcp(db:3306)/tianbao", "TIANBAO_DATA_DIR": "/var/lib/tianbao",
			"TIANBAO_JWT_SECRET": "s3cret", "TIANBAO_ACCESS_TTL": "5m", "TIANBAO_REFRESH_TTL": "24h", "TIANBAO_DEMO": "1",
			"TIANBAO_BCRYPT_COST": "10", "TIANBAO_BODY_LIMIT": "8M", "TIANBAO_LOG_LEVEL": "debug", "TIANBAO_DB_MAX_OPEN": "7",
			"TIANBAO_SHUTDOWN_TIMEOUT": "3s", "TIANBAO_TRUSTED_PROXIES": "172.16.0.0/12",
			"TIANBAO_DEMO_DATA": "0",
		}, nil, func(t *testing.T, c Config) {
			want := Config{Addr: "127.0.0.1:9000", DB: "mysql:u:p@tcp(db:3306)/tianbao", DataDir: "/var/lib/tianbao",
				JWTSecret: "s3cret", AccessTTL: 5 * time.Minute, RefreshTTL: 24 * time.Hour, Demo: true, BcryptCost: 10,
				BodyLimit: "8M", LogLevel: "debug", LockoutThreshold: 5, LockoutWindow: 15 * time.Minute, MaxOpenConns: 7,
				ShutdownTimeout: 3 * time.Second, TrustedProxies: "172.16.0.0/12", Notify: DefaultNotify(), OIDC: DefaultOIDC(), WeCom: DefaultWeCom(), DingTalk: DefaultDingTalk()}
			if !reflect.DeepEqual(c, want) {
				t.Fatalf("\n got %+v\nwant %+v", c, want)
			}
			if kind, dsn := c.DBKind(); kind != "mysql" || dsn != "u:p@tcp(db:3306)/tianbao" {
				t.Fatalf("DBKind: %q %q", kind, dsn)
			}
		}},
		{"config-flags-override-env", map[string]string{"TIANBAO_ADDR": ":1", "TIANBAO_DB": "sqlite:/a/a.db", "TIANBAO_DEMO": "true"},
			[]string{"--addr", ":2", "--db", "sqlite:/b/b.db", "--demo=false", "--data-dir", "/c"}, func(t *testing.T, c Config) {
				if c.Addr != ":2" || c.DB != "sqlite:/b/b.db" || c.Demo || c.DataDir != "/c" {
					t.Fatalf("flags did not win: %+v", c)
				}
			}},
		{"config-data-dir-follows-sqlite-file", map[string]string{"TIANBAO_DB": "sqlite:/srv/tb/main.db"}, nil, func(t *testing.T, c Config) {
			if c.DataDir != "/srv/tb" {
				t.Fatalf("DataDir %q", c.DataDir)
			}
		}},
		{"config-data-dir-default-for-mysql", map[string]string{"TIANBAO_DB": "mysql:root@tcp(127.0.0.1:3306)/tb"}, nil, func(t *testing.T, c Config) {
			if c.DataDir != "./data" {
				t.Fatalf("DataDir %q", c.DataDir)
			}
		}},
		{"config-demo-false-values", map[string]string{"TIANBAO_DEMO": "0"}, nil, func(t *testing.T, c Config) {
			if c.Demo {
				t.Fatal("TIANBAO_DEMO=0 turned demo on")
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Load(c.args, env(c.env))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			c.check(t, cfg)
		})
	}
}

func TestBadValues(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want []string // substrings of the error
	}{
		{"config-error-ttl-not-a-duration", map[string]string{"TIANBAO_ACCESS_TTL": "fifteen"}, nil, []string{"TIANBAO_ACCESS_TTL"}},
		{"config-error-refresh-ttl-not-a-duration", map[string]string{"TIANBAO_REFRESH_TTL": "7"}, nil, []string{"TIANBAO_REFRESH_TTL"}},
		{"config-error-ttl-not-positive", map[string]string{"TIANBAO_ACCESS_TTL": "-5m"}, nil, []string{"TIANBAO_ACCESS_TTL"}},
		{"config-error-refresh-ttl-zero", map[string]string{"TIANBAO_REFRESH_TTL": "0s"}, nil, []string{"TIANBAO_REFRESH_TTL"}},
		{"config-error-cost-not-a-number", map[string]string{"TIANBAO_BCRYPT_COST": "high"}, nil, []string{"TIANBAO_BCRYPT_COST"}},
		{"config-error-cost-out-of-range", map[string]string{"TIANBAO_BCRYPT_COST": "3"}, nil, []string{"TIANBAO_BCRYPT_COST"}},
		{"config-error-demo-not-a-bool", map[string]string{"TIANBAO_DEMO": "yes please"}, nil, []string{"TIANBAO_DEMO"}},
		{"config-error-db-kind", map[string]string{"TIANBAO_DB": "postgres://localhost/tb"}, nil, []string{"TIANBAO_DB"}},
		{"config-error-db-empty-path", map[string]string{"TIANBAO_DB": "sqlite:"}, nil, []string{"TIANBAO_DB"}},
		{"config-error-pool-not-a-number", map[string]string{"TIANBAO_DB_MAX_OPEN": "many"}, nil, []string{"TIANBAO_DB_MAX_OPEN"}},
		{"config-error-body-limit", map[string]string{"TIANBAO_BODY_LIMIT": "lots"}, nil, []string{"TIANBAO_BODY_LIMIT"}},
		{"config-error-log-level", map[string]string{"TIANBAO_LOG_LEVEL": "chatty"}, nil, []string{"TIANBAO_LOG_LEVEL"}},
		{"config-error-unknown-flag", nil, []string{"--port", "80"}, []string{"port"}},
		{"config-error-reports-every-problem", map[string]string{"TIANBAO_ACCESS_TTL": "x", "TIANBAO_BCRYPT_COST": "y"}, nil,
			[]string{"TIANBAO_ACCESS_TTL", "TIANBAO_BCRYPT_COST"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.args, env(c.env))
			if err == nil {
				t.Fatalf("want an error for %v %v", c.env, c.args)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Fatalf("error %q does not name %s", err, w)
				}
			}
		})
	}
}

func TestDeploymentSettings(t *testing.T) {
	c, err := Load(nil, env(map[string]string{"TIANBAO_SHUTDOWN_TIMEOUT": "3s",
		"TIANBAO_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.5"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.ShutdownTimeout != 3*time.Second {
		t.Fatalf("shutdown %s", c.ShutdownTimeout)
	}
	nets, err := c.TrustedProxyNets()
	if err != nil || len(nets) != 2 || nets[0].String() != "10.0.0.0/8" || nets[1].String() != "192.168.1.5/32" {
		t.Fatalf("trusted proxies %v, %v", nets, err)
	}
	for _, bad := range []map[string]string{{"TIANBAO_TRUSTED_PROXIES": "example.com"},
		{"TIANBAO_SHUTDOWN_TIMEOUT": "-1s"}} {
		if _, err := Load(nil, env(bad)); err == nil {
			t.Errorf("%v: want an error", bad)
		}
	}
}

// Values that cannot work are refused at start, not discovered as a broken server.
func TestUnworkableValuesRefused(t *testing.T) {
	for _, bad := range []map[string]string{
		{"TIANBAO_BODY_LIMIT": "0"}, {"TIANBAO_BODY_LIMIT": "0M"}, {"TIANBAO_BODY_LIMIT": "-1"},
		{"TIANBAO_DB_MAX_OPEN": "0"}, {"TIANBAO_DB_MAX_OPEN": "-3"},
		{"TIANBAO_METRICS_ADDR": ":8080"}, {"TIANBAO_METRICS_TOKEN": "short"},
	} {
		var key string
		for k := range bad {
			key = k
		}
		if _, err := Load(nil, env(bad)); err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("%v: want an error naming %s, got %v", bad, key, err)
		}
	}
}

// Demo mode prints a sysadmin password, so it answers only on this machine unless the address
// is given.
func TestDemoListensOnLoopback(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"TIANBAO_DEMO": "1"}, nil, "127.0.0.1:8080"},
		{nil, []string{"--demo"}, "127.0.0.1:8080"},
		{map[string]string{"TIANBAO_DEMO": "1", "TIANBAO_ADDR": ":9000"}, nil, ":9000"},
		{map[string]string{"TIANBAO_DEMO": "1"}, []string{"--addr", "0.0.0.0:8080"}, "0.0.0.0:8080"},
		{map[string]string{"TIANBAO_DEMO": "0"}, nil, ":8080"},
	} {
		cfg, err := Load(c.args, env(c.env))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Addr != c.want {
			t.Errorf("%v %v: listens on %q, want %q", c.env, c.args, cfg.Addr, c.want)
		}
	}
}

func TestMetricsSettings(t *testing.T) {
	c, err := Load(nil, env(map[string]string{"TIANBAO_METRICS_ADDR": ":9090", "TIANBAO_METRICS_TOKEN": "0123456789abcdef0123"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.MetricsAddr != ":9090" || c.MetricsToken != "0123456789abcdef0123" {
		t.Fatalf("%+v", c)
	}
}
