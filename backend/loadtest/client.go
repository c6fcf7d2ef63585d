package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"
)

// client talks to one Tianbao server over HTTP, with keep-alive connections for every worker.
type client struct {
	base string
	http *http.Client
}

func newClient(base string, conns int) *client {
	tr := &http.Transport{MaxIdleConns: conns * 2, MaxIdleConnsPerHost: conns * 2, IdleConnTimeout: 90 * time.Second,
		DisableCompression: false}
	return &client{base: base, http: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

// result is one answered (or unanswered) request.
type result struct {
	status int
	body   []byte
	took   time.Duration
	err    error // no answer at all
}

func (c *client) do(ctx context.Context, method, path, token string, body any) result {
	var rd io.Reader
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			return result{err: err}
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return result{err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return result{err: err, took: time.Since(start)}
	}
	b, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	return result{status: resp.StatusCode, body: b, took: time.Since(start), err: err}
}

// readKeep is how much of an error answer's body read keeps for the report.
const readKeep = 512

// read is do for the timed read scenarios: GET path, asking for gzip itself so the transport
// hands the body over as sent (no decompression on the client), and the body drained, not
// kept, except the start of an error answer for the report. On a 2-CPU machine the tool shares
// the CPUs with the server: buffering and inflating every 47 KB summary cost the client more
// CPU than the server spent sending it. ifNoneMatch, when not empty, is sent as If-None-Match;
// the answer's ETag comes back in etag.
func (c *client) read(ctx context.Context, path, token, ifNoneMatch string) (r result, etag string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return result{err: err}, ""
	}
	req.Header.Set("Accept-Encoding", "gzip")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return result{err: err, took: time.Since(start)}, ""
	}
	var keep []byte
	if resp.StatusCode >= 400 && resp.Header.Get("Content-Encoding") == "" {
		keep, err = io.ReadAll(io.LimitReader(resp.Body, readKeep))
	}
	if err == nil {
		_, err = io.Copy(io.Discard, resp.Body)
	}
	_ = resp.Body.Close()
	return result{status: resp.StatusCode, body: keep, took: time.Since(start), err: err}, resp.Header.Get("ETag")
}

// call is do for setup steps: anything but want is an error.
func (c *client) call(ctx context.Context, method, path, token string, body any, out any, want ...int) error {
	r := c.do(ctx, method, path, token, body)
	if r.err != nil {
		return fmt.Errorf("%s %s: %w", method, path, r.err)
	}
	ok := false
	for _, w := range want {
		ok = ok || r.status == w
	}
	if !ok {
		return fmt.Errorf("%s %s: answered %d, want %v: %s", method, path, r.status, want, clip(r.body))
	}
	if out != nil {
		if err := json.Unmarshal(r.body, out); err != nil {
			return fmt.Errorf("%s %s: decode: %w", method, path, err)
		}
	}
	return nil
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

// stats collects one operation's latencies and answers within a phase.
type stats struct {
	mu        sync.Mutex
	lat       []time.Duration
	ok        int64 // 2xx
	s5xx      int64 // >= 500 other than 503
	s503      int64
	other     int64 // 3xx/4xx
	noAnswer  int64
	firstBad  string // the first >= 500 answer, for the report
	statusSet map[int]int64
}

func (s *stats) add(r result, what string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.statusSet == nil {
		s.statusSet = map[int]int64{}
	}
	switch {
	case r.err != nil:
		s.noAnswer++
		return
	case r.status >= 200 && r.status < 300, r.status == http.StatusNotModified: // 304: a revalidation answered
		s.ok++
	case r.status == http.StatusServiceUnavailable:
		s.s503++
	case r.status >= 500:
		s.s5xx++
		if s.firstBad == "" {
			s.firstBad = fmt.Sprintf("%s: %d %s", what, r.status, clip(r.body))
		}
	default:
		s.other++
	}
	s.statusSet[r.status]++
	s.lat = append(s.lat, r.took)
}

func (s *stats) answered() int64 { return s.ok + s.s5xx + s.s503 + s.other }

// percentile of the sorted latencies (p in 0..100).
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}

func (s *stats) summary() (p50, p99, max time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := append([]time.Duration(nil), s.lat...)
	sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	if len(l) == 0 {
		return 0, 0, 0
	}
	return percentile(l, 50), percentile(l, 99), l[len(l)-1]
}

// phase is one timed run: named operations' stats and the server's CPU over it.
type phase struct {
	name     string
	ops      map[string]*stats
	order    []string
	mu       sync.Mutex
	elapsed  time.Duration
	cpu      time.Duration // server (or reference) process CPU during the phase; -1 unknown
	rssKB    int64         // resident set of the process measured, after the phase
	units    string        // what a "request" is when it is not an HTTP request (the floor: transactions)
	cpuOfRef bool          // the CPU is the reference program's
}

func newPhase(name string, ops ...string) *phase {
	p := &phase{name: name, ops: map[string]*stats{}, cpu: -1, rssKB: -1}
	for _, o := range ops {
		p.op(o)
	}
	return p
}

func (p *phase) op(name string) *stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.ops[name]
	if !ok {
		s = &stats{}
		p.ops[name] = s
		p.order = append(p.order, name)
	}
	return s
}

func (p *phase) requests() int64 {
	var n int64
	for _, s := range p.ops {
		n += s.answered()
	}
	return n
}

func (p *phase) bad() (n5xx, n503 int64, first string) {
	for _, name := range p.order {
		s := p.ops[name]
		n5xx += s.s5xx
		n503 += s.s503
		if first == "" {
			first = s.firstBad
		}
	}
	return
}
