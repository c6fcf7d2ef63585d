package measure

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/period"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/submission"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Orgs is what the service reads of the org tree.
type Orgs interface {
	ByCode(ctx context.Context, code string) (org.Org, error)
	ByID(ctx context.Context, id int64) (org.Org, error)
}

// Reports reads handed-in submissions of a form and period in a scope (submission's named read).
type Reports interface {
	EachSubmission(ctx context.Context, sc scope.Scope, formCode, period string, statuses []string, fn func(submission.Listed) error) error
}

// Drafts opens and saves a unit's own report through the submission workflow.
type Drafts interface {
	Open(ctx context.Context, p *authz.Principal, sc scope.Scope, formCode, periodText string, orgID int64) (submission.Submission, bool, error)
	Save(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64, values map[string]any, version *int) (submission.Submission, error)
}

// Deps are what the Service needs.
type Deps struct {
	Store   *Store
	Orgs    Orgs
	Reports Reports
	Drafts  Drafts
	Audit   *audit.Log
	// KnownIndicator reports whether an indicator code exists; nil accepts any.
	KnownIndicator func(code string) bool
	Now            func() time.Time
}

// Service reads and versions measures, and reads the progress reported on them.
type Service struct{ d Deps }

// NewService wires a Service.
func NewService(d Deps) *Service { return &Service{d: d} }

// Limits on an imported measure.
const (
	MaxMeasures   = 99
	MaxMilestones = 40
	MaxUnits      = 30
)

// ParseSeed reads seeds/measures.yaml (or an import body in the same shape, YAML or JSON).
func ParseSeed(data []byte) ([]Definition, error) {
	var defs []Definition
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&defs); err != nil {
		return nil, errs.Invalid("body", "invalid_yaml", "cannot read the measures: "+err.Error())
	}
	return defs, nil
}

// Seed stores every measure of defs that is not in the database yet as its version 1; it is
// idempotent and never overwrites an imported version.
func (s *Service) Seed(ctx context.Context, defs []Definition) (int, error) {
	n := 0
	for _, def := range defs {
		if _, err := s.d.Store.get(ctx, def.Number); err == nil {
			continue
		} else if !errors.Is(err, errs.ErrNotFound) {
			return n, err
		}
		lead, co, err := s.validate(ctx, "", def)
		if err != nil {
			return n, fmt.Errorf("seed measure %d: %w", def.Number, err)
		}
		err = s.d.Store.Tx(ctx, func(st *Store, tx *gormDB) error {
			if err := st.put(ctx, def, 1, lead, co, nil, s.d.Now()); err != nil {
				return err
			}
			return s.d.Audit.Record(ctx, tx, audit.Entry{Action: "measure.seed", ObjectType: "measure",
				ObjectID: strconv.Itoa(def.Number), Detail: map[string]any{"version": 1}})
		})
		if err != nil && !errors.Is(err, errs.ErrConflict) { // another replica seeded it first
			return n, fmt.Errorf("seed measure %d: %w", def.Number, err)
		}
		n++
	}
	return n, nil
}

var (
	keyPattern  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)
	datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

