package app

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/campaign"
	"github.com/tianbao-edu/tianbao/backend/measure"
	"github.com/tianbao-edu/tianbao/backend/notify"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/submission"
	"github.com/tianbao-edu/tianbao/backend/supervision"
	"github.com/tianbao-edu/tianbao/backend/user"
	"github.com/tianbao-edu/tianbao/backend/vocab"
	"github.com/tianbao-edu/tianbao/seeds"
)

// wireMeasures builds the measure and supervision services over the submission reads and its
// file store (evidence uploaded with an answer).
func (a *App) wireMeasures(subs *submission.Reader, files *submission.FileStore) {
	known := map[string]bool{}
	for _, in := range a.Rollup.Indicators() {
		known[in.Code] = true
	}
	a.Measures = measure.NewService(measure.Deps{Store: measure.NewStore(a.DB), Orgs: a.Orgs, Reports: subs, Drafts: a.Submissions,
		Audit: a.Audit, KnownIndicator: func(code string) bool { return known[code] }, Now: a.Now})
	a.Supervision = supervision.NewService(supervision.Deps{Store: supervision.NewStore(a.DB), Orgs: a.Orgs, Measures: a.Measures,
		Attachment: func(ctx context.Context, sc scope.Scope, id string) (string, error) {
			att, f, err := a.Submissions.Attachment(ctx, sc, id)
			if err != nil {
				return "", err
			}
			_ = f.Close()
			return att.Name, nil
		}, Lapses: a.lapses(subs), Files: files, Audit: a.Audit, Notify: a.noticeNotifier(), Now: a.Now})
}

// noticeLabels are the Chinese words notifications use for a notice's reason and level.
var noticeLabels = map[string]string{
	vocab.ReasonMeasureAtRisk: "工作举措推进存在风险", vocab.ReasonMilestoneOverdue: "节点任务逾期", vocab.ReasonTaskOverdue: "数据填报逾期",
	vocab.ReasonReturnedUntouched: "退回的填报未修改", vocab.ReasonOther: "其他",
	string(vocab.NoticeReminder): "提醒", string(vocab.NoticeSupervise): "督办", string(vocab.NoticeCirculate): "通报",
}

// noticeNotifier enqueues, in the notice's own transaction, the notifications of a notice: on
// issue and escalation to the unit's fillers and org admins (inbox, e-mail) and its group
// robots; on an answer to the reviewer who issued it. Each occasion is sent once.
func (a *App) noticeNotifier() supervision.Notifier {
	people := user.NewStore(a.DB)
	cst := time.FixedZone("CST", 8*3600)
	return func(ctx context.Context, tx *gorm.DB, n supervision.Notice, kind string) error {
		if a.Notify == nil {
			return nil
		}
		m := notify.Message{Rule: notify.RuleNotice, OrgID: n.OrgID, Link: fmt.Sprintf("/notices/%d", n.ID),
			Params: map[string]string{"title": n.Title, "org": n.OrgName, "reason": noticeLabels[n.Reason], "action": n.RequiredAction,
				"deadline": n.Deadline.In(cst).Format("2006-01-02 15:04"), "level": noticeLabels[string(n.Level)]}}
		switch kind {
		case supervision.EventIssue, supervision.EventEscalate:
			cs, err := people.Contacts(ctx, tx, []int64{n.OrgID}, []string{authz.RoleFiller, authz.RoleOrgAdmin})
			if err != nil {
				return fmt.Errorf("notice %d recipients: %w", n.ID, err)
			}
			for _, c := range cs {
				m.Users = append(m.Users, c.UserID)
			}
			m.ToOrg = true
			m.Template, m.Occasion = "notice.issued", fmt.Sprintf("notice:%d:issued", n.ID)
			if kind == supervision.EventEscalate {
				m.Template, m.Occasion = "notice.escalated", fmt.Sprintf("notice:%d:escalated:%s", n.ID, n.Level)
			}
		case supervision.EventAnswer:
			m.Users = []int64{n.IssuedBy}
			m.Template, m.Occasion = "notice.answered", fmt.Sprintf("notice:%d:answered:%d", n.ID, n.Version)
		default:
			return nil
		}
		return a.Notify.Enqueue(ctx, tx, m)
	}
}

