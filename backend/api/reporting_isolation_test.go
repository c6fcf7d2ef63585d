package api_test

// The tenant-isolation matrix for the reporting endpoints (forms, campaigns, tasks, submissions,
// attachments): every demo role, plus a reviewer scoped to one town, × the caller's own org, a
// sibling and the parent (district roles: the district, a town and a school below it) → the
// expected status; and no foreign org's code or name in any body. A probe form that every org
// type reports gives each target org its own campaign (with exactly one task), a submitted
// submission and an attachment.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

const wfIsoFormYAML = `code: iso-probe
version: 1
title: 隔离探针
period_type: year
org_types: [bureau, department, town, kindergarten, primary, junior, senior, complete_middle, nine_year, special, vocational_secondary, vocational_college]
fields:
  - key: n
    label: 数量
    type: integer
    min: "0"
  - key: evidence
    label: 证明材料
    type: attachment
`

// wfIsoActor is a caller and its three targets.
type wfIsoActor struct {
	user    string
	targets [3]string
	class   string // which expectation row applies: sysadmin, reviewer, leader, school, town-reviewer
}

var wfIsoActors = []wfIsoActor{
	{"admin", [3]string{"qjjw", "town-chengnan", "xhzx"}, "sysadmin"},
	{"reviewer", [3]string{"qjjw", "town-chengnan", "xhzx"}, "reviewer"},
	{"leader", [3]string{"qjjw", "town-chengnan", "xhzx"}, "leader"},
	{"wlzx", [3]string{"wlzx", "wlxx", "town-zhengyang"}, "school"},
	{"xhzx", [3]string{"xhzx", "xhcz", "town-chengnan"}, "school"},
	{"syyey", [3]string{"syyey", "jgyey", "town-chengxi"}, "school"},
	{"czj", [3]string{"czj", "fgw", "qjjw"}, "school"},
	{"rv-cn", [3]string{"town-chengnan", "town-chengxi", "qjjw"}, "town-reviewer"},
}

var wfIsoOrgs = []string{"qjjw", "town-chengnan", "xhzx", "xhcz", "wlzx", "wlxx", "town-zhengyang",
	"syyey", "jgyey", "town-chengxi", "czj", "fgw"}

// wfIsoScope is which fixture orgs each actor may see.
var wfIsoScope = map[string][]string{
	"wlzx": {"wlzx"}, "xhzx": {"xhzx"}, "syyey": {"syyey"}, "czj": {"czj"},
	"rv-cn": {"town-chengnan", "xhzx", "xhcz"},
}

