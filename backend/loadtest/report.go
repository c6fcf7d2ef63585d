package loadtest

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"
)

type totalsCheck struct {
	when  string
	equal bool
	note  string
}

type report struct {
	o       Options
	db      string
	url     string
	period  string
	started time.Time
	cpus    int
	phases  []*phase
	checks  []totalsCheck
	notes   []string
	errLogs map[string]string // phase name -> the server's log line for its first >= 500
	rssKB   int64
	peakKB  int64
}

func (r *report) add(p *phase) { r.phases = append(r.phases, p) }

func (r *report) phase(name string) *phase {
	for _, p := range r.phases {
		if p.name == name {
			return p
		}
	}
	return nil
}

// bad counts answers >= 500 other than 503, and 503s, over the run.
func (r *report) bad() (n5xx, n503 int64) {
	for _, p := range r.phases {
		a, b, _ := p.bad()
		n5xx += a
		n503 += b
	}
	return
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }

func rate(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// cpuPerReq is the phase's CPU per answered request in ms, or -1.
func (p *phase) cpuPerReq() float64 {
	n := p.requests()
	if p.cpu < 0 || n == 0 {
		return -1
	}
	return float64(p.cpu) / float64(time.Millisecond) / float64(n)
}

func ratio(a, b float64) string {
	if a < 0 || b <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func (r *report) write(w io.Writer) {
	n5xx, n503 := r.bad()
	fmt.Fprintf(w, "# Tianbao load test\n\n")
	fmt.Fprintf(w, "%s; database %s; server %s; %d workers, %d dashboards, %s per scenario (read and reference: a quarter each); form %s, period %s; %d CPUs, %s.\n\n",
		r.started.Format("2006-01-02 15:04 UTC"), r.db, r.url, r.o.Workers, r.o.Dashboards, r.o.Duration, r.o.Form, r.period, r.cpus, runtime.Version())
	mark := "0 — none"
	if n5xx > 0 {
		mark = fmt.Sprintf("%d — FAILED", n5xx)
	}
	fmt.Fprintf(w, "**Responses ≥ 500 (other than 503): %s** (503: %d)\n\n", mark, n503)
	fmt.Fprintln(w, "| scenario | operation | answered | per s | p50 ms | p99 ms | max ms | ≥500 | 503 | 4xx | no answer | server CPU ms/req | RSS MB |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, p := range r.phases {
		cpu := "n/a"
		if c := p.cpuPerReq(); c >= 0 {
			cpu = fmt.Sprintf("%.3f", c)
			if p.cpuOfRef {
				cpu += " (ref)"
			}
		}
		if p.units != "" {
			cpu = "—"
		}
		rss := "n/a"
		if p.rssKB >= 0 && p.units == "" {
			rss = fmt.Sprintf("%.1f", float64(p.rssKB)/1024)
			if p.cpuOfRef {
				rss += " (ref)"
			}
		}
		for _, name := range p.order {
			s := p.ops[name]
			p50, p99, mx := s.summary()
			fmt.Fprintf(w, "| %s | %s | %d | %.1f | %s | %s | %s | %d | %d | %d | %d | %s | %s |\n", strings.Fields(p.name)[0], name, s.answered(),
				rate(s.answered(), p.elapsed), ms(p50), ms(p99), ms(mx), s.s5xx, s.s503, s.other, s.noAnswer, cpu, rss)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "## Ratios")
	fmt.Fprintln(w)
	opRate := func(phase, op string) float64 {
		p := r.phase(phase)
		if p == nil || p.ops[op] == nil {
			return -1
		}
		return rate(p.ops[op].ok, p.elapsed)
	}
	if s, f := opRate("save", "save"), opRate("floor", "save (hand-written tx)"); s >= 0 && f > 0 {
		fmt.Fprintf(w, "- Saves: %.1f/s through HTTP against %.1f/s hand-written transactions: **%s the floor**.\n", s, f, ratio(s, f))
	}
	if p := r.phase("cycle"); p != nil {
		fmt.Fprintf(w, "- Cycle: %.1f cycles/s (reopens), %.1f approvals/s, %.1f requests/s.\n", opRate("cycle", "reopen"), opRate("cycle", "approve"),
			rate(p.requests(), p.elapsed))
	}
	if a, m := opRate("cycle", "approve"), opRate("mixed", "approve"); a > 0 && m >= 0 {
		fmt.Fprintf(w, "- Approvals with %d dashboards loading the summary: %.1f/s, **%s of their rate alone** (%.1f summaries/s meanwhile).\n",
			r.o.Dashboards, m, ratio(m, a), opRate("mixed", "dashboard summary"))
	}
	if ref := r.phase("reference"); ref != nil && ref.cpuPerReq() > 0 {
		var parts []string
		for _, p := range r.phases {
			if strings.HasPrefix(p.name, "read ") && p.cpuPerReq() >= 0 {
				parts = append(parts, fmt.Sprintf("%s %s", strings.TrimPrefix(p.name, "read "), ratio(p.cpuPerReq(), ref.cpuPerReq())))
			}
		}
		fmt.Fprintf(w, "- Server CPU per request against the reference program's (%.3f ms): %s.\n", ref.cpuPerReq(), strings.Join(parts, ", "))
	}
	for _, c := range r.checks {
		verdict := "**equal to a full rebuild**"
		if !c.equal {
			verdict = "**DIFFERENT from a full rebuild**"
		}
		fmt.Fprintf(w, "- Totals %s: %s (%s).\n", c.when, verdict, c.note)
	}
	if r.rssKB >= 0 {
		fmt.Fprintf(w, "- Server RSS after the run: %.1f MB (peak %.1f MB).\n", float64(r.rssKB)/1024, float64(r.peakKB)/1024)
	}
	for _, n := range r.notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
	for _, p := range r.phases {
		if _, _, first := p.bad(); first != "" {
			fmt.Fprintf(w, "- First ≥500 in %s: %s\n", p.name, strings.TrimSpace(first))
			if l := r.errLogs[p.name]; l != "" {
				fmt.Fprintf(w, "  server log: `%s`\n", l)
			}
		}
	}
}

// explain finds, in the started server's log, the line of each phase's first >= 500 (by its
// request id), so the report says what failed.
func (r *report) explain(logPath string) {
	if logPath == "" {
		return
	}
	b, err := os.ReadFile(logPath)
	if err != nil {
		return
	}
	lines := strings.Split(string(b), "\n")
	r.errLogs = map[string]string{}
	for _, p := range r.phases {
		_, _, first := p.bad()
		_, rest, ok := strings.Cut(first, `"request_id":"`)
		if !ok {
			continue
		}
		id, _, _ := strings.Cut(rest, `"`)
		for _, l := range lines {
			if id != "" && strings.Contains(l, id) {
				r.errLogs[p.name] = strings.ReplaceAll(l, "`", "'")
				break
			}
		}
	}
}