// SeedMeasures loads seeds/measures.yaml: each measure not in the database yet becomes its
// version 1. Idempotent; the orgs must be seeded first.
func (a *App) SeedMeasures(ctx context.Context) (int, error) {
	data, err := seeds.FS.ReadFile("measures.yaml")
	if err != nil {
		return 0, err
	}
	defs, err := measure.ParseSeed(data)
	if err != nil {
		return 0, fmt.Errorf("seeds/measures.yaml: %w", err)
	}
	return a.Measures.Seed(ctx, defs)
}

// seedDemoMeasureCampaign opens the progress-report campaign for the current quarter over the
// responsible units' types, unless one is open, so the units have their report task at once.
func (a *App) seedDemoMeasureCampaign(ctx context.Context, adminID int64, sc scope.Scope, rootID int64) error {
	pd := a.Measures.CurrentPeriod()
	if _, n, err := a.Campaigns.List(ctx, sc, measure.FormCode, pd, 1, 1); err != nil || n > 0 {
		return err
	}
	// The quarter's report is due 15 days after the quarter ends.
	now := a.Now()
	q := (int(now.Month()) - 1) / 3
	deadline := time.Date(now.Year(), time.Month(q*3+4), 15, 16, 0, 0, 0, time.UTC)
	if _, err := a.Campaigns.Create(ctx, adminID, sc, campaign.NewCampaign{FormCode: measure.FormCode, Period: pd,
		Title: pd + " 工作举措推进情况", Deadline: deadline, RootOrgID: rootID}); err != nil {
		return fmt.Errorf("demo campaign %s: %w", measure.FormCode, err)
	}
	return nil
}

// demoProgress is what demo reports say, by measure number: plausible, varied statuses.
var demoStatuses = []vocab.MeasureStatus{vocab.MeasureOnTrack, vocab.MeasureOnTrack, vocab.MeasureAtRisk, vocab.MeasureOnTrack,
	vocab.MeasureDelayed, vocab.MeasureDone, vocab.MeasureOnTrack}

// seedDemoMeasureData fills the current quarter's progress reports of every responsible unit
// but the demo clerks' own (submitted, most approved), and has the demo reviewer issue a few
// open notices, so the leader's board has content at once. Run once, with SeedDemoData.
func (a *App) seedDemoMeasureData(ctx context.Context, keep map[string]bool) error {
	admin, err := a.Users.ByUsername(ctx, "admin")
	if err != nil {
		return err
	}
	reviewer, err := a.Users.ByUsername(ctx, "reviewer")
	if err != nil {
		return err
	}
	root, err := a.Orgs.ByCode(ctx, "qjjw")
	if err != nil {
		return err
	}
	sc := scope.Of(root.Path)
	ms, err := a.Measures.List(ctx)
	if err != nil {
		return err
	}
	type unitRows struct {
		orgID int64
		rows  []any
	}
	units := map[string]*unitRows{}
	var order []string
	for _, m := range ms {
		for _, u := range m.Units {
			if units[u.Code] == nil {
				units[u.Code] = &unitRows{orgID: u.OrgID}
				order = append(order, u.Code)
			}
			st := demoStatuses[(m.Number+len(units[u.Code].rows))%len(demoStatuses)]
			pct := map[vocab.MeasureStatus]int{vocab.MeasureOnTrack: 55, vocab.MeasureAtRisk: 35, vocab.MeasureDelayed: 20,
				vocab.MeasureDone: 100, vocab.MeasureNotStarted: 0}[st] + (m.Number*7)%15
			if pct > 100 {
				pct = 100
			}
			row := map[string]any{"measure": strconv.Itoa(m.Number), "status": string(st), "percent": pct,
				"done": "围绕“" + m.Title + "”召开专题推进会，细化年度任务清单，按季度调度。"}
			if st.Lagging() {
				row["problems"] = "项目前期手续和资金到位较慢，部分任务进度滞后于计划。"
				row["next_steps"] = "下季度加强与相关单位协调，倒排工期，按月报告进展。"
			} else {
				row["next_steps"] = "持续推进，做好下一阶段任务衔接。"
			}
			units[u.Code].rows = append(units[u.Code].rows, row)
		}
	}
	pd := a.Measures.CurrentPeriod()
	for i, code := range order {
		if keep[code] {
			continue
		}
		u := units[code]
		p := &authz.Principal{UserID: admin.ID, Username: admin.Username, OrgID: u.orgID}
		sub, _, err := a.Submissions.Open(ctx, p, sc, measure.FormCode, pd, u.orgID)
		if err != nil {
			return fmt.Errorf("demo report of %s: %w", code, err)
		}
		v := sub.Version
		if sub, err = a.Submissions.Save(ctx, p, sc, sub.ID, map[string]any{"measures": u.rows}, &v); err != nil {
			return fmt.Errorf("demo report of %s: %w", code, err)
		}
		v = sub.Version
		if sub, err = a.Submissions.Submit(ctx, p, sc, sub.ID, &v); err != nil {
			return fmt.Errorf("submit demo report of %s: %w", code, err)
		}
		if i%3 != 2 { // a third stay submitted, waiting for review
			v = sub.Version
			rv := submission.Reviewer{P: p, Seats: []submission.Seat{{OrgID: root.ID, Path: root.Path, Level: vocab.LevelDistrict}}}
			if _, err = a.Submissions.Approve(ctx, rv, sc, sub.ID, &v); err != nil {
				return fmt.Errorf("approve demo report of %s: %w", code, err)
			}
		}
	}
	rp := &authz.Principal{UserID: reviewer.ID, Username: reviewer.Username, OrgID: root.ID}
	var ids []int64
	for _, d := range demoNotices {
		o, err := a.Orgs.ByCode(ctx, d.org)
		if err != nil {
			return err
		}
		m := d.measure
		n, err := a.Supervision.Issue(ctx, rp, sc, supervision.NewNotice{OrgID: o.ID, MeasureNumber: &m, Reason: d.reason,
			Title: d.title, RequiredAction: d.action, Deadline: a.Now().Add(d.due), Level: string(d.level)})
		if err != nil {
			return fmt.Errorf("demo notice to %s: %w", d.org, err)
		}
		ids = append(ids, n.ID)
	}
	return a.Supervision.MarkDemo(ctx, ids)
}

