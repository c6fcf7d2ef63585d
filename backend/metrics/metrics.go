// Package metrics is Tianbao's Prometheus instrumentation: HTTP requests by route template,
// the database pool, submissions by status (counted by the database at scrape time) and login
// outcomes. Each App has its own registry, so several instances in one test process do not
// collide; GET /metrics serves it.
package metrics

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Login outcomes, the values of tianbao_logins_total's result label.
const (
	LoginSuccess = "success" // credentials accepted, tokens issued
	LoginFailure = "failure" // wrong username or password (or a disabled account)
	LoginLocked  = "locked"  // refused because the account or the address is locked out
)

// StatusCounter counts submissions by status; the database does the counting.
type StatusCounter interface {
	SubmissionsByStatus(ctx context.Context) (map[string]int64, error)
}

// Metrics holds the registry and the instruments the code updates.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inflight prometheus.Gauge
	logins   *prometheus.CounterVec
	lockouts prometheus.Counter
	log      *slog.Logger
}

// Statuses are the submission statuses always reported, zero when none.
var Statuses = vocab.Strings(vocab.SubmissionStatuses)

// New registers the process, Go runtime and database pool collectors, the submissions gauge
// (counts from sc at scrape time; sc may be nil) and the request and login instruments.
func New(db *sql.DB, sc StatusCounter, log *slog.Logger) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{reg: reg, log: log,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tianbao_http_requests_total",
			Help: "HTTP requests by route template, method and status code."}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tianbao_http_request_duration_seconds",
			Help:    "HTTP request latency by route template and method.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"route", "method"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{Name: "tianbao_http_requests_in_flight",
			Help: "HTTP requests being served."}),
		logins: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tianbao_logins_total",
			Help: "Login attempts by result: success, failure (bad credentials), locked (refused by a lockout or throttle)."},
			[]string{"result"}),
		lockouts: prometheus.NewCounter(prometheus.CounterOpts{Name: "tianbao_lockouts_total",
			Help: "Failed logins that locked an account."}),
	}
	for _, r := range []string{LoginSuccess, LoginFailure, LoginLocked} {
		m.logins.WithLabelValues(r)
	}
	reg.MustRegister(m.requests, m.duration, m.inflight, m.logins, m.lockouts,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		reg.MustRegister(collectors.NewDBStatsCollector(db, "tianbao"))
	}
	if sc != nil {
		reg.MustRegister(&submissionsCollector{sc: sc, log: log})
	}
	return m
}

// Handler serves the registry in the Prometheus text format. A collector that fails (the
// database is down) drops its series but not the whole scrape.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError, Registry: m.reg})
}

// Registry is the registry, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// RequestStarted and RequestDone bracket one HTTP request; route is the route template
// (/api/v1/submissions/:id), never the raw path, so the label set stays small.
func (m *Metrics) RequestStarted() { m.inflight.Inc() }

// RequestDone records a finished request.
func (m *Metrics) RequestDone(route, method string, status int, d time.Duration) {
	m.inflight.Dec()
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(d.Seconds())
}

// Login counts one login attempt's result (LoginSuccess, LoginFailure, LoginLocked).
func (m *Metrics) Login(result string) { m.logins.WithLabelValues(result).Inc() }

// Lockout counts an account locked by a failed login.
func (m *Metrics) Lockout() { m.lockouts.Inc() }

var submissionsDesc = prometheus.NewDesc("tianbao_submissions", "Submissions by status, counted at scrape time.",
	[]string{"status"}, nil)

// submissionsCollector asks the database for the counts on every scrape: one COUNT ... GROUP BY
// over an indexed column, so no handler ever keeps a count up to date.
type submissionsCollector struct {
	sc  StatusCounter
	log *slog.Logger
}

func (c *submissionsCollector) Describe(ch chan<- *prometheus.Desc) { ch <- submissionsDesc }

func (c *submissionsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	counts, err := c.sc.SubmissionsByStatus(ctx)
	if err != nil {
		if c.log != nil {
			c.log.Warn("metrics: count submissions", "err", err.Error())
		}
		ch <- prometheus.NewInvalidMetric(submissionsDesc, err)
		return
	}
	seen := map[string]bool{}
	for _, s := range Statuses {
		seen[s] = true
		ch <- prometheus.MustNewConstMetric(submissionsDesc, prometheus.GaugeValue, float64(counts[s]), s)
	}
	for s, n := range counts {
		if !seen[s] {
			ch <- prometheus.MustNewConstMetric(submissionsDesc, prometheus.GaugeValue, float64(n), s)
		}
	}
}