// Expected statuses per class, for own / sibling / parent. For queue-org and tasks-campaign the
// status is 200 and 1 means the target's row is listed, 0 that nothing is.
var wfIsoWant = map[string]map[string]want3{
	"sysadmin": {
		"get": {200, 200, 200}, "history": {200, 200, 200}, "save": {200, 200, 200}, "submit": {200, 200, 200},
		"approve": {200, 200, 200}, "return": {200, 200, 200}, "reopen": {200, 200, 200}, "bulk-approve": {200, 200, 200},
		"upload": {201, 201, 201}, "download": {200, 200, 200}, "open": {200, 200, 200},
		"get-campaign": {200, 200, 200}, "extend": {204, 204, 204}, "create-campaign": {201, 201, 201},
		"queue-org": {1, 1, 1}, "tasks-campaign": {1, 1, 1},
	},
	"reviewer": {
		"get": {200, 200, 200}, "history": {200, 200, 200}, "save": {403, 403, 403}, "submit": {403, 403, 403},
		"approve": {200, 200, 200}, "return": {200, 200, 200}, "reopen": {200, 200, 200}, "bulk-approve": {200, 200, 200},
		"upload": {403, 403, 403}, "download": {200, 200, 200}, "open": {403, 403, 403},
		"get-campaign": {200, 200, 200}, "extend": {204, 204, 204}, "create-campaign": {201, 201, 201},
		"queue-org": {1, 1, 1}, "tasks-campaign": {1, 1, 1},
	},
	"leader": {
		"get": {200, 200, 200}, "history": {200, 200, 200}, "save": {403, 403, 403}, "submit": {403, 403, 403},
		"approve": {403, 403, 403}, "return": {403, 403, 403}, "reopen": {403, 403, 403}, "bulk-approve": {403, 403, 403},
		"upload": {403, 403, 403}, "download": {200, 200, 200}, "open": {403, 403, 403},
		"get-campaign": {200, 200, 200}, "extend": {403, 403, 403}, "create-campaign": {403, 403, 403},
		"queue-org": {1, 1, 1}, "tasks-campaign": {1, 1, 1},
	},
	// A school's clerk or head: its own org only; other orgs do not exist for it (404; an
	// open naming one is an invalid org_id, 422).
	"school": {
		"get": {200, 404, 404}, "history": {200, 404, 404}, "save": {200, 404, 404}, "submit": {200, 404, 404},
		"approve": {403, 403, 403}, "return": {403, 403, 403}, "reopen": {403, 403, 403}, "bulk-approve": {403, 403, 403},
		"upload": {201, 404, 404}, "download": {200, 404, 404}, "open": {200, 422, 422},
		"get-campaign": {403, 403, 403}, "extend": {403, 403, 403}, "create-campaign": {403, 403, 403},
		"queue-org": {1, 0, 0}, "tasks-campaign": {1, 0, 0},
	},
	// A reviewer of one town: reviews inside it; a sibling town and the district are invisible.
	"town-reviewer": {
		"get": {200, 404, 404}, "history": {200, 404, 404}, "save": {403, 403, 403}, "submit": {403, 403, 403},
		"approve": {200, 404, 404}, "return": {200, 404, 404}, "reopen": {200, 404, 404}, "bulk-approve": {200, 404, 404},
		"upload": {403, 403, 403}, "download": {200, 404, 404}, "open": {403, 403, 403},
		"get-campaign": {200, 404, 404}, "extend": {204, 404, 404}, "create-campaign": {201, 422, 422},
		"queue-org": {1, 0, 0}, "tasks-campaign": {1, 0, 0},
	},
}

// Untargeted endpoints per class.
var wfIsoLists = map[string]map[string]int{
	"sysadmin":      {"list-submissions": 200, "list-campaigns": 200, "tasks": 200, "forms": 200, "form": 200, "import-form": 200},
	"reviewer":      {"list-submissions": 200, "list-campaigns": 200, "tasks": 200, "forms": 200, "form": 200, "import-form": 403},
	"leader":        {"list-submissions": 200, "list-campaigns": 200, "tasks": 200, "forms": 200, "form": 200, "import-form": 403},
	"school":        {"list-submissions": 200, "list-campaigns": 403, "tasks": 200, "forms": 200, "form": 200, "import-form": 403},
	"town-reviewer": {"list-submissions": 200, "list-campaigns": 200, "tasks": 200, "forms": 200, "form": 200, "import-form": 403},
}

// wfIsoFixture is one org's campaign, submission and attachment.
type wfIsoFixture struct {
	org, name, typ string
	orgID          int64
	campaign       int64
	sub            int64
	attachment     string
}

type wfIsoEndpoint struct {
	name   string
	method string
	path   func(fx wfIsoFixture) string
	body   func(fx wfIsoFixture) any
	prep   string // "editable", "submitted", "approved" or ""
	raw    func(w *wfEnv, user string, fx wfIsoFixture) *testenv.Response
}

