package api_test

// The designer's test cases through the real router, on SQLite and MariaDB: a form whose test
// cases pass dry-runs and publishes with them kept; a failing case refuses the dry run and the
// publish with a 422 at tests[i] naming the case, and stores nothing; only a sysadmin gets that far.

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// tcProbeYAML is the probe form with a check on budget and test cases appended by each scenario.
const tcProbeYAML = `code: probe-cases
version: 1
title: 测试用例
period_type: year
org_types: [senior, junior]
fields:
  - {key: headcount, label: 人数, type: integer, min: "0"}
  - {key: budget, label: 预算, type: money}
  - key: per_head
    label: 人均
    type: money
    calculate: {if: [{var: headcount}, {"/": [{var: budget}, {var: headcount}]}, null]}
checks:
  - key: per_head_high
    severity: warning
    rule: {or: [{missing: [per_head]}, {"<=": [{var: per_head}, 1000]}]}
    message: 人均偏高
    fields: [per_head]
tests:
  - name: 人均正常
    values: {headcount: 10, budget: "5000.00"}
    expect: {computed: {per_head: 500}}
`

func TestBuilderTestCases(t *testing.T) {
	const code = "probe-cases"
	const dry = "/api/v1/forms/" + code + "/dry-run"
	failing := tcProbeYAML + `  - name: 人均偏高要提醒
    values: {headcount: 2, budget: "5000.00"}
    expect: {computed: {per_head: 2500}}
`
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		stored := func(t *testing.T) int {
			r := w.bGet("admin", "/api/v1/forms/"+code)
			if r.Status == http.StatusNotFound {
				return 0
			}
			return w.vForm(t, "admin", "/api/v1/forms/"+code).Version
		}
		refused := func(t *testing.T, r *testenv.Response) {
			t.Helper()
			p := wantProblem(t, r, http.StatusUnprocessableEntity, "validation")
			for _, e := range p.Errors {
				if e.Field == "tests[1]" && e.Code == "test_failed" && strings.Contains(e.Message, "人均偏高要提醒") && strings.Contains(e.Message, "warnings: want [], got [per_head_high]") {
					return
				}
			}
			t.Fatalf("want test_failed at tests[1] naming the case: %s", r.Body)
		}
		cases := []struct {
			name string
			run  func(t *testing.T)
		}{
			{"dry-run-422-test-case-fails", func(t *testing.T) {
				refused(t, w.bPost("admin", dry, "application/yaml", failing))
				if stored(t) != 0 {
					t.Fatal("a refused dry run stored a version")
				}
			}},
			{"publish-422-test-case-fails", func(t *testing.T) {
				refused(t, w.wfImport("admin", "application/yaml", failing))
				if stored(t) != 0 {
					t.Fatal("a refused publish stored a version")
				}
			}},
			{"dry-run-200-test-cases-pass", func(t *testing.T) {
				fixed := strings.Replace(failing, "expect: {computed: {per_head: 2500}}", "expect: {computed: {per_head: 2500}, warnings: [per_head_high]}", 1)
				wfWant(t, w.bPost("admin", dry, "application/yaml", fixed), http.StatusOK, "")
			}},
			{"publish-200-keeps-test-cases", func(t *testing.T) {
				wfWant(t, w.wfImport("admin", "application/yaml", tcProbeYAML), http.StatusCreated, "")
				r := w.bGet("admin", "/api/v1/forms/"+code+"/export.yaml")
				wfWant(t, r, http.StatusOK, "")
				if !strings.Contains(string(r.Body), "人均正常") {
					t.Fatalf("the published form lost its test case:\n%s", r.Body)
				}
				// Published, the form's own cases are checked again on a change that breaks one.
				broken := strings.Replace(tcProbeYAML, `{"/": [{var: budget}, {var: headcount}]}`, `{"*": [{var: budget}, {var: headcount}]}`, 1)
				p := wantProblem(t, w.bPost("admin", dry, "application/yaml", broken), http.StatusUnprocessableEntity, "validation")
				if len(p.Errors) != 1 || p.Errors[0].Field != "tests[0]" || !strings.Contains(p.Errors[0].Message, "人均正常") {
					t.Fatalf("want test_failed at tests[0]: %+v", p.Errors)
				}
			}},
		}
		for _, c := range cases {
			t.Run(c.name, c.run)
		}
		for _, user := range []string{"reviewer", "wlzx", "xhzx", "leader"} {
			t.Run("dry-run-403-test-cases-"+user, func(t *testing.T) {
				r := w.bPost(user, dry, "application/yaml", failing)
				wfWant(t, r, http.StatusForbidden, "")
				if strings.Contains(string(r.Body), "人均偏高要提醒") {
					t.Fatalf("a refused dry run leaks the case: %s", r.Body)
				}
			})
		}
	})
}
