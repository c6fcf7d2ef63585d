package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tianbao-edu/tianbao/backend/campaign"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// local is the district's clock for dates in messages and the digest hour (China has one zone).
var local = time.FixedZone("UTC+8", 8*3600)

// lookback bounds how far back the overdue and returned rules look, so a new deployment does not
// remind anyone of years-old tasks.
const (
	overdueLookback  = 30 * 24 * time.Hour
	returnedLookback = 7 * 24 * time.Hour
	batchSize        = 20
	maxBatches       = 10
	maxBackoff       = 6 * time.Hour
)

// errPermanent marks a delivery that no retry can fix (the channel is no longer configured).
var errPermanent = errors.New("not configured")

// RunRules turns what is due now into messages: deadline reminders, overdue notices, returned
// forms and the day's review digests. Each occasion is enqueued once; an occasion already in the
// inbox or outbox is skipped without a write.
func (s *Service) RunRules(ctx context.Context) error {
	now := s.d.Now()
	errs := []error{s.deadlines(ctx, now), s.overdue(ctx, now), s.returned(ctx, now), s.digest(ctx, now)}
	s.mu.Lock()
	added := slices.Clone(s.rules)
	s.mu.Unlock()
	for _, r := range added {
		ms, err := r.fn(ctx, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("rule %s: %w", r.rule, err))
			continue
		}
		for i := range ms {
			ms[i].Rule = r.rule
		}
		errs = append(errs, s.enqueueNew(ctx, r.rule, ms))
	}
	return errors.Join(errs...)
}

// notHandedIn keeps the tasks whose org has not submitted the form for the period.
func (s *Service) notHandedIn(ctx context.Context, tasks []campaign.DueTask) ([]campaign.DueTask, error) {
	byKey := map[[2]string][]int64{}
	for _, t := range tasks {
		k := [2]string{t.FormCode, t.Period}
		byKey[k] = append(byKey[k], t.OrgID)
	}
	in := map[[2]string]map[int64]bool{}
	for k, ids := range byKey {
		m, err := s.d.Submissions.HandedIn(ctx, k[0], k[1], ids)
		if err != nil {
			return nil, fmt.Errorf("read submitted orgs of %s %s: %w", k[0], k[1], err)
		}
		in[k] = m
	}
	out := tasks[:0:0]
	for _, t := range tasks {
		if !in[[2]string{t.FormCode, t.Period}][t.OrgID] {
			out = append(out, t)
		}
	}
	return out, nil
}

// orgPeople returns, per org, the users holding one of roles in it.
func (s *Service) orgPeople(ctx context.Context, orgIDs []int64, roles ...string) (map[int64][]int64, error) {
	cs, err := s.d.People.Contacts(ctx, nil, slices.Compact(slices.Sorted(slices.Values(orgIDs))), roles)
	if err != nil {
		return nil, fmt.Errorf("read contacts: %w", err)
	}
	out := map[int64][]int64{}
	for _, c := range cs {
		out[c.RoleOrgID] = append(out[c.RoleOrgID], c.UserID)
	}
	return out, nil
}

