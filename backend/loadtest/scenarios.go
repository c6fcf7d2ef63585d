package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// worker owns one school's submission of the form.
type worker struct {
	n        int
	username string
	token    string
	userID   int64
	orgID    int64
	orgCode  string
	subID    int64
	version  int
	status   string
	saved    bool // saved since it last became editable (submit needs the values)
}

// values are the n-th save's values: valid, so a submit passes, and changing, so every approval
// moves the totals.
func (w *worker) values(n int) map[string]any {
	return map[string]any{"payroll_total": "1000000", "training_spend": fmt.Sprint(10000 + (w.n*7919+n)%10000),
		"trainees": fmt.Sprint(10 + n%50), "training_hours": "12.5"}
}

type fixture struct {
	period   string
	form     string
	workers  []*worker
	reviewer string
	leader   string
}

type subDoc struct {
	ID      int64  `json:"id"`
	Version int    `json:"version"`
	Status  string `json:"status"`
}

type loginDoc struct {
	AccessToken string `json:"access_token"`
	User        struct {
		ID    int64 `json:"id"`
		OrgID int64 `json:"org_id"`
	} `json:"user"`
}

const workerPassword = "Load-test-2025!x"

func login(ctx context.Context, c *client, username, password string) (loginDoc, error) {
	var l loginDoc
	err := c.call(ctx, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": username, "password": password}, &l, http.StatusOK)
	return l, err
}

// setup logs in the admin, reviewer and leader, finds the form's campaign, and gives each worker
// an account (a filler) at a different school with a task for it and the school's submission,
// brought to an editable state.
func setup(ctx context.Context, c *client, o Options, e *env) (*fixture, error) {
	admin, err := login(ctx, c, o.Admin, o.Password)
	if err != nil {
		return nil, err
	}
	rev, err := login(ctx, c, o.Reviewer, o.Password)
	if err != nil {
		return nil, err
	}
	lead, err := login(ctx, c, o.Leader, o.Password)
	if err != nil {
		return nil, err
	}
	fx := &fixture{form: o.Form, reviewer: rev.AccessToken, leader: lead.AccessToken}
	var camps struct {
		Items []struct {
			Period   string   `json:"period"`
			OrgTypes []string `json:"org_types"`
		} `json:"items"`
	}
	if err := c.call(ctx, http.MethodGet, "/api/v1/campaigns?form="+url.QueryEscape(o.Form), lead.AccessToken, nil, &camps, http.StatusOK); err != nil {
		return nil, err
	}
	if len(camps.Items) == 0 {
		return nil, fmt.Errorf("no campaign for the form %s (a demo server opens one per form)", o.Form)
	}
	fx.period = camps.Items[0].Period
	types := camps.Items[0].OrgTypes
	type orgDoc struct {
		ID   int64  `json:"id"`
		Code string `json:"code"`
		Type string `json:"type"`
	}
	var cands []orgDoc
	for page := 1; ; page++ {
		var pg struct {
			Items []orgDoc `json:"items"`
			Total int      `json:"total"`
		}
		if err := c.call(ctx, http.MethodGet, fmt.Sprintf("/api/v1/orgs?page=%d&page_size=200", page), admin.AccessToken, nil, &pg, http.StatusOK); err != nil {
			return nil, err
		}
		for _, it := range pg.Items {
			if len(types) == 0 || contains(types, it.Type) {
				cands = append(cands, it)
			}
		}
		if len(pg.Items) == 0 || page*200 >= pg.Total || len(cands) >= 4*o.Workers {
			break
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].ID < cands[j].ID })
	for _, org := range cands {
		if len(fx.workers) == o.Workers {
			break
		}
		name := "load-" + strings.ToLower(org.Code)
		body := map[string]any{"username": name, "display_name": "负载测试 " + org.Code, "password": workerPassword, "org_id": org.ID,
			"roles": []map[string]any{{"role": "filler", "org_id": org.ID}}}
		if r := c.do(ctx, http.MethodPost, "/api/v1/users", admin.AccessToken, body); r.err != nil {
			return nil, fmt.Errorf("POST /api/v1/users: %w", r.err)
		} else if !accountThere(r) {
			return nil, fmt.Errorf("POST /api/v1/users: answered %d, want 201, 409 or a duplicate username: %s", r.status, clip(r.body))
		}
		l, err := login(ctx, c, name, workerPassword)
		if err != nil {
			return nil, err
		}
		var sub subDoc
		r := c.do(ctx, http.MethodPost, "/api/v1/submissions", l.AccessToken, map[string]string{"form": o.Form, "period": fx.period})
		if r.err != nil || (r.status != http.StatusOK && r.status != http.StatusCreated) || json.Unmarshal(r.body, &sub) != nil {
			continue // no task for this school
		}
		w := &worker{n: len(fx.workers), username: name, token: l.AccessToken, userID: l.User.ID, orgID: org.ID, orgCode: org.Code,
			subID: sub.ID, version: sub.Version, status: sub.Status}
		fx.workers = append(fx.workers, w)
	}
	if len(fx.workers) < o.Workers {
		return nil, fmt.Errorf("only %d schools have a task for %s in %s; want %d workers", len(fx.workers), o.Form, fx.period, o.Workers)
	}
	// Bring every submission to an editable state (demo data approved most of them).
	for _, w := range fx.workers {
		for i := 0; w.status != "draft" && w.status != "returned"; i++ {
			if i > 5 {
				return nil, fmt.Errorf("submission %d stuck at %s", w.subID, w.status)
			}
			op, _, _ := fx.next(w)
			if r := fx.step(ctx, c, w, op); r.status != http.StatusOK {
				return nil, fmt.Errorf("setup %s of submission %d: %d %s", op, w.subID, r.status, clip(r.body))
			}
		}
	}
	e.logf("%d workers at %d schools, form %s, period %s", len(fx.workers), len(fx.workers), o.Form, fx.period)
	return fx, nil
}