// demoNotices are the open notices demo mode issues.
var demoNotices = []struct {
	org, reason, title, action string
	measure                    int
	level                      vocab.NoticeLevel
	due                        time.Duration
}{
	{"zjw", vocab.ReasonMilestoneOverdue, "义务教育学校建设项目进度滞后", "说明西村小学、积富小学建设进度滞后原因，报送倒排工期计划。", 2, vocab.NoticeSupervise, 5 * 24 * time.Hour},
	{"rlsbj", vocab.ReasonMeasureAtRisk, "教师与公务员工资同步增长机制落实存在风险", "报送义务教育教师平均工资收入测算及保障措施。", 17, vocab.NoticeReminder, 10 * 24 * time.Hour},
	{"czj", vocab.ReasonMeasureAtRisk, "教师培训经费保障情况", "报送教师培训经费预算安排情况（不低于教师工资总额1.5%）。", 16, vocab.NoticeReminder, 7 * 24 * time.Hour},
	{"ghzyj", vocab.ReasonMilestoneOverdue, "新城片区新建高中选址未落实", "报送新城片区高中选址用地规划进展。", 3, vocab.NoticeCirculate, 3 * 24 * time.Hour},
}

// lapses reads, for the notice candidates, the campaigns' overdue tasks and the submissions'
// returned forms left untouched.
func (a *App) lapses(subs *submission.Reader) supervision.Lapses {
	return supervision.Lapses{
		OverdueTasks: func(ctx context.Context, sc scope.Scope, now time.Time, limit int) ([]supervision.Candidate, error) {
			ts, err := a.Campaigns.OverdueTasks(ctx, sc, now, limit)
			if err != nil {
				return nil, err
			}
			out := make([]supervision.Candidate, len(ts))
			for i, t := range ts {
				out[i] = supervision.Candidate{OrgID: t.OrgID, OrgCode: t.OrgCode, OrgName: t.OrgName, FormCode: t.FormCode, Period: t.Period,
					SubmissionID: t.SubmissionID, Since: t.Deadline}
			}
			return out, nil
		},
		ReturnedUntouched: func(ctx context.Context, sc scope.Scope, before time.Time, limit int) ([]supervision.Candidate, error) {
			rs, err := subs.ReturnedUntouched(ctx, sc, before, limit)
			if err != nil {
				return nil, err
			}
			out := make([]supervision.Candidate, len(rs))
			for i, r := range rs {
				id := r.ID
				out[i] = supervision.Candidate{OrgID: r.OrgID, OrgCode: r.OrgCode, OrgName: r.OrgName, FormCode: r.FormCode, Period: r.Period,
					SubmissionID: &id, Since: r.UpdatedAt}
			}
			return out, nil
		},
	}
}
