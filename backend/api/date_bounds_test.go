package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

const dateProbeYAML = `code: date-probe
version: 1
title: 日期调查
period_type: year
org_types: [senior, junior]
fields:
  - key: founded
    label: 建校日期
    type: date
    required: true
`

// TestDateBounds: a date field refuses absurd years (issue 11, item 5) through the real router.
func TestDateBounds(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		wfWant(t, w.wfImport("admin", "application/yaml", dateProbeYAML), http.StatusCreated, "")
		wfWant(t, w.as("admin", http.MethodPost, "/api/v1/campaigns", map[string]any{"form": "date-probe", "period": "2025",
			"deadline": w.Clock.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339)}), http.StatusCreated, "")
		for _, c := range []struct {
			name, date string
			ok         bool
		}{
			{"date-422-year-0000", "0000-01-01", false},
			{"date-422-year-1799", "1799-12-31", false},
			{"date-422-year-9999", "9999-12-31", false},
			{"date-200-year-1800", "1800-01-01", true},
			{"date-200-ordinary", "1952-09-01", true},
		} {
			t.Run(c.name, func(t *testing.T) {
				d := w.wfOpen(t, "xhzx", "date-probe")
				r := w.as("xhzx", http.MethodPut, wfSub(d.ID, ""), map[string]any{"values": map[string]any{"founded": c.date}, "version": d.Version})
				if !c.ok {
					wantFields(t, wantProblem(t, r, http.StatusUnprocessableEntity, "validation"), map[string]string{"founded": "invalid_date"})
					return
				}
				wfWant(t, r, http.StatusOK, "")
				if got := wfDecodeDoc(t, r).Values["founded"]; got != c.date {
					t.Fatalf("date %s: stored %v", c.date, got)
				}
			})
		}
	})
}
