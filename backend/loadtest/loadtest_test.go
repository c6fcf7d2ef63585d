package loadtest

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func TestProcReadsThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	busy := time.Now()
	for time.Since(busy) < 30*time.Millisecond {
	}
	if c := procCPU(os.Getpid()); c <= 0 {
		t.Fatalf("procCPU of this busy process = %v", c)
	}
	if rss, peak := procRSS(os.Getpid()); rss <= 0 || peak < rss {
		t.Fatalf("procRSS = %d, peak %d", rss, peak)
	}
	if c := procCPU(-1); c != -1 {
		t.Fatalf("procCPU(-1) = %v", c)
	}
}

func TestStatsAndReport(t *testing.T) {
	p := newPhase("save")
	s := p.op("save")
	for i := 1; i <= 100; i++ {
		s.add(result{status: 200, took: time.Duration(i) * time.Millisecond}, "save")
	}
	s.add(result{status: 503, took: time.Millisecond}, "save")
	s.add(result{status: 409, took: time.Millisecond}, "save")
	p.elapsed = time.Second
	p.cpu = 200 * time.Millisecond
	p50, p99, mx := s.summary()
	if p50 < 40*time.Millisecond || p50 > 60*time.Millisecond || p99 < 95*time.Millisecond || mx != 100*time.Millisecond {
		t.Fatalf("p50 %v p99 %v max %v", p50, p99, mx)
	}
	r := &report{o: Options{Workers: 16, Dashboards: 16, Duration: time.Second, Form: "teacher-training"}, rssKB: -1}
	r.add(p)
	var out bytes.Buffer
	r.write(&out)
	if !strings.Contains(out.String(), "**Responses ≥ 500 (other than 503): 0 — none** (503: 1)") {
		t.Fatalf("report:\n%s", out.String())
	}
	// A 500 is counted and named.
	s.add(result{status: 500, body: []byte(`{"request_id":"abc"}`)}, "save")
	out.Reset()
	r.write(&out)
	if !strings.Contains(out.String(), "1 — FAILED") || !strings.Contains(out.String(), "First ≥500 in save") {
		t.Fatalf("report:\n%s", out.String())
	}
	if n, n503 := r.bad(); n != 1 || n503 != 1 {
		t.Fatalf("bad = %d, %d", n, n503)
	}
}
