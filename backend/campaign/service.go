package campaign

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/period"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Service opens campaigns and answers task questions.
type Service struct {
	store *Store
	forms *form.Registry
	orgs  *org.Service
	audit *audit.Log
	now   func() time.Time
}

// NewService wires a Service.
func NewService(store *Store, forms *form.Registry, orgs *org.Service, log *audit.Log, now func() time.Time) *Service {
	return &Service{store: store, forms: forms, orgs: orgs, audit: log, now: now}
}

// MaxOrgTypes bounds the org types a campaign (or a form) may name: far more than there are.
const MaxOrgTypes = 32

// MaxDeadlineYears bounds how far ahead a deadline may be: a year 9999 deadline is a typo, not a plan.
const MaxDeadlineYears = 5

// Create opens a campaign over the orgs of the requested types under the root, within sc
// (the caller's campaign:write scope).
func (s *Service) Create(ctx context.Context, actorID int64, sc scope.Scope, in NewCampaign) (Campaign, error) {
	v := &errs.ValidationError{}
	f, err := s.forms.Current(ctx, in.FormCode)
	if errors.Is(err, errs.ErrNotFound) {
		v.Add("form", "unknown_form", "no such form")
	} else if err != nil {
		return Campaign{}, err
	}
	var p period.Period
	if f != nil {
		if p, err = period.Parse(f.PeriodType, in.Period); err != nil {
			v.Add("period", "invalid_period", "period does not match the form's period type "+string(f.PeriodType))
		}
	}
	if in.Deadline.IsZero() {
		v.Add("deadline", "required", "deadline is required")
	} else if !in.Deadline.After(s.now()) {
		v.Add("deadline", "in_past", "deadline must be in the future")
	} else if in.Deadline.After(s.now().AddDate(MaxDeadlineYears, 0, 0)) {
		v.Add("deadline", "too_far", "deadline must be within 5 years")
	}
	var types []string
	if errs.CheckList(v, "org_types", in.OrgTypes, MaxOrgTypes) {
		types = checkTypes(v, in.OrgTypes, f)
	}
	levels := CheckLevels(v, in.ReviewLevels)
	root := in.RootOrgID
	if root == 0 && len(sc.Paths()) > 0 {
		root = rootID(sc.Paths()[0])
	}
	rootOrg, err := s.orgs.Get(ctx, sc, root)
	if errors.Is(err, errs.ErrNotFound) {
		v.Add("org_id", "not_found", "org not found")
	} else if err != nil {
		return Campaign{}, err
	}
	if err := v.OrNil(); err != nil {
		return Campaign{}, err
	}
	if len(types) == 0 {
		types = f.OrgTypes
	}
	title := strings.TrimSpace(in.Title)
	if title == "" {
		title = p.String() + " " + f.Title
	}
	var c Campaign
	err = s.store.Tx(ctx, func(st *Store) error {
		var err error
		if c, err = st.Create(ctx, Campaign{FormCode: f.Code, FormVersion: f.Version, Period: p.String(), Title: title,
			Deadline: in.Deadline.UTC(), RootOrgID: rootOrg.ID, RootPath: rootOrg.Path, OrgTypes: types, ReviewLevels: levels, CreatedBy: actorID},
			sc, s.now()); err != nil {
			return err
		}
		return s.audit.Record(ctx, st.db, audit.Entry{ActorID: &actorID, OrgID: &rootOrg.ID, Action: "campaign.create",
			ObjectType: "campaign", ObjectID: strconv.FormatInt(c.ID, 10),
			Detail: map[string]any{"form": c.FormCode, "period": c.Period, "tasks": c.TaskCount, "org_id": rootOrg.ID,
				"org_types": types, "review_levels": c.ReviewLevels}})
	})
	if err != nil {
		return Campaign{}, err
	}
	c.RootOrgName = rootOrg.Name
	return c, nil
}

// MaxReviewLevels bounds a campaign's levels: there are only so many steps up the tree.
var MaxReviewLevels = len(vocab.ReviewLevels)