func TestReportingIsolation(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		wfWant(t, w.wfImport("admin", "application/yaml", wfIsoFormYAML), 201, "")
		// A reviewer whose domain is one town.
		r := w.as("admin", http.MethodPost, "/api/v1/users", map[string]any{"username": "rv-cn", "display_name": "城南审核员",
			"password": testenv.DemoPassword, "org_id": w.OrgID("town-chengnan"), "roles": []map[string]any{{"role": "reviewer"}}})
		wfWant(t, r, 201, "")

		deadline := w.Clock.Now().Add(30 * 24 * time.Hour)
		campaignYear := 2100
		pic := wfPNG(t)
		fixtures := map[string]wfIsoFixture{}
		for _, code := range wfIsoOrgs {
			o, err := w.App.Orgs.ByCode(t.Context(), code)
			if err != nil {
				t.Fatal(err)
			}
			fx := wfIsoFixture{org: code, name: o.Name, typ: string(o.Type), orgID: o.ID}
			r := w.as("admin", http.MethodPost, "/api/v1/campaigns", map[string]any{"form": "iso-probe", "period": "2025",
				"deadline": deadline, "org_id": o.ID, "org_types": []string{fx.typ}})
			wfWant(t, r, 201, "")
			if m := r.JSON(t); m["task_count"] != float64(1) {
				t.Fatalf("campaign for %s has %v tasks", code, m["task_count"])
			}
			fx.campaign = id(t, r.JSON(t), "id")
			r = w.as("admin", http.MethodPost, "/api/v1/submissions", map[string]any{"form": "iso-probe", "period": "2025", "org_id": o.ID})
			wfWant(t, r, 201, "")
			d := wfDecodeDoc(t, r)
			if d.Org.Code != code {
				t.Fatalf("opened for %s, got %s", code, d.Org.Code)
			}
			fx.sub = d.ID
			d = w.wfSave(t, "admin", d, map[string]any{"n": 1})
			up := w.wfUpload(t, "admin", d.ID, "evidence", code+".png", pic)
			wfWant(t, up, 201, "")
			fx.attachment = up.JSON(t)["id"].(string)
			w.wfAct(t, "admin", d.ID, "submit", nil)
			fixtures[code] = fx
		}

		// ensure brings a fixture's submission to a state, as admin.
		ensure := func(t *testing.T, fx wfIsoFixture, want string) {
			t.Helper()
			get := func() wfDoc { return wfDecodeDoc(t, w.as("admin", http.MethodGet, wfSub(fx.sub, ""), nil)) }
			d := get()
			back := map[string]any{"comment": "复核"}
			switch want {
			case "editable":
				switch d.Status {
				case "submitted":
					w.wfAct(t, "admin", fx.sub, "return", back)
				case "approved":
					w.wfAct(t, "admin", fx.sub, "reopen", back)
				}
			case "submitted", "approved":
				if d.Status == "approved" && want == "submitted" {
					w.wfAct(t, "admin", fx.sub, "reopen", back)
					d = get()
				}
				if d.Status == "draft" || d.Status == "returned" {
					w.wfAct(t, "admin", fx.sub, "submit", nil)
				}
				if want == "approved" && d.Status != "approved" {
					w.wfAct(t, "admin", fx.sub, "approve", nil)
				}
			}
		}

		comment := func(wfIsoFixture) any { return map[string]any{"comment": "请核实"} }
		endpoints := []wfIsoEndpoint{
			{name: "get", method: "GET", path: func(fx wfIsoFixture) string { return wfSub(fx.sub, "") }},
			{name: "history", method: "GET", path: func(fx wfIsoFixture) string { return wfSub(fx.sub, "/history") }},
			{name: "save", method: "PUT", path: func(fx wfIsoFixture) string { return wfSub(fx.sub, "") }, prep: "editable",
				body: func(fx wfIsoFixture) any {
					d := wfDecodeDoc(t, w.as("admin", http.MethodGet, wfSub(fx.sub, ""), nil))
					return map[string]any{"values": map[string]any{"n": 2}, "version": d.Version}
				}},
			{name: "submit", method: "POST", path: func(fx wfIsoFixture) string { return wfSub(fx.sub, "/submit") }, prep: "editable"},
			{name: "approve", method: "POST", path: func(fx wfIsoFixture) string { return wfSub(fx.sub, "/approve") }, prep: "submitted"},
			{name: "return", method: "POST", path: func(fx wfIsoFixture) string { return wfSub(fx.sub, "/return") }, prep: "submitted", body: comment},
			{name: "reopen", method: "POST", path: func(fx wfIsoFixture) string { return wfSub(fx.sub, "/reopen") }, prep: "approved", body: comment},
			{name: "bulk-approve", method: "POST", path: func(wfIsoFixture) string { return "/api/v1/submissions/bulk-approve" }, prep: "submitted",
				body: func(fx wfIsoFixture) any { return map[string]any{"ids": []int64{fx.sub}} }},
			{name: "upload", prep: "editable", raw: func(w *wfEnv, user string, fx wfIsoFixture) *testenv.Response {
				return w.wfUpload(t, user, fx.sub, "evidence", "more.png", pic)
			}},
			{name: "download", method: "GET", path: func(fx wfIsoFixture) string { return "/api/v1/attachments/" + fx.attachment }},
			{name: "open", method: "POST", path: func(wfIsoFixture) string { return "/api/v1/submissions" },
				body: func(fx wfIsoFixture) any {
					return map[string]any{"form": "iso-probe", "period": "2025", "org_id": fx.orgID}
				}},
			{name: "get-campaign", method: "GET", path: func(fx wfIsoFixture) string { return fmt.Sprintf("/api/v1/campaigns/%d", fx.campaign) }},
			{name: "extend", method: "POST", path: func(fx wfIsoFixture) string { return fmt.Sprintf("/api/v1/campaigns/%d/extend", fx.campaign) },
				body: func(fx wfIsoFixture) any {
					return map[string]any{"org_id": fx.orgID, "deadline": deadline.Add(24 * time.Hour)}
				}},
			{name: "create-campaign", method: "POST", path: func(wfIsoFixture) string { return "/api/v1/campaigns" },
				body: func(fx wfIsoFixture) any {
					// Each call asks for a new year: an org gets one task per form and period.
					campaignYear++
					return map[string]any{"form": "iso-probe", "period": strconv.Itoa(campaignYear), "deadline": deadline, "org_id": fx.orgID, "org_types": []string{fx.typ}}
				}},
			{name: "queue-org", method: "GET", path: func(fx wfIsoFixture) string { return fmt.Sprintf("/api/v1/submissions?org=%d", fx.orgID) }},
			{name: "tasks-campaign", method: "GET", path: func(fx wfIsoFixture) string { return fmt.Sprintf("/api/v1/tasks?campaign_id=%d", fx.campaign) }},
		}
		probe := fixtures["xhzx"]
		lists := []wfIsoEndpoint{
			{name: "list-submissions", method: "GET", path: func(wfIsoFixture) string { return "/api/v1/submissions?page_size=200" }},
			{name: "list-campaigns", method: "GET", path: func(wfIsoFixture) string { return "/api/v1/campaigns?page_size=200" }},
			{name: "tasks", method: "GET", path: func(wfIsoFixture) string { return "/api/v1/tasks?page_size=200" }},
			{name: "forms", method: "GET", path: func(wfIsoFixture) string { return "/api/v1/forms" }},
			{name: "form", method: "GET", path: func(wfIsoFixture) string { return "/api/v1/forms/iso-probe" }},
			{name: "import-form", raw: func(w *wfEnv, user string, _ wfIsoFixture) *testenv.Response {
				return w.wfImport(user, "application/yaml", wfIsoFormYAML)
			}},
		}
		send := func(user string, ep wfIsoEndpoint, fx wfIsoFixture) *testenv.Response {
			if ep.raw != nil {
				return ep.raw(w, user, fx)
			}
			var body any
			if ep.body != nil {
				body = ep.body(fx)
			}
			return w.as(user, ep.method, ep.path(fx), body)
		}

		t.Run("unauthenticated-401-everywhere", func(t *testing.T) {
			for _, ep := range append(append([]wfIsoEndpoint{}, endpoints...), lists...) {
				if ep.raw != nil {
					continue // uploads and imports are sent with a token; covered below
				}
				r := send("", ep, probe)
				wfWant(t, r, 401, "missing_token")
				if strings.Contains(string(r.Body), probe.name) {
					t.Fatalf("%s: 401 body leaks: %s", ep.name, r.Body)
				}
			}
			wfWant(t, w.wfUpload(t, "", probe.sub, "evidence", "a.png", pic), 401, "missing_token")
			wfWant(t, raw(w.Env, "POST", "/api/v1/forms", "application/yaml", wfIsoFormYAML, nil, ""), 401, "missing_token")
			wfWant(t, w.Do("GET", wfSub(probe.sub, ""), "forged.token.value", nil), 401, "invalid_token")
		})

		for _, a := range wfIsoActors {
			t.Run(a.user, func(t *testing.T) {
				// leak fails if a body names an org outside the actor's scope.
				leak := func(t *testing.T, what string, body []byte) {
					t.Helper()
					visible, limited := wfIsoScope[a.user]
					if !limited {
						return
					}
					for _, code := range wfIsoOrgs {
						if contains(visible, code) {
							continue
						}
						fx := fixtures[code]
						if strings.Contains(string(body), `"`+code+`"`) || strings.Contains(string(body), fx.name) ||
							strings.Contains(string(body), code+".png") {
							t.Fatalf("%s: body names foreign org %s (%s): %.400s", what, code, fx.name, body)
						}
					}
				}
				for _, ep := range endpoints {
					want := wfIsoWant[a.class][ep.name]
					for i, target := range a.targets {
						fx := fixtures[target]
						label := [3]string{"own", "sibling", "parent"}[i]
						if a.class != "school" && a.class != "town-reviewer" {
							label = [3]string{"district", "town", "school"}[i]
						}
						t.Run(fmt.Sprintf("%s-%s-%d", ep.name, label, want[i]), func(t *testing.T) {
							if ep.prep != "" {
								ensure(t, fx, ep.prep)
							}
							r := send(a.user, ep, fx)
							leak(t, ep.name, r.Body)
							switch ep.name {
							case "queue-org", "tasks-campaign":
								wfWant(t, r, 200, "")
								list, total := items(t, r)
								found := false
								for _, it := range list {
									found = found || it["org"].(map[string]any)["code"] == target
								}
								// ?org= is a subtree: the target's own row must be there, or nothing at all.
								if (want[i] == 1) != found || (want[i] == 0 && total != 0) {
									t.Fatalf("lists %d rows (target %s found: %v), want target listed: %v: %.300s", total, target, found, want[i] == 1, r.Body)
								}
							case "bulk-approve":
								if want[i] == 403 {
									wfWant(t, r, 403, "forbidden")
									return
								}
								wfWant(t, r, 200, "")
								var out struct {
									Items []struct{ Status int } `json:"items"`
								}
								r.Decode(t, &out)
								if len(out.Items) != 1 || out.Items[0].Status != want[i] {
									t.Fatalf("bulk item status: %s", r.Body)
								}
							default:
								wfWant(t, r, want[i], "")
							}
							if ep.name == "download" && r.Status == 200 && string(r.Body) != string(pic) {
								t.Fatal("download returned other bytes")
							}
							if (ep.name == "get" || ep.name == "open") && r.Status == 200 {
								if d := wfDecodeDoc(t, r); d.Org.Code != target {
									t.Fatalf("got %s's submission asking for %s", d.Org.Code, target)
								}
							}
						})
					}
				}
				for _, ep := range lists {
					want := wfIsoLists[a.class][ep.name]
					t.Run(fmt.Sprintf("%s-%d", ep.name, want), func(t *testing.T) {
						r := send(a.user, ep, probe)
						wfWant(t, r, want, "")
						leak(t, ep.name, r.Body)
						if r.Status != 200 {
							return
						}
						switch ep.name {
						case "list-submissions", "tasks":
							list, total := items(t, r)
							seen := map[string]bool{}
							for _, it := range list {
								seen[it["org"].(map[string]any)["code"].(string)] = true
							}
							if visible, limited := wfIsoScope[a.user]; limited {
								for code := range seen {
									if !contains(visible, code) && contains(wfIsoOrgs, code) {
										t.Fatalf("%s lists %s", ep.name, code)
									}
								}
								if !seen[visible[0]] {
									t.Fatalf("%s lacks the actor's own %s: %.300s", ep.name, visible[0], r.Body)
								}
							} else if total < len(wfIsoOrgs) {
								t.Fatalf("%s: district role sees only %d", ep.name, total)
							}
						}
					})
				}
			})
		}
	})
}