func validDate(s string) bool {
	if !datePattern.MatchString(s) {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// validate checks one definition (field paths under prefix) and resolves its units to org ids.
func (s *Service) validate(ctx context.Context, prefix string, d Definition) (int64, []int64, error) {
	v := &errs.ValidationError{}
	text := func(field, val string, max int, required bool) {
		switch {
		case required && strings.TrimSpace(val) == "":
			v.Add(prefix+field, "required", field+" is required")
		case len([]rune(val)) > max:
			v.Add(prefix+field, "too_long", field+" is too long")
		}
	}
	if d.Number < 1 || d.Number > MaxMeasures {
		v.Add(prefix+"number", "out_of_range", "number must be 1..99")
	}
	text("title", d.Title, 200, true)
	text("title_en", d.TitleEn, 200, false)
	text("part", d.Part, 200, true)
	text("text", d.Text, 5000, true)
	text("note", d.Note, 2000, false)
	var lead int64
	var co []int64
	unit := func(field, code string) int64 {
		o, err := s.d.Orgs.ByCode(ctx, code)
		if err != nil {
			v.Add(prefix+field, "unknown_org", "no org with code "+code)
			return 0
		}
		return o.ID
	}
	if d.Lead == "" {
		v.Add(prefix+"lead", "required", "lead is required")
	} else {
		lead = unit("lead", d.Lead)
	}
	if len(d.CoUnits) > MaxUnits {
		v.Add(prefix+"co_units", "too_many", "too many co-units")
	} else {
		seen := map[string]bool{d.Lead: true}
		for i, c := range d.CoUnits {
			f := "co_units[" + strconv.Itoa(i) + "]"
			if seen[c] {
				v.Add(prefix+f, "duplicate", "a unit is named twice")
				continue
			}
			seen[c] = true
			if id := unit(f, c); id != 0 {
				co = append(co, id)
			}
		}
	}
	if len(d.Milestones) > MaxMilestones {
		v.Add(prefix+"milestones", "too_many", "too many milestones")
	} else {
		keys := map[string]bool{}
		for i, m := range d.Milestones {
			f := prefix + "milestones[" + strconv.Itoa(i) + "]."
			if !keyPattern.MatchString(m.Key) {
				v.Add(f+"key", "invalid_key", "a key is 1-40 lowercase letters, digits and hyphens")
			} else if keys[m.Key] {
				v.Add(f+"key", "duplicate", "milestone keys are unique within a measure")
			}
			keys[m.Key] = true
			text("milestones["+strconv.Itoa(i)+"].title", m.Title, 200, true)
			if !validDate(m.Due) {
				v.Add(f+"due", "invalid_date", "due is a date, YYYY-MM-DD")
			}
			if m.DoneOn != "" && !validDate(m.DoneOn) {
				v.Add(f+"done_on", "invalid_date", "done_on is a date, YYYY-MM-DD")
			}
		}
	}
	for i, code := range d.Indicators {
		if s.d.KnownIndicator != nil && !s.d.KnownIndicator(code) {
			v.Add(prefix+"indicators["+strconv.Itoa(i)+"]", "unknown_indicator", "no such indicator")
		}
	}
	return lead, co, v.OrNil()
}

// ImportResult is what an import did to one measure.
type ImportResult struct {
	Number  int
	Version int
	Changed bool
}

// Import stores each definition that differs from its measure's current version as the next
// version (a new number as version 1), with one audit row per change in the same transaction.
// Nothing is stored unless every definition is valid.
func (s *Service) Import(ctx context.Context, actorID int64, defs []Definition) ([]ImportResult, error) {
	if len(defs) == 0 {
		return nil, errs.Invalid("measures", "required", "no measures given")
	}
	if len(defs) > MaxMeasures {
		return nil, errs.Invalid("measures", "too_many", "too many measures")
	}
	type resolved struct {
		lead int64
		co   []int64
	}
	res := make([]resolved, len(defs))
	all := &errs.ValidationError{}
	seen := map[int]bool{}
	for i, d := range defs {
		prefix := "measures[" + strconv.Itoa(i) + "]."
		if seen[d.Number] {
			all.Add(prefix+"number", "duplicate", "a measure is given twice")
		}
		seen[d.Number] = true
		lead, co, err := s.validate(ctx, prefix, d)
		var ve *errs.ValidationError
		if errors.As(err, &ve) {
			all.Fields = append(all.Fields, ve.Fields...)
		} else if err != nil {
			return nil, err
		}
		res[i] = resolved{lead, co}
	}
	if err := all.OrNil(); err != nil {
		return nil, err
	}
	out := make([]ImportResult, len(defs))
	err := s.d.Store.Tx(ctx, func(st *Store, tx *gormDB) error {
		for i, d := range defs {
			version := 1
			if cur, err := st.get(ctx, d.Number); err == nil {
				old, err := decode(cur.Doc)
				if err != nil {
					return err
				}
				if same(old, d) {
					out[i] = ImportResult{Number: d.Number, Version: cur.Version}
					continue
				}
				version = cur.Version + 1
			} else if !errors.Is(err, errs.ErrNotFound) {
				return err
			}
			if err := st.put(ctx, d, version, res[i].lead, res[i].co, &actorID, s.d.Now()); err != nil {
				return err
			}
			if err := s.d.Audit.Record(ctx, tx, audit.Entry{ActorID: &actorID, Action: "measure.import", ObjectType: "measure",
				ObjectID: strconv.Itoa(d.Number), Detail: map[string]any{"version": version, "title": d.Title}}); err != nil {
				return err
			}
			out[i] = ImportResult{Number: d.Number, Version: version, Changed: true}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import measures: %w", err)
	}
	return out, nil
}

// same compares two definitions by their stored form.
func same(a, b Definition) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// List returns every measure's current version with its units.
func (s *Service) List(ctx context.Context) ([]Measure, error) {
	rows, err := s.d.Store.current(ctx)
	if err != nil {
		return nil, err
	}
	units, err := s.d.Store.units(ctx)
	if err != nil {
		return nil, err
	}
	byNumber := map[int][]unitRow{}
	for _, u := range units {
		byNumber[u.Number] = append(byNumber[u.Number], u)
	}
	out := make([]Measure, 0, len(rows))
	for _, r := range rows {
		m, err := s.resolve(ctx, r, byNumber[r.Number])
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// resolve turns a stored row into a Measure with its units named, lead first and the co-units
// in the definition's order.
func (s *Service) resolve(ctx context.Context, r measureRow, units []unitRow) (Measure, error) {
	def, err := decode(r.Doc)
	if err != nil {
		return Measure{}, err
	}
	m := Measure{Definition: def, Version: r.Version, UpdatedAt: r.UpdatedAt}
	for _, u := range units {
		o, err := s.d.Orgs.ByID(ctx, u.OrgID)
		if err != nil {
			return Measure{}, fmt.Errorf("measure %d unit %d: %w", r.Number, u.OrgID, err)
		}
		m.Units = append(m.Units, Unit{OrgID: o.ID, Code: o.Code, Name: o.Name, Path: o.Path, Lead: u.Lead})
	}
	order := map[string]int{def.Lead: -1}
	for i, c := range def.CoUnits {
		order[c] = i
	}
	sort.SliceStable(m.Units, func(i, j int) bool { return order[m.Units[i].Code] < order[m.Units[j].Code] })
	return m, nil
}

// Get returns one measure's current version.
func (s *Service) Get(ctx context.Context, n int) (Measure, error) {
	r, err := s.d.Store.get(ctx, n)
	if err != nil {
		return Measure{}, err
	}
	units, err := s.d.Store.units(ctx)
	if err != nil {
		return Measure{}, err
	}
	var mine []unitRow
	for _, u := range units {
		if u.Number == n {
			mine = append(mine, u)
		}
	}
	return s.resolve(ctx, r, mine)
}

// Exists reports whether measure n exists (supervision asks before naming one in a notice).
func (s *Service) Exists(ctx context.Context, n int) (bool, error) {
	_, err := s.d.Store.get(ctx, n)
	if errors.Is(err, errs.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// IsUnit reports whether an org is a responsible unit of any measure.
func (s *Service) IsUnit(ctx context.Context, orgID int64) (bool, error) {
	return s.d.Store.isUnit(ctx, orgID)
}

// Versions returns every version of a measure, newest first.
func (s *Service) Versions(ctx context.Context, n int) ([]Version, error) {
	if _, err := s.d.Store.get(ctx, n); err != nil {
		return nil, err
	}
	rows, err := s.d.Store.versions(ctx, n)
	if err != nil {
		return nil, err
	}
	out := make([]Version, len(rows))
	for i, r := range rows {
		def, err := decode(r.Doc)
		if err != nil {
			return nil, err
		}
		out[i] = Version{Version: r.Version, Def: def, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// Mine returns the measures an org is a responsible unit of.
func (s *Service) Mine(ctx context.Context, orgID int64) ([]Measure, error) {
	all, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	out := []Measure{}
	for _, m := range all {
		if slices.ContainsFunc(m.Units, func(u Unit) bool { return u.OrgID == orgID }) {
			out = append(out, m)
		}
	}
	return out, nil
}

// CurrentPeriod is the quarter of now, the default reporting period.
func (s *Service) CurrentPeriod() string {
	now := s.d.Now()
	return fmt.Sprintf("%dQ%d", now.Year(), (int(now.Month())-1)/3+1)
}

// ParsePeriod checks a quarter ("2026Q3"); empty is the current one.
func (s *Service) ParsePeriod(text string) (string, error) {
	if text == "" {
		return s.CurrentPeriod(), nil
	}
	p, err := period.Parse(period.Quarter, text)
	if err != nil {
		return "", errs.Invalid("period", "invalid_period", "period is a quarter, e.g. 2026Q3")
	}
	return p.String(), nil
}

// reportRow is one row of a measure-progress submission as stored.
type reportRow struct {
	Measure   string `json:"measure"`
	Status    string `json:"status"`
	Percent   *int   `json:"percent"`
	Done      string `json:"done"`
	Problems  string `json:"problems"`
	NextSteps string `json:"next_steps"`
}

// rowsOf reads the handed-in reports of period in sc, by org code and measure number.
func (s *Service) rowsOf(ctx context.Context, sc scope.Scope, periodText string) (map[string]map[int]Row, error) {
	out := map[string]map[int]Row{}
	err := s.d.Reports.EachSubmission(ctx, sc, FormCode, periodText, vocab.Strings(vocab.HandedIn), func(l submission.Listed) error {
		var data struct {
			Measures []reportRow `json:"measures"`
		}
		if err := json.Unmarshal([]byte(l.Data), &data); err != nil {
			return fmt.Errorf("read the report of %s: %w", l.OrgCode, err)
		}
		at := l.SubmittedAt
		for _, r := range data.Measures {
			n, err := strconv.Atoi(r.Measure)
			if err != nil {
				continue
			}
			row := Row{OrgCode: l.OrgCode, OrgName: l.OrgName, Report: l.Status, Status: Status(r.Status), Done: r.Done,
				Problems: r.Problems, NextSteps: r.NextSteps, ReportedAt: at}
			if r.Percent != nil {
				row.Percent = *r.Percent
			}
			if out[l.OrgCode] == nil {
				out[l.OrgCode] = map[int]Row{}
			}
			out[l.OrgCode][n] = row
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read progress reports: %w", err)
	}
	return out, nil
}

// Reports returns the handed-in rows on measure n for period that the caller may see: every
// unit's when sc covers the lead unit (the lead unit consolidates; the bureau covers all), else
// only the units sc covers (a co-unit sees its own row). A caller covering no unit of the
// measure gets ErrNotFound.
func (s *Service) Reports(ctx context.Context, sc scope.Scope, n int, periodText string) (Measure, []Row, error) {
	m, err := s.Get(ctx, n)
	if err != nil {
		return Measure{}, nil, err
	}
	var visible []Unit
	if sc.Contains(m.LeadUnit().Path) {
		visible = m.Units
	} else {
		for _, u := range m.Units {
			if sc.Contains(u.Path) {
				visible = append(visible, u)
			}
		}
	}
	if len(visible) == 0 {
		return Measure{}, nil, errs.ErrNotFound
	}
	paths := make([]string, len(visible))
	for i, u := range visible {
		paths[i] = u.Path
	}
	rows, err := s.rowsOf(ctx, scope.Of(paths...), periodText)
	if err != nil {
		return Measure{}, nil, err
	}
	out := []Row{}
	for _, u := range visible {
		if r, ok := rows[u.Code][n]; ok {
			r.Lead = u.Lead
			out = append(out, r)
		}
	}
	return m, out, nil
}

// StartMilestone is the key of the milestone "启动实施": met as soon as the lead unit reports the
// measure under way (any status but not_started), whatever its done_on.
const StartMilestone = "start"

// overdue counts a measure's milestones past due on today that are not met (no done_on, and the
// lead unit has not reported the measure done; the start milestone once it reports progress), and
// the days since the earliest of them.
func overdue(m Measure, leadStatus Status, today string) (count, lateDays int) {
	if leadStatus == vocab.MeasureDone {
		return 0, 0
	}
	earliest := ""
	for _, ms := range m.Milestones {
		if ms.Key == StartMilestone && leadStatus != "" && leadStatus != vocab.MeasureNotStarted {
			continue // a lead unit that reports progress has started
		}
		if ms.DoneOn == "" && ms.Due < today {
			count++
			if earliest == "" || ms.Due < earliest {
				earliest = ms.Due
			}
		}
	}
	if earliest != "" {
		t0, _ := time.Parse(time.DateOnly, earliest)
		t1, _ := time.Parse(time.DateOnly, today)
		lateDays = int(t1.Sub(t0).Hours() / 24)
	}
	return count, lateDays
}

// Board builds the leader's board for period from the reports in sc: each measure with its
// lead unit's status and percent, how many of its units reported, its overdue milestones and
// lateness; counts by status; and the lead units ranked by overdue milestones.
func (s *Service) Board(ctx context.Context, sc scope.Scope, periodText string) (Board, error) {
	ms, err := s.List(ctx)
	if err != nil {
		return Board{}, err
	}
	rows, err := s.rowsOf(ctx, sc, periodText)
	if err != nil {
		return Board{}, err
	}
	today := s.d.Now().Format(time.DateOnly)
	b := Board{Period: periodText, ByStatus: map[string]int{}}
	late := map[string]*UnitLateness{}
	for _, m := range ms {
		lead := m.LeadUnit()
		bm := BoardMeasure{Number: m.Number, Title: m.Title, TitleEn: m.TitleEn, Lead: lead, Units: len(m.Units)}
		for _, u := range m.Units {
			if r, ok := rows[u.Code][m.Number]; ok {
				bm.Reported++
				if u.Lead {
					bm.Status, bm.Percent = r.Status, r.Percent
				}
			}
		}
		bm.OverdueMilestones, bm.LateDays = overdue(m, bm.Status, today)
		key := string(bm.Status)
		if key == "" {
			key = "unreported"
		}
		b.ByStatus[key]++
		if bm.OverdueMilestones > 0 {
			if late[lead.Code] == nil {
				late[lead.Code] = &UnitLateness{Unit: lead}
			}
			late[lead.Code].OverdueMilestones += bm.OverdueMilestones
		}
		b.Measures = append(b.Measures, bm)
	}
	for _, u := range late {
		b.Units = append(b.Units, *u)
	}
	sort.Slice(b.Units, func(i, j int) bool {
		if b.Units[i].OverdueMilestones != b.Units[j].OverdueMilestones {
			return b.Units[i].OverdueMilestones > b.Units[j].OverdueMilestones
		}
		return b.Units[i].Unit.Code < b.Units[j].Unit.Code
	})
	return b, nil
}

// OpenReport opens (or returns) the caller's own progress report for period and, when it has no
// rows yet, fills one row per measure the caller's org is responsible for, not started. The
// report then runs the ordinary submission workflow.
func (s *Service) OpenReport(ctx context.Context, p *authz.Principal, sc scope.Scope, periodText string) (submission.Submission, error) {
	pd, err := s.ParsePeriod(periodText)
	if err != nil {
		return submission.Submission{}, err
	}
	sub, _, err := s.d.Drafts.Open(ctx, p, sc, FormCode, pd, 0)
	if err != nil {
		return submission.Submission{}, err
	}
	if rows, _ := sub.Values["measures"].([]any); len(rows) > 0 || !sub.Status.Editable() {
		return sub, nil
	}
	mine, err := s.Mine(ctx, p.OrgID)
	if err != nil {
		return submission.Submission{}, err
	}
	if len(mine) == 0 {
		return sub, nil
	}
	rows := make([]any, len(mine))
	for i, m := range mine {
		rows[i] = map[string]any{"measure": strconv.Itoa(m.Number), "status": string(vocab.MeasureNotStarted), "percent": 0}
	}
	values := map[string]any{}
	for k, v := range sub.Values {
		values[k] = v
	}
	values["measures"] = rows
	version := sub.Version
	return s.d.Drafts.Save(ctx, p, sc, sub.ID, values, &version)
}