// CheckLevels validates a campaign's review levels: known names, bottom-up, none twice. Empty is
// one step, by any reviewer whose subtree holds the org.
func CheckLevels(v *errs.ValidationError, names []string) []vocab.ReviewLevel {
	if len(names) == 0 {
		return []vocab.ReviewLevel{}
	}
	if !errs.CheckList(v, "review_levels", names, MaxReviewLevels) {
		return nil
	}
	out := make([]vocab.ReviewLevel, 0, len(names))
	for i, n := range names {
		field := "review_levels[" + strconv.Itoa(i) + "]"
		l := vocab.ReviewLevel(n)
		switch {
		case !vocab.ValidReviewLevel(n):
			v.Add(field, "invalid_review_level", "unknown review level")
		case len(out) > 0 && l.Rank() <= out[len(out)-1].Rank():
			v.Add(field, "out_of_order", "list the levels bottom-up (school, town, district), each once")
		default:
			out = append(out, l)
		}
	}
	return out
}

// checkTypes validates a campaign's requested org types against the vocabulary and the form (a
// type the form does not apply to is org_types[i] not_applicable) and returns them without
// repeats, in the form's order.
func checkTypes(v *errs.ValidationError, types []string, f *form.Form) []string {
	want := map[string]bool{}
	for i, t := range types {
		field := "org_types[" + strconv.Itoa(i) + "]"
		switch {
		case !org.Type(t).Valid():
			v.Add(field, "invalid_org_type", "unknown org type")
		case f != nil && !slices.Contains(f.OrgTypes, t):
			v.Add(field, "not_applicable", "the form does not apply to this org type")
		default:
			want[t] = true
		}
	}
	if f == nil {
		return nil
	}
	var out []string
	for _, t := range f.OrgTypes {
		if want[t] {
			out = append(out, t)
		}
	}
	return out
}

// named fills each campaign's root org name, the first half of its target description, when
// the root lies in sc: a town's reviewer sees a district campaign's tasks in his town, never the
// name of the bureau above him (left empty).
func (s *Service) named(ctx context.Context, sc scope.Scope, cs []Campaign) error {
	names := map[int64]string{}
	for i := range cs {
		id := cs[i].RootOrgID
		if _, ok := names[id]; !ok {
			o, err := s.orgs.Get(ctx, sc, id)
			if err != nil && !errors.Is(err, errs.ErrNotFound) {
				return fmt.Errorf("campaign %d: root org %d: %w", cs[i].ID, id, err)
			}
			names[id] = o.Name
		}
		cs[i].RootOrgName = names[id]
	}
	return nil
}