// enqueueNew enqueues each message whose occasion has not been seen for its rule. A message with
// nobody to reach (no users, and no robot for its org) is skipped without a transaction.
func (s *Service) enqueueNew(ctx context.Context, rule string, ms []Message) error {
	occ := make([]string, 0, len(ms))
	var orgOnly []int64
	for _, m := range ms {
		occ = append(occ, m.Occasion)
		if len(m.Users) == 0 && m.ToOrg {
			orgOnly = append(orgOnly, m.OrgID)
		}
	}
	robots, err := s.d.Store.withRobots(ctx, slices.Compact(slices.Sorted(slices.Values(orgOnly))))
	if err != nil {
		return fmt.Errorf("read org robots: %w", err)
	}
	var errs []error
	for start := 0; start < len(occ); start += 500 {
		end := min(start+500, len(occ))
		seen, err := s.d.Store.seen(ctx, rule, occ[start:end])
		if err != nil {
			return fmt.Errorf("read sent %s occasions: %w", rule, err)
		}
		for _, m := range ms[start:end] {
			if seen[m.Occasion] || (len(m.Users) == 0 && (!m.ToOrg || !robots[m.OrgID])) {
				continue
			}
			if err := s.Enqueue(ctx, nil, m); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

func (s *Service) taskParams(t campaign.DueTask) map[string]string {
	return map[string]string{"org": t.OrgName, "title": t.Title, "period": t.Period,
		"deadline": t.Deadline.In(local).Format("2006-01-02 15:04")}
}

// deadlines reminds orgs that have not submitted, Days before a task's deadline: one message for
// the smallest of Days the time left is within (an extended deadline reminds afresh).
func (s *Service) deadlines(ctx context.Context, now time.Time) error {
	days := slices.Sorted(slices.Values(s.cfg.Days))
	tasks, err := s.d.Tasks.DueTasks(ctx, now, now.Add(time.Duration(days[len(days)-1])*24*time.Hour))
	if err != nil {
		return fmt.Errorf("read tasks due: %w", err)
	}
	if tasks, err = s.notHandedIn(ctx, tasks); err != nil || len(tasks) == 0 {
		return err
	}
	orgs := make([]int64, 0, len(tasks))
	for _, t := range tasks {
		orgs = append(orgs, t.OrgID)
	}
	people, err := s.orgPeople(ctx, orgs, vocab.RoleFiller, vocab.RoleOrgAdmin)
	if err != nil {
		return err
	}
	ms := make([]Message, 0, len(tasks))
	for _, t := range tasks {
		left := t.Deadline.Sub(now)
		n := days[len(days)-1]
		for _, d := range days {
			if left <= time.Duration(d)*24*time.Hour {
				n = d
				break
			}
		}
		p := s.taskParams(t)
		p["days"] = strconv.Itoa(n)
		ms = append(ms, Message{Rule: RuleDeadline, Occasion: fmt.Sprintf("task:%d:%s:d%d", t.TaskID, t.Deadline.UTC().Format("20060102T150405"), n),
			OrgID: t.OrgID, Users: people[t.OrgID], ToOrg: true, Template: "deadline", Params: p, Link: "/tasks"})
	}
	return s.enqueueNew(ctx, RuleDeadline, ms)
}

// overdue tells the filler and the org admin (and the org's robots) of a task whose deadline
// passed unsubmitted, once per task and deadline; and each responsible reviewer (those holding
// the role above the org: a town's and the bureau's) once per campaign, in one summary naming the
// overdue orgs in their care, rather than one message per school.
func (s *Service) overdue(ctx context.Context, now time.Time) error {
	tasks, err := s.d.Tasks.DueTasks(ctx, now.Add(-overdueLookback), now)
	if err != nil {
		return fmt.Errorf("read overdue tasks: %w", err)
	}
	if tasks, err = s.notHandedIn(ctx, tasks); err != nil || len(tasks) == 0 {
		return err
	}
	orgs := make([]int64, 0, len(tasks))
	for _, t := range tasks {
		orgs = append(orgs, t.OrgID)
	}
	people, err := s.orgPeople(ctx, orgs, vocab.RoleFiller, vocab.RoleOrgAdmin)
	if err != nil {
		return err
	}
	reviewers, err := s.d.People.RoleHolders(ctx, vocab.RoleReviewer)
	if err != nil {
		return fmt.Errorf("read reviewers: %w", err)
	}
	type summary struct {
		reviewer int64
		orgID    int64 // the reviewer's role org: the summary's place in the delivery log
		task     campaign.DueTask
		names    []string
	}
	sums := map[[2]int64]*summary{} // (campaign, reviewer)
	var sumOrder [][2]int64
	ms := make([]Message, 0, len(tasks))
	for _, t := range tasks {
		ms = append(ms, Message{Rule: RuleOverdue, Occasion: fmt.Sprintf("task:%d:%s:overdue", t.TaskID, t.Deadline.UTC().Format("20060102T150405")),
			OrgID: t.OrgID, Users: people[t.OrgID], ToOrg: true, Template: "overdue", Params: s.taskParams(t), Link: "/tasks"})
		for _, r := range reviewers {
			if !scope.Of(r.RoleOrgPath).Contains(t.OrgPath) {
				continue
			}
			k := [2]int64{t.CampaignID, r.UserID}
			sm, ok := sums[k]
			if !ok {
				sm = &summary{reviewer: r.UserID, orgID: r.RoleOrgID, task: t}
				sums[k] = sm
				sumOrder = append(sumOrder, k)
			}
			sm.names = append(sm.names, t.OrgName)
		}
	}
	if err := s.enqueueNew(ctx, RuleOverdue, ms); err != nil {
		return err
	}
	ms = ms[:0]
	for _, k := range sumOrder {
		sm := sums[k]
		p := s.taskParams(sm.task)
		names := sm.names
		more := ""
		if len(names) > 20 {
			names, more = names[:20], " …"
		}
		p["count"], p["orgs"] = strconv.Itoa(len(sm.names)), strings.Join(names, "、")+more
		p["date"] = now.In(local).Format("2006-01-02")
		ms = append(ms, Message{Rule: RuleOverdue, Occasion: fmt.Sprintf("campaign:%d:overdue:u%d", k[0], k[1]), OrgID: sm.orgID,
			Users: []int64{sm.reviewer}, Template: "overdue.summary", Params: p, Link: "/review"})
	}
	return s.enqueueNew(ctx, RuleOverdue, ms)
}

// returned tells the filler who last submitted a form that a reviewer returned it (the org's
// fillers when nobody did): once per return, named by the version the return made, so the
// filler's saves since do not make it new.
func (s *Service) returned(ctx context.Context, now time.Time) error {
	subs, err := s.d.Submissions.ReturnedSince(ctx, now.Add(-returnedLookback))
	if err != nil {
		return fmt.Errorf("read returned submissions: %w", err)
	}
	if len(subs) == 0 {
		return nil
	}
	var orphans []int64
	for _, r := range subs {
		if r.FillerID == nil {
			orphans = append(orphans, r.OrgID)
		}
	}
	fillers, err := s.orgPeople(ctx, orphans, vocab.RoleFiller)
	if err != nil {
		return err
	}
	ms := make([]Message, 0, len(subs))
	for _, r := range subs {
		users := fillers[r.OrgID]
		if r.FillerID != nil {
			users = []int64{*r.FillerID}
		}
		title := r.FormCode
		if s.d.FormTitle != nil {
			if t, err := s.d.FormTitle(ctx, r.FormCode); err == nil && t != "" {
				title = t
			}
		}
		ms = append(ms, Message{Rule: RuleReturned, Occasion: fmt.Sprintf("submission:%d:r%d", r.ID, max(r.ReturnVersion, 1)), OrgID: r.OrgID,
			Users: users, Template: "returned", Params: map[string]string{"form": title, "period": r.Period},
			Link: "/fill/" + strconv.FormatInt(r.ID, 10)})
	}
	return s.enqueueNew(ctx, RuleReturned, ms)
}

// digest sends each reviewer, once a day from DigestHour, how many submissions in their subtrees
// wait for review (nothing when none do).
func (s *Service) digest(ctx context.Context, now time.Time) error {
	day := now.In(local)
	if day.Hour() < s.cfg.DigestHour {
		return nil
	}
	reviewers, err := s.d.People.RoleHolders(ctx, vocab.RoleReviewer)
	if err != nil {
		return fmt.Errorf("read reviewers: %w", err)
	}
	seats := map[int64][]int64{}
	orgOf := map[int64]int64{}
	var order []int64
	for _, r := range reviewers {
		if _, ok := seats[r.UserID]; !ok {
			order = append(order, r.UserID)
			orgOf[r.UserID] = r.RoleOrgID
		}
		seats[r.UserID] = append(seats[r.UserID], r.RoleOrgID)
	}
	date := day.Format("2006-01-02")
	occasion := func(uid int64) string { return "digest:" + date + ":u" + strconv.FormatInt(uid, 10) }
	occ := make([]string, 0, len(order))
	for _, uid := range order {
		occ = append(occ, occasion(uid))
	}
	seen, err := s.d.Store.seen(ctx, RuleDigest, occ)
	if err != nil {
		return fmt.Errorf("read sent digests: %w", err)
	}
	var ms []Message
	for _, uid := range order {
		if seen[occasion(uid)] {
			continue
		}
		// What waits at the reviewer's own level: a town reviewer hears of the town's queue, the
		// bureau of what the towns have passed up.
		n, err := s.d.Submissions.CountAwaiting(ctx, seats[uid])
		if err != nil {
			return fmt.Errorf("count the review queue of user %d: %w", uid, err)
		}
		if n == 0 {
			continue
		}
		ms = append(ms, Message{Rule: RuleDigest, Occasion: occasion(uid), OrgID: orgOf[uid], Users: []int64{uid}, Template: "digest",
			Params: map[string]string{"count": strconv.FormatInt(n, 10), "date": date}, Link: "/review"})
	}
	return s.enqueueNew(ctx, RuleDigest, ms)
}

// Dispatch sends what is due: it claims each due outbox row (a conditional UPDATE with a fresh
// token and a claim timeout), sends it, and records the outcome on the row only while the token
// still holds it, with an attempt in the delivery log. A failure is retried after Backoff×2^(n-1)
// until MaxAttempts. afterClaim, when not nil, runs between each claim and its send (tests kill a
// sender there). It returns how many rows were sent.
func (s *Service) Dispatch(ctx context.Context, holder string, afterClaim func(ctx context.Context, id int64)) (int, error) {
	sent := 0
	for range maxBatches {
		now := s.d.Now()
		rows, err := s.d.Store.due(ctx, now, batchSize)
		if err != nil {
			return sent, fmt.Errorf("read due deliveries: %w", err)
		}
		if len(rows) == 0 {
			return sent, nil
		}
		progressed := false
		for _, r := range rows {
			token := newToken()
			ok, err := s.d.Store.claim(ctx, r.ID, token, now, now.Add(s.cfg.ClaimTimeout))
			if err != nil {
				return sent, fmt.Errorf("claim delivery %d: %w", r.ID, err)
			}
			if !ok {
				continue
			}
			progressed = true
			r.Attempts++
			if afterClaim != nil {
				afterClaim(ctx, r.ID)
			}
			if ctx.Err() != nil {
				return sent, ctx.Err() // stopped after the claim: the claim times out and another sender takes it
			}
			err = s.send(ctx, r)
			if ctx.Err() != nil {
				return sent, ctx.Err()
			}
			if err := s.record(ctx, holder, token, r, err); err != nil {
				return sent, err
			}
			if err == nil {
				sent++
			}
		}
		if !progressed {
			return sent, nil
		}
	}
	return sent, nil
}

// record writes a send's outcome.
func (s *Service) record(ctx context.Context, holder, token string, r outboxRow, sendErr error) error {
	now := s.d.Now()
	a := attemptRow{OutboxID: r.ID, Attempt: r.Attempts, Holder: clip(holder, 64), At: now, OK: sendErr == nil}
	set := map[string]any{"updated_at": now, "claim_token": ""}
	if sendErr == nil {
		set["status"], set["sent_at"], set["last_error"] = StatusSent, now, ""
	} else {
		msg := clip(sendErr.Error(), 1000)
		a.Error = msg
		set["last_error"] = msg
		if errors.Is(sendErr, errPermanent) || r.Attempts >= s.cfg.MaxAttempts {
			set["status"] = StatusFailed
		} else {
			wait := s.cfg.Backoff << (r.Attempts - 1)
			if wait > maxBackoff || wait <= 0 {
				wait = maxBackoff
			}
			set["status"], set["next_at"] = StatusPending, now.Add(wait)
		}
	}
	if _, err := s.d.Store.finish(ctx, r.ID, token, set, a); err != nil {
		return fmt.Errorf("record delivery %d: %w", r.ID, err)
	}
	return nil
}

// send delivers one row on its channel to the target its settings name now.
func (s *Service) send(ctx context.Context, r outboxRow) error {
	snd, ok := s.d.Senders[r.Channel]
	if !ok {
		return fmt.Errorf("channel %s: %w", r.Channel, errPermanent)
	}
	var to Target
	switch r.Channel {
	case ChannelEmail:
		if r.UserID == nil {
			return fmt.Errorf("e-mail without a user: %w", errPermanent)
		}
		st, err := s.UserSettings(ctx, *r.UserID)
		if err != nil {
			return err
		}
		if !st.EmailOn || st.Email == "" {
			return fmt.Errorf("the user turned e-mail off: %w", errPermanent)
		}
		to.Email = st.Email
	default:
		o, err := s.OrgSettings(ctx, r.OrgID)
		if err != nil {
			return err
		}
		to.URL = o.WeComURL
		if r.Channel == ChannelDingTalk {
			to.URL, to.Secret = o.DingTalkURL, o.DingTalkSecret
		}
		if to.URL == "" {
			return fmt.Errorf("the org has no %s robot: %w", r.Channel, errPermanent)
		}
		if err := s.checkWebhook(to.URL); err != nil {
			return fmt.Errorf("%s: %w", err.Error(), errPermanent)
		}
	}
	sctx, cancel := context.WithTimeout(ctx, s.cfg.SendTimeout)
	defer cancel()
	return snd.Send(sctx, to, r.Subject, r.Body)
}

func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Scheduler runs the rules and sends on one replica; every replica runs one, and the database
// lease lets one of them work at a time.
type Scheduler struct {
	svc        *Service
	holder     string
	interval   time.Duration
	leaseTTL   time.Duration
	log        *slog.Logger
	afterClaim func(ctx context.Context, id int64)
}

// SchedulerOptions configure a Scheduler.
type SchedulerOptions struct {
	Holder   string        // this replica's name in the lease; random by default
	Interval time.Duration // how often it wakes (1 minute by default)
	Log      *slog.Logger
	// AfterClaim runs between a claim and its send; for tests that stop a sender there.
	AfterClaim func(ctx context.Context, id int64)
}

// NewScheduler returns a scheduler over svc.
func NewScheduler(svc *Service, o SchedulerOptions) *Scheduler {
	if o.Holder == "" {
		o.Holder = "replica-" + newToken()[:12]
	}
	if o.Interval <= 0 {
		o.Interval = time.Minute
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	ttl := max(2*o.Interval, svc.cfg.ClaimTimeout)
	return &Scheduler{svc: svc, holder: o.Holder, interval: o.Interval, leaseTTL: ttl, log: o.Log, afterClaim: o.AfterClaim}
}

// Holder is the name this scheduler takes the lease under.
func (sc *Scheduler) Holder() string { return sc.holder }

// Tick takes (or renews) the lease and, holding it, runs the rules and sends what is due. held is
// false when another replica holds the lease.
func (sc *Scheduler) Tick(ctx context.Context) (held bool, sent int, err error) {
	now := sc.svc.d.Now()
	ok, err := sc.svc.d.Store.takeLease(ctx, sc.holder, now, now.Add(sc.leaseTTL))
	if err != nil || !ok {
		return false, 0, err
	}
	rerr := sc.svc.RunRules(ctx)
	sent, derr := sc.svc.Dispatch(ctx, sc.holder, sc.afterClaim)
	return true, sent, errors.Join(rerr, derr)
}

// Run ticks every interval until ctx ends, then gives the lease up so another replica takes over
// at once.
func (sc *Scheduler) Run(ctx context.Context) {
	t := time.NewTicker(sc.interval)
	defer t.Stop()
	for {
		if held, sent, err := sc.Tick(ctx); err != nil && ctx.Err() == nil {
			sc.log.Warn("notifications", "err", err.Error(), "held", held)
		} else if sent > 0 {
			sc.log.Info("notifications sent", "sent", sent)
		}
		select {
		case <-ctx.Done():
			rctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := sc.svc.d.Store.releaseLease(rctx, sc.holder); err != nil {
				sc.log.Warn("release notification lease", "err", err.Error())
			}
			cancel()
			return
		case <-t.C:
		}
	}
}