// accountThere reports whether the answer to creating a worker's account leaves the account
// there: created (201), or there already from an earlier run on the same database (409, or 422
// naming the username a duplicate, as the server answers).
func accountThere(r result) bool {
	switch r.status {
	case http.StatusCreated, http.StatusConflict:
		return true
	case http.StatusUnprocessableEntity:
		var p struct {
			Errors []struct {
				Field string `json:"field"`
				Code  string `json:"code"`
			} `json:"errors"`
		}
		if json.Unmarshal(r.body, &p) != nil || len(p.Errors) != 1 {
			return false
		}
		return p.Errors[0].Field == "username" && p.Errors[0].Code == "duplicate"
	}
	return false
}

// next is the cycle's next operation for w's status: save, submit, approve or reopen.
func (fx *fixture) next(w *worker) (op string, token string, clerk bool) {
	switch w.status {
	case "submitted":
		return "approve", fx.reviewer, false
	case "approved":
		return "reopen", fx.reviewer, false
	default:
		if !w.saved {
			return "save", w.token, true
		}
		return "submit", w.token, true
	}
}

// step sends op for w and updates w from the answer.
func (fx *fixture) step(ctx context.Context, c *client, w *worker, op string) result {
	path := fmt.Sprintf("/api/v1/submissions/%d", w.subID)
	var r result
	switch op {
	case "save":
		r = c.do(ctx, http.MethodPut, path, w.token, map[string]any{"version": w.version, "values": w.values(w.version)})
	case "submit":
		r = c.do(ctx, http.MethodPost, path+"/submit", w.token, map[string]any{"version": w.version})
	case "approve":
		r = c.do(ctx, http.MethodPost, path+"/approve", fx.reviewer, map[string]any{"version": w.version, "comment": "负载测试通过"})
	case "reopen":
		r = c.do(ctx, http.MethodPost, path+"/reopen", fx.reviewer, map[string]any{"version": w.version, "comment": "负载测试重开"})
	}
	var d subDoc
	if r.err == nil && r.status == http.StatusOK && json.Unmarshal(r.body, &d) == nil {
		w.version, w.status = d.Version, d.Status
		w.saved = op == "save"
	} else if op == "submit" {
		w.saved = false // refused (a 422 names the fields): save again before the next submit
	}
	return r
}