// AddTasks gives new orgs in sc that match an open campaign their tasks; it returns how many.
func (s *Service) AddTasks(ctx context.Context, actorID int64, sc scope.Scope, id int64) (int64, error) {
	c, err := s.store.Get(ctx, sc, id)
	if err != nil {
		return 0, err
	}
	var n int64
	err = s.store.Tx(ctx, func(st *Store) error {
		var err error
		if n, err = st.AddTasks(ctx, c, sc, s.now()); err != nil || n == 0 {
			return err
		}
		return s.audit.Record(ctx, st.db, audit.Entry{ActorID: &actorID, OrgID: &c.RootOrgID, Action: "campaign.add_tasks",
			ObjectType: "campaign", ObjectID: strconv.FormatInt(id, 10), Detail: map[string]any{"tasks": n}})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// rootID reads the last id of a materialised path ("/1/7/" → 7).
func rootID(path string) int64 {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	id, _ := strconv.ParseInt(parts[len(parts)-1], 10, 64)
	return id
}

// Get returns a campaign visible in sc, with its root org's name.
func (s *Service) Get(ctx context.Context, sc scope.Scope, id int64) (Campaign, error) {
	c, err := s.store.Get(ctx, sc, id)
	if err != nil {
		return Campaign{}, err
	}
	cs := []Campaign{c}
	if err := s.named(ctx, sc, cs); err != nil {
		return Campaign{}, err
	}
	return cs[0], nil
}

// List returns a page of campaigns visible in sc, with their root orgs' names.
func (s *Service) List(ctx context.Context, sc scope.Scope, formCode, periodText string, page, size int) ([]Campaign, int64, error) {
	page, size = org.NormalizePage(page, size)
	cs, total, err := s.store.List(ctx, sc, formCode, periodText, page, size)
	if err != nil {
		return nil, 0, err
	}
	if err := s.named(ctx, sc, cs); err != nil {
		return nil, 0, err
	}
	return cs, total, nil
}

// Tasks lists the tasks of orgs in sc.
func (s *Service) Tasks(ctx context.Context, sc scope.Scope, f TaskFilter) ([]Task, int64, error) {
	f.Page, f.PageSize = org.NormalizePage(f.Page, f.PageSize)
	return s.store.Tasks(ctx, sc, f)
}

// TaskFor returns an org's task for a form and period, ErrNotFound when none was opened.
func (s *Service) TaskFor(ctx context.Context, orgID int64, formCode, periodText string) (Task, error) {
	return s.store.TaskFor(ctx, orgID, formCode, periodText)
}

// Now is the service clock, so callers judge locks with the same time.
func (s *Service) Now() time.Time { return s.now() }

// Extend gives one org of a campaign (both in sc) a new deadline.
func (s *Service) Extend(ctx context.Context, actorID int64, sc scope.Scope, campaignID, orgID int64, deadline time.Time) error {
	if _, err := s.store.Get(ctx, sc, campaignID); err != nil {
		return err
	}
	o, err := s.orgs.Get(ctx, sc, orgID)
	if err != nil {
		if errors.Is(err, errs.ErrNotFound) {
			return errs.Invalid("org_id", "not_found", "org not found")
		}
		return err
	}
	if !deadline.After(s.now()) {
		return errs.Invalid("deadline", "in_past", "deadline must be in the future")
	}
	if deadline.After(s.now().AddDate(MaxDeadlineYears, 0, 0)) {
		return errs.Invalid("deadline", "too_far", "deadline must be within 5 years")
	}
	return s.store.Tx(ctx, func(st *Store) error {
		if err := st.Extend(ctx, campaignID, o.ID, deadline.UTC(), s.now()); err != nil {
			return err
		}
		return s.audit.Record(ctx, st.db, audit.Entry{ActorID: &actorID, OrgID: &o.ID, Action: "task.extend",
			ObjectType: "campaign", ObjectID: strconv.FormatInt(campaignID, 10), Detail: map[string]any{"deadline": deadline}})
	})
}

// TownCompleteness is one town's part of a campaign.
type TownCompleteness struct {
	TownID    int64
	TownName  string
	Expected  int64
	Submitted int64 // submitted or approved
	Approved  int64
	// Waiting counts the submitted ones by the level they wait at.
	Waiting map[vocab.ReviewLevel]int64
	Missing []Task
}

// Completeness is how far a campaign has got.
type Completeness struct {
	Campaign   Campaign
	Expected   int64
	Submitted  int64 // handed in: submitted or approved, as in each town
	Approved   int64
	Returned   int64
	Draft      int64
	NotStarted int64
	Overdue    int64
	OnTime     int64 // in (submitted or approved) by the deadline
	// Waiting counts the submitted ones by the level they wait at (how many at the town, how
	// many at the bureau); "" is the one step of a campaign without levels.
	Waiting map[vocab.ReviewLevel]int64
	ByTown  []TownCompleteness
}

// Completeness reports a campaign's progress within sc, with the orgs not yet in by town.
func (s *Service) Completeness(ctx context.Context, sc scope.Scope, id int64) (Completeness, error) {
	c, err := s.store.Get(ctx, sc, id)
	if err != nil {
		return Completeness{}, err
	}
	counts, err := s.store.Completeness(ctx, sc, id, s.now())
	if err != nil {
		return Completeness{}, err
	}
	missing, err := s.store.Missing(ctx, sc, id, 2000)
	if err != nil {
		return Completeness{}, err
	}
	out := Completeness{Campaign: c, Waiting: map[vocab.ReviewLevel]int64{}}
	towns := map[int64]*TownCompleteness{}
	town := func(id int64) *TownCompleteness {
		if towns[id] == nil {
			towns[id] = &TownCompleteness{TownID: id, Missing: []Task{}, Waiting: map[vocab.ReviewLevel]int64{}}
		}
		return towns[id]
	}
	for _, sc := range counts {
		t := town(sc.TownID)
		t.Expected += sc.N
		out.Expected += sc.N
		out.Overdue += sc.Overdue
		out.OnTime += sc.OnTime
		switch sc.Status {
		case string(vocab.StatusSubmitted):
			out.Submitted += sc.N
			t.Submitted += sc.N
			out.Waiting[vocab.ReviewLevel(sc.Level)] += sc.N
			t.Waiting[vocab.ReviewLevel(sc.Level)] += sc.N
		case string(vocab.StatusApproved):
			out.Submitted += sc.N
			out.Approved += sc.N
			t.Submitted += sc.N
			t.Approved += sc.N
		case string(vocab.StatusReturned):
			out.Returned += sc.N
		case string(vocab.StatusDraft):
			out.Draft += sc.N
		default:
			out.NotStarted += sc.N
		}
	}
	for _, m := range missing {
		var id int64
		if m.TownID != nil {
			id = *m.TownID
		}
		town(id).Missing = append(town(id).Missing, m)
	}
	ids := make([]int64, 0, len(towns))
	for id := range towns {
		ids = append(ids, id)
	}
	names := map[int64]string{}
	for _, id := range ids {
		if id == 0 {
			continue
		}
		if o, err := s.orgs.ByID(ctx, id); err == nil {
			names[id] = o.Name
		}
	}
	for _, id := range ids {
		t := towns[id]
		t.TownName = names[id]
		if id == 0 {
			t.TownName = "区直属单位" // the bureau and departments, which belong to no town
		}
		out.ByTown = append(out.ByTown, *t)
	}
	sort.Slice(out.ByTown, func(i, j int) bool { return out.ByTown[i].TownName < out.ByTown[j].TownName })
	return out, nil
}

// OrgsChanged recounts the expected orgs per town and type after orgs moved or changed type.
func (s *Service) OrgsChanged(ctx context.Context) error { return s.store.refreshAllTaskTotals(ctx) }

// SetReviewLevels changes the levels a campaign's submissions climb from now on. A submission
// already handed in keeps the chain it was submitted with (its reviewers are mid-way up it); the
// next one submitted, a first time or again after a return, climbs the new levels. Only a caller
// whose campaign:write scope holds the campaign's root may change it: a town's admin does not
// reorder the district's review. The change and its audit row are one transaction.
func (s *Service) SetReviewLevels(ctx context.Context, actorID int64, sc scope.Scope, id int64, names []string) (Campaign, error) {
	c, err := s.Get(ctx, sc, id)
	if err != nil {
		return Campaign{}, fmt.Errorf("campaign %d: %w", id, err)
	}
	if !sc.Contains(c.RootPath) {
		return Campaign{}, fmt.Errorf("campaign %d rooted above the caller's scope: %w", id, errs.ErrForbidden)
	}
	v := &errs.ValidationError{}
	levels := CheckLevels(v, names)
	if err := v.OrNil(); err != nil {
		return Campaign{}, err
	}
	before := c.ReviewLevels
	err = s.store.Tx(ctx, func(st *Store) error {
		if err := st.setReviewLevels(ctx, id, levels); err != nil {
			return fmt.Errorf("set review levels of campaign %d: %w", id, err)
		}
		return s.audit.Record(ctx, st.db, audit.Entry{ActorID: &actorID, OrgID: &c.RootOrgID, Action: "campaign.review_levels",
			ObjectType: "campaign", ObjectID: strconv.FormatInt(id, 10),
			Detail: map[string]any{"from": before, "to": levels}})
	})
	if err != nil {
		return Campaign{}, err
	}
	c.ReviewLevels = levels
	return c, nil
}
