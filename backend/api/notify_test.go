package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/app"
	"github.com/tianbao-edu/tianbao/backend/config"
	"github.com/tianbao-edu/tianbao/backend/notify"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// ntEnv is an instance with a local robot receiver and SMTP server configured as its channels.
type ntEnv struct {
	*wfEnv
	robots *robots
	smtp   *smtpServer
}

const ntSecret = "SEC0123456789abcdef-test"

func ntNew(t *testing.T, kind string) *ntEnv {
	t.Helper()
	rb, sm := newRobots(t, ntSecret), newSMTP(t)
	e := testenv.New(t, kind, func(c *config.Config) {
		c.Notify.Enabled = false // the tests tick the schedulers themselves
		c.Notify.WebhookHosts = []string{"127.0.0.1"}
		c.Notify.SMTPHost, c.Notify.SMTPPort, c.Notify.SMTPFrom = "127.0.0.1", sm.port(), "填报 <tianbao@example.edu.cn>"
	})
	return &ntEnv{wfEnv: &wfEnv{Env: e, tokens: map[string]string{}}, robots: rb, smtp: sm}
}

// replica opens a second instance of the app on the same database and clock: another replica.
func (n *ntEnv) replica(t *testing.T) *app.App {
	t.Helper()
	a, err := app.Open(context.Background(), n.App.Config, app.Options{Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Now: n.Clock.Now})
	if err != nil {
		t.Fatalf("open a second replica: %v", err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// tickAll ticks every scheduler at the same time, rounds times, and fails on an error.
func tickAll(t *testing.T, rounds int, scs ...*notify.Scheduler) {
	t.Helper()
	for range rounds {
		var wg sync.WaitGroup
		errs := make([]error, len(scs))
		for i, sc := range scs {
			wg.Go(func() { _, _, errs[i] = sc.Tick(context.Background()) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("tick: %v", err)
			}
		}
	}
}

// inbox reads a user's inbox items with the given rule.
func (n *ntEnv) inbox(t *testing.T, user, rule string) ([]map[string]any, int) {
	t.Helper()
	r := n.as(user, http.MethodGet, "/api/v1/inbox?page_size=100", nil)
	wantStatus(t, r, http.StatusOK)
	var page struct {
		Items  []map[string]any `json:"items"`
		Unread int              `json:"unread"`
	}
	r.Decode(t, &page)
	var out []map[string]any
	for _, it := range page.Items {
		if rule == "" || it["rule"] == rule {
			out = append(out, it)
		}
	}
	return out, page.Unread
}

func (n *ntEnv) deliveries(t *testing.T, query string) []map[string]any {
	t.Helper()
	r := n.as("admin", http.MethodGet, "/api/v1/notifications/deliveries?page_size=100"+query, nil)
	wantStatus(t, r, http.StatusOK)
	list, _ := items(t, r)
	return list
}

// TestNotifications walks the reminders and notifications through the real router, two replicas
// on one database, a local robot receiver and an SMTP server, in order: each scenario builds on
// the ones before.
func TestNotifications(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		n := ntNew(t, kind)
		wlzx, xhzx := n.OrgID("wlzx"), n.OrgID("xhzx")
		a, b := n.App, n.replica(t)
		scA := notify.NewScheduler(a.Notify, notify.SchedulerOptions{Holder: "replica-a"})
		scB := notify.NewScheduler(b.Notify, notify.SchedulerOptions{Holder: "replica-b"})
		wecom := n.robots.srv.URL + "/cgi-bin/webhook/send?key=WLZX-KEY-0001"
		ding := n.robots.srv.URL + "/robot/send?access_token=WLZX-TOKEN-0001"
		var xhzxSub wfDoc

		t.Run("org-settings-masked", func(t *testing.T) {
			r := n.as("wlzx", http.MethodPut, fmt.Sprintf("/api/v1/orgs/%d/notifications", wlzx),
				map[string]any{"wecom_url": wecom, "dingtalk_url": ding, "dingtalk_secret": ntSecret})
			wantStatus(t, r, http.StatusOK)
			r = n.as("wlzx", http.MethodGet, fmt.Sprintf("/api/v1/orgs/%d/notifications", wlzx), nil)
			wantStatus(t, r, http.StatusOK)
			body := string(r.Body)
			for _, secret := range []string{"WLZX-KEY-0001", "WLZX-TOKEN-0001", ntSecret} {
				if strings.Contains(body, secret) {
					t.Fatalf("settings show %q: %s", secret, body)
				}
			}
			m := r.JSON(t)
			if m["wecom_set"] != true || m["dingtalk_set"] != true || m["dingtalk_secret_set"] != true {
				t.Fatalf("settings do not say what is set: %s", body)
			}
			// A patch without the secret keeps it.
			wantStatus(t, n.as("wlzx", http.MethodPut, fmt.Sprintf("/api/v1/orgs/%d/notifications", wlzx), map[string]any{"lang": "zh-CN"}), http.StatusOK)
			if got, _ := a.Notify.OrgSettings(context.Background(), wlzx); got.DingTalkSecret != ntSecret || got.WeComURL != wecom {
				t.Fatalf("a partial patch changed the robots: %+v", got)
			}
		})

		t.Run("org-settings-422-bad-webhook", func(t *testing.T) {
			p := wantProblem(t, n.as("wlzx", http.MethodPut, fmt.Sprintf("/api/v1/orgs/%d/notifications", wlzx),
				map[string]any{"wecom_url": "https://intranet.example.com/hook", "dingtalk_url": "ftp://127.0.0.1/x", "lang": "fr"}),
				http.StatusUnprocessableEntity, "validation")
			wantFields(t, p, map[string]string{"wecom_url": "invalid_webhook", "dingtalk_url": "invalid_webhook", "lang": "invalid_choice"})
		})

		t.Run("org-settings-isolation", func(t *testing.T) {
			// A filler has no right to the robots (403); another org's admin does not see the org (404).
			wantProblem(t, n.as("xhzx", http.MethodGet, fmt.Sprintf("/api/v1/orgs/%d/notifications", xhzx), nil), http.StatusForbidden, "forbidden")
			wantStatus(t, n.as("wlzx", http.MethodGet, fmt.Sprintf("/api/v1/orgs/%d/notifications", xhzx), nil), http.StatusNotFound)
			wantStatus(t, n.as("wlzx", http.MethodPut, fmt.Sprintf("/api/v1/orgs/%d/notifications", xhzx), map[string]any{"wecom_url": wecom}), http.StatusNotFound)
			wantStatus(t, n.as("", http.MethodGet, "/api/v1/inbox", nil), http.StatusUnauthorized)
			wantProblem(t, n.as("wlzx", http.MethodGet, "/api/v1/notifications/deliveries", nil), http.StatusForbidden, "forbidden")
			wantProblem(t, n.as("reviewer", http.MethodGet, "/api/v1/notifications/deliveries", nil), http.StatusForbidden, "forbidden")
		})

		t.Run("user-settings", func(t *testing.T) {
			p := wantProblem(t, n.as("xhzx", http.MethodPut, "/api/v1/me/notifications", map[string]any{"email": "not-an-address", "email_on": true}),
				http.StatusUnprocessableEntity, "validation")
			wantFields(t, p, map[string]string{"email": "invalid_email"})
			r := n.as("xhzx", http.MethodPut, "/api/v1/me/notifications", map[string]any{"email": "xhzx@example.edu.cn", "email_on": true, "lang": "zh-CN"})
			wantStatus(t, r, http.StatusOK)
			if m := n.as("xhzx", http.MethodGet, "/api/v1/me/notifications", nil).JSON(t); m["email"] != "xhzx@example.edu.cn" || m["email_on"] != true || m["inbox_on"] != true {
				t.Fatalf("settings not kept: %v", m)
			}
			// The wlzx admin reads English.
			wantStatus(t, n.as("wlzx", http.MethodPut, "/api/v1/me/notifications", map[string]any{"lang": "en"}), http.StatusOK)
		})

		// A campaign due in 60 hours; xhzx submits, wlzx does not.
		deadline := n.Clock.Now().Add(60 * time.Hour)
		r := n.as("admin", http.MethodPost, "/api/v1/campaigns", map[string]any{"form": "teacher-training", "period": "2026",
			"title": "2026 教师培训经费", "deadline": deadline, "org_id": n.OrgID("qjjw")})
		wantStatus(t, r, http.StatusCreated)
		tasks := int(r.JSON(t)["task_count"].(float64))
		d := n.wfOpenPeriod(t, "xhzx", "teacher-training", "2026")
		d = n.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "1000000", "training_spend": "20000"})
		xhzxSub = n.wfAct(t, "xhzx", d.ID, "submit", map[string]any{"version": d.Version})

		t.Run("deadline-once-two-replicas", func(t *testing.T) {
			tickAll(t, 3, scA, scB)
			n.robots.checkNoRejects(t)
			if got := n.robots.count("wecom", "2026 教师培训经费"); got != 1 {
				t.Fatalf("wecom got the wlzx reminder %d times, want 1: %+v", got, n.robots.messages())
			}
			if got := n.robots.count("dingtalk", "2026 教师培训经费"); got != 1 {
				t.Fatalf("dingtalk got the wlzx reminder %d times, want 1: %+v", got, n.robots.messages())
			}
			for _, m := range n.robots.messages() {
				if m.Key != "WLZX-KEY-0001" && m.Key != "WLZX-TOKEN-0001" {
					t.Fatalf("posted to a robot no org configured: %+v", m)
				}
				if !strings.Contains(m.Title+m.Text, "还有 3 天") {
					t.Fatalf("the reminder is not the 3-day one in Chinese: %+v", m)
				}
			}
			items, unread := n.inbox(t, "wlzx", notify.RuleDeadline)
			if len(items) != 1 || unread < 1 || !strings.Contains(fmt.Sprint(items[0]["title"]), "due in 3 days") {
				t.Fatalf("wlzx (English) inbox: %v unread %d", items, unread)
			}
		})

		t.Run("deadline-never-for-submitted-org", func(t *testing.T) {
			if items, _ := n.inbox(t, "xhzx", notify.RuleDeadline); len(items) != 0 {
				t.Fatalf("xhzx submitted yet got a reminder: %v", items)
			}
			if got := n.smtp.count("xhzx@example.edu.cn", "2026 教师培训经费"); got != 0 {
				t.Fatalf("xhzx submitted yet got %d reminder mails", got)
			}
			for _, d := range n.deliveries(t, "&rule=deadline") {
				if d["org_id"] != float64(wlzx) {
					t.Fatalf("a deadline delivery for an org other than wlzx: %v", d)
				}
			}
		})

		t.Run("returned-notifies-filler-once", func(t *testing.T) {
			n.wfAct(t, "reviewer", xhzxSub.ID, "return", map[string]any{"comment": "请核对培训经费", "version": xhzxSub.Version})
			tickAll(t, 3, scA, scB)
			if got := n.smtp.count("xhzx@example.edu.cn", "退回"); got != 1 {
				t.Fatalf("xhzx got %d return mails, want 1: %+v", got, n.smtp.mails())
			}
			items, unread := n.inbox(t, "xhzx", notify.RuleReturned)
			if len(items) != 1 || items[0]["link"] != fmt.Sprintf("/fill/%d", xhzxSub.ID) {
				t.Fatalf("xhzx inbox after the return: %v", items)
			}
			// Returned is not handed in: the deadline reminder now reaches xhzx too.
			if due, _ := n.inbox(t, "xhzx", notify.RuleDeadline); len(due) != 1 || unread != 2 {
				t.Fatalf("xhzx after the return: deadline items %v, unread %d (want 1 and 2)", due, unread)
			}
			if items, _ := n.inbox(t, "wlzx", notify.RuleReturned); len(items) != 0 {
				t.Fatalf("another org's user got the return: %v", items)
			}
			// The filler's saves after the return are not new returns.
			d := n.wfGet(t, "xhzx", xhzxSub.ID)
			n.wfSave(t, "xhzx", d, map[string]any{"payroll_total": "1000000", "training_spend": "21000"})
			tickAll(t, 2, scA, scB)
			if got := n.smtp.count("xhzx@example.edu.cn", "退回"); got != 1 {
				t.Fatalf("after a save xhzx has %d return mails, want 1", got)
			}
			if items, _ := n.inbox(t, "xhzx", notify.RuleReturned); len(items) != 1 {
				t.Fatalf("after a save xhzx has %d return items, want 1", len(items))
			}
		})

		t.Run("inbox-isolation", func(t *testing.T) {
			theirs, _ := n.inbox(t, "wlzx", "")
			if len(theirs) == 0 {
				t.Fatal("wlzx has no items to try")
			}
			other := int64(theirs[0]["id"].(float64))
			wantStatus(t, n.as("xhzx", http.MethodPost, fmt.Sprintf("/api/v1/inbox/%d/read", other), nil), http.StatusNotFound)
			if again, _ := n.inbox(t, "wlzx", ""); again[0]["read"] != false {
				t.Fatalf("another user marked wlzx's item read: %v", again[0])
			}
			mine, _ := n.inbox(t, "xhzx", "")
			for _, it := range mine {
				for _, th := range theirs {
					if it["id"] == th["id"] {
						t.Fatalf("xhzx sees wlzx's item %v", it)
					}
				}
			}
			wantStatus(t, n.as("xhzx", http.MethodPost, "/api/v1/inbox/abc/read", nil), http.StatusNotFound)
		})

		t.Run("inbox-mark-read", func(t *testing.T) {
			items, _ := n.inbox(t, "xhzx", notify.RuleReturned)
			r := n.as("xhzx", http.MethodPost, fmt.Sprintf("/api/v1/inbox/%d/read", int64(items[0]["id"].(float64))), nil)
			wantStatus(t, r, http.StatusOK)
			if m := n.as("xhzx", http.MethodGet, "/api/v1/inbox/unread", nil).JSON(t); m["unread"] != float64(1) {
				t.Fatalf("unread after marking one of two: %v", m)
			}
			if again, _ := n.inbox(t, "xhzx", notify.RuleReturned); again[0]["read"] != true {
				t.Fatalf("not marked read: %v", again[0])
			}
			if m := n.as("wlzx", http.MethodPost, "/api/v1/inbox/read-all", nil).JSON(t); m["marked"].(float64) < 1 {
				t.Fatalf("read-all marked nothing: %v", m)
			}
			if m := n.as("wlzx", http.MethodGet, "/api/v1/inbox/unread", nil).JSON(t); m["unread"] != float64(0) {
				t.Fatalf("unread after read-all: %v", m)
			}
		})

		t.Run("returned-once-after-sender-killed-mid-send", func(t *testing.T) {
			// Resubmit and return again: a new occasion. Replica A dies between its claim and its send.
			n.advance(3 * time.Minute) // whichever replica held the lease has let it lapse
			d := n.wfAct(t, "xhzx", xhzxSub.ID, "submit", map[string]any{"version": n.wfGet(t, "xhzx", xhzxSub.ID).Version})
			d = n.wfAct(t, "reviewer", d.ID, "return", map[string]any{"comment": "仍需修改", "version": d.Version})
			before := n.smtp.count("xhzx@example.edu.cn", "退回")
			ctx, kill := context.WithCancel(context.Background())
			claimed := 0
			dying := notify.NewScheduler(a.Notify, notify.SchedulerOptions{Holder: "replica-a", AfterClaim: func(context.Context, int64) {
				claimed++
				kill()
			}})
			if held, _, _ := dying.Tick(ctx); !held || claimed != 1 {
				t.Fatalf("replica A did not claim (held %v, claimed %d)", held, claimed)
			}
			if got := n.smtp.count("xhzx@example.edu.cn", "退回"); got != before {
				t.Fatalf("the killed replica sent: %d mails, want %d", got, before)
			}
			// B cannot take over while A's lease and claim are live...
			if held, sent, err := scB.Tick(context.Background()); held || sent != 0 || err != nil {
				t.Fatalf("B took over a live lease: held %v sent %d err %v", held, sent, err)
			}
			// ...and does once they have timed out (A never comes back in time).
			n.advance(3 * time.Minute)
			tickAll(t, 3, scB)
			if got := n.smtp.count("xhzx@example.edu.cn", "退回"); got != before+1 {
				t.Fatalf("after the takeover xhzx has %d return mails, want %d", got, before+1)
			}
			tickAll(t, 2, scA, scB) // A restarted: nothing more
			if got := n.smtp.count("xhzx@example.edu.cn", "退回"); got != before+1 {
				t.Fatalf("after A restarted xhzx has %d return mails, want %d", got, before+1)
			}
			var mail []map[string]any
			for _, d := range n.deliveries(t, "&channel=email&rule=returned") {
				if d["status"] == notify.StatusSent {
					mail = append(mail, d)
				}
			}
			if len(mail) != 2 {
				t.Fatalf("want 2 sent return mails in the log, got %v", mail)
			}
		})

		t.Run("overdue-retried-with-backoff", func(t *testing.T) {
			// Past the deadline: the filler, the org admin and the responsible reviewer; the org's
			// robots too. WeCom fails twice and succeeds on the third attempt.
			n.advance(61 * time.Hour)
			n.robots.fail(1) // the first robot request of the tick fails
			tickAll(t, 1, scA, scB)
			var failed []map[string]any
			for _, d := range n.deliveries(t, "&rule=overdue") {
				if d["status"] == notify.StatusPending && d["attempts"] == float64(1) && d["last_error"] != "" {
					failed = append(failed, d)
				}
			}
			if len(failed) != 1 {
				t.Fatalf("want one overdue delivery waiting to retry, got %v", n.deliveries(t, "&rule=overdue"))
			}
			ch := failed[0]["channel"].(string)
			tickAll(t, 2, scA, scB) // not due yet: the backoff holds
			if got := n.robots.count(ch, "逾期"); got != 0 {
				t.Fatalf("retried before the backoff: %d", got)
			}
			n.robots.fail(1)
			n.advance(61 * time.Second)
			tickAll(t, 1, scA, scB) // second attempt fails: next in 2 minutes
			n.advance(61 * time.Second)
			tickAll(t, 1, scA, scB)
			if got := n.robots.count(ch, "逾期"); got != 0 {
				t.Fatalf("retried before the doubled backoff: %d", got)
			}
			n.advance(61 * time.Second)
			tickAll(t, 2, scA, scB)
			if got := n.robots.count(ch, "逾期"); got != 1 {
				t.Fatalf("%s got the overdue notice %d times, want 1", ch, got)
			}
			for _, d := range n.deliveries(t, "&rule=overdue&channel="+ch) {
				if d["status"] != notify.StatusSent || d["attempts"] != float64(3) {
					t.Fatalf("delivery log: %v", d)
				}
			}
			// wlzx never submitted; xhzx's form was returned and not handed in again: both are
			// overdue. The district's reviewer gets one summary naming every overdue school.
			for user, want := range map[string]int{"wlzx": 1, "xhzx": 1, "reviewer": 1} {
				if items, _ := n.inbox(t, user, notify.RuleOverdue); len(items) != want {
					t.Fatalf("%s has %d overdue items, want %d", user, len(items), want)
				}
			}
			// No school has handed the form in (xhzx's was returned), so every task is overdue.
			if sum, _ := n.inbox(t, "reviewer", notify.RuleOverdue); !strings.Contains(fmt.Sprint(sum[0]["title"]), fmt.Sprintf("有 %d 个单位", tasks)) ||
				!strings.Contains(fmt.Sprint(sum[0]["body"]), "新华中学") {
				t.Fatalf("the reviewer's summary does not count the %d overdue schools: %v", tasks, sum[0])
			}
			if got := n.smtp.count("xhzx@example.edu.cn", "逾期"); got != 1 {
				t.Fatalf("xhzx got %d overdue mails, want 1", got)
			}
			n.robots.checkNoRejects(t)
		})

		t.Run("added-rule-once-two-replicas", func(t *testing.T) {
			// Another domain's rule (a supervision notice due tomorrow) returns its message on
			// every tick of both replicas; it arrives once, by e-mail to xhzx and in the inbox.
			rule := func(context.Context, time.Time) ([]notify.Message, error) {
				return []notify.Message{{Occasion: "notice:7:due:20260310", OrgID: xhzx, Users: []int64{n.userID(t, "xhzx")},
					Template: "notice.deadline", Params: map[string]string{"title": "督办单 7", "deadline": "2026-03-10"}, Link: "/notices/7"}}, nil
			}
			a.Notify.AddRule(notify.RuleNotice, rule)
			b.Notify.AddRule(notify.RuleNotice, rule)
			tickAll(t, 3, scA, scB)
			if items, _ := n.inbox(t, "xhzx", notify.RuleNotice); len(items) != 1 || items[0]["link"] != "/notices/7" {
				t.Fatalf("xhzx notice items: %v", items)
			}
			if got := n.smtp.count("xhzx@example.edu.cn", "督办单 7"); got != 1 {
				t.Fatalf("xhzx got %d notice mails, want 1", got)
			}
		})
	})
}

// userID reads a demo user's id.
func (n *ntEnv) userID(t *testing.T, user string) int64 {
	t.Helper()
	return id(t, n.as(user, http.MethodGet, "/api/v1/me", nil).JSON(t), "id")
}

// wfOpenPeriod opens user's submission for a form and period.
func (w *wfEnv) wfOpenPeriod(t *testing.T, user, form, period string) wfDoc {
	t.Helper()
	r := w.as(user, http.MethodPost, "/api/v1/submissions", map[string]any{"form": form, "period": period})
	if r.Status != http.StatusCreated && r.Status != http.StatusOK {
		t.Fatalf("open %s %s as %s: %d %s", form, period, user, r.Status, r.Body)
	}
	return wfDecodeDoc(t, r)
}

// wfGet reads a submission document.
func (w *wfEnv) wfGet(t *testing.T, user string, id int64) wfDoc {
	t.Helper()
	r := w.as(user, http.MethodGet, wfSub(id, ""), nil)
	wantStatus(t, r, http.StatusOK)
	return wfDecodeDoc(t, r)
}