// resync reads w's submission again (after a conflict, an error or the floor's hand-written saves).
func (fx *fixture) resync(ctx context.Context, c *client, w *worker) {
	var d subDoc
	r := c.do(ctx, http.MethodGet, fmt.Sprintf("/api/v1/submissions/%d", w.subID), w.token, nil)
	if r.err == nil && r.status == http.StatusOK && json.Unmarshal(r.body, &d) == nil {
		if d.Status != w.status {
			w.saved = false
		}
		w.version, w.status = d.Version, d.Status
	}
}

func each(fx *fixture, fn func(w *worker)) {
	var wg sync.WaitGroup
	for _, w := range fx.workers {
		wg.Add(1)
		go func() { defer wg.Done(); fn(w) }()
	}
	wg.Wait()
}

// runSave: every worker saves its draft again and again.
func runSave(ctx context.Context, c *client, fx *fixture, p *phase) {
	st := p.op("save")
	each(fx, func(w *worker) {
		fx.resync(context.Background(), c, w)
		for ctx.Err() == nil {
			if w.status != "draft" && w.status != "returned" {
				op, _, _ := fx.next(w)
				fx.step(context.Background(), c, w, op) // back to editable; not counted
				continue
			}
			// A started request runs to its end, so the next phase starts from a settled state.
			r := fx.step(context.Background(), c, w, "save")
			st.add(r, "save")
			if r.status != http.StatusOK {
				fx.resync(context.Background(), c, w)
			}
		}
	})
}

// runCycle: save, submit, approve, reopen, round and round, one operation's stats each.
func runCycle(ctx context.Context, c *client, fx *fixture, p *phase) {
	for _, op := range []string{"save", "submit", "approve", "reopen"} {
		p.op(op)
	}
	each(fx, func(w *worker) { cycleLoop(ctx, c, fx, p, w) })
}

func cycleLoop(ctx context.Context, c *client, fx *fixture, p *phase, w *worker) {
	fx.resync(context.Background(), c, w)
	for ctx.Err() == nil {
		op, _, _ := fx.next(w)
		r := fx.step(context.Background(), c, w, op)
		p.op(op).add(r, op)
		if r.status != http.StatusOK {
			fx.resync(context.Background(), c, w)
		}
	}
}

type readOp struct {
	name   string
	path   func(*worker) string
	leader bool
	// revalidate: send the ETag of the worker's previous answer as If-None-Match, as a browser
	// does with an answer it keeps (Cache-Control: no-cache); a 304 counts as answered.
	revalidate bool
}

func readOps(fx *fixture) []readOp {
	summary := func(*worker) string { return "/api/v1/indicators?period=" + url.QueryEscape(fx.period) }
	return []readOp{
		{name: "GET /me", path: func(*worker) string { return "/api/v1/me" }},
		{name: "GET /submissions/{id}", path: func(w *worker) string { return fmt.Sprintf("/api/v1/submissions/%d", w.subID) }},
		{name: "GET /tasks", path: func(*worker) string { return "/api/v1/tasks" }},
		{name: "district summary", path: summary, leader: true},
		{name: "district summary, revalidated", path: summary, leader: true, revalidate: true},
	}
}

// runRead: every worker reads the same endpoint again and again with its own token (the summary
// with the leader's), draining the answers (client.read).
func runRead(ctx context.Context, c *client, fx *fixture, p *phase, op readOp) {
	st := p.op(op.name)
	each(fx, func(w *worker) {
		tok := w.token
		if op.leader {
			tok = fx.leader
		}
		etag := ""
		for ctx.Err() == nil {
			r, tag := c.read(context.Background(), op.path(w), tok, etag)
			st.add(r, op.name)
			if op.revalidate && tag != "" {
				etag = tag
			}
		}
	})
}

// runMixed: the cycle while dashboards leaders load the district summary.
func runMixed(ctx context.Context, c *client, fx *fixture, p *phase, dashboards int) {
	for _, op := range []string{"save", "submit", "approve", "reopen", "dashboard summary"} {
		p.op(op)
	}
	sum := p.op("dashboard summary")
	path := "/api/v1/indicators?period=" + url.QueryEscape(fx.period)
	var wg sync.WaitGroup
	for range dashboards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				sum.add(c.do(context.Background(), http.MethodGet, path, fx.leader, nil), "dashboard summary")
			}
		}()
	}
	each(fx, func(w *worker) { cycleLoop(ctx, c, fx, p, w) })
	wg.Wait()
}
