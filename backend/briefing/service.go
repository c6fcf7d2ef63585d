// Package briefing writes the bureau's work briefing (工作简报): a Word document in the house style
// of government documents (GB/T 9704: A4, 37/35/28/26 mm margins, the title in 方正小标宋简体 at
// 2号, the body in 仿宋_GB2312 at 3号, headings in 黑体 and 楷体_GB2312, an issuing line, page
// numbers in the footer) built from live figures: every target's standing, the schools below
// each "every school" target by town, completeness by town, and, where those domains are wired,
// the measures at risk and the open supervision notices. The figures come only through the
// rollup's, the measures' and the notices' exported functions; a PDF is the same document
// converted by LibreOffice when one is configured, never a second layout.
package briefing

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/measure"
	"github.com/tianbao-edu/tianbao/backend/period"
	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/supervision"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Rollup is what the briefing reads of the rollup domain.
type Rollup interface {
	Summary(ctx context.Context, sc scope.Scope, period string, basis rollup.Basis) (rollup.Summary, error)
	Detail(ctx context.Context, sc scope.Scope, code, period string, basis rollup.Basis, groupBy string) (rollup.Detail, error)
}

// Measures is what the briefing reads of the measure domain.
type Measures interface {
	Board(ctx context.Context, sc scope.Scope, periodText string) (measure.Board, error)
}

// Notices is what the briefing reads of the supervision domain.
type Notices interface {
	List(ctx context.Context, p *authz.Principal, sc scope.Scope, f supervision.Filter) ([]supervision.Notice, int64, error)
}

// Deps are the services a briefing reads and how it renders.
type Deps struct {
	Rollup   Rollup
	Measures Measures // nil: no section on measures
	Notices  Notices  // nil: no section on notices
	Now      func() time.Time
	// CJKFont is the font file the charts draw Chinese labels with (DefaultCJKFont when empty);
	// when it cannot be read the chart labels are English.
	CJKFont string
	// Soffice is the LibreOffice binary that converts the document to PDF; empty: no PDF.
	Soffice string
}

// Service builds briefings.
type Service struct {
	d      Deps
	charts *charts
	// convert admits one LibreOffice conversion at a time: each takes a core for seconds.
	convert chan struct{}
}

// NewService returns a Service.
func NewService(d Deps) *Service {
	if d.CJKFont == "" {
		d.CJKFont = DefaultCJKFont
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{d: d, charts: &charts{path: d.CJKFont}, convert: make(chan struct{}, 1)}
}

// Languages.
const (
	LangZh = "zh"
	LangEn = "en"
)

// Request says which briefing to build and for whom.
type Request struct {
	Principal *authz.Principal
	// Scope is the subtree the figures cover (the caller's rollup:read scope, or an org in it);
	// ScopeName names it in the title ("黔江区教育委员会", "城南街道").
	Scope     scope.Scope
	ScopeName string
	// Issuer is the issuing body on the issuing line.
	Issuer string
	// MeasureScope and NoticeScope are the caller's scopes for the board and the notices; empty:
	// the section is left out (the caller may not read them).
	MeasureScope scope.Scope
	NoticeScope  scope.Scope
	Period       string
	Basis        rollup.Basis
	Lang         string
}

// ErrNoConverter answers a PDF request when no converter is configured.
var ErrNoConverter = errs.Coded(errs.ErrNotFound, "pdf_unavailable", "no PDF converter is configured (TIANBAO_SOFFICE)")

// ParseLang reads the lang parameter: "" and zh variants are Chinese, en is English.
func ParseLang(s string) (string, error) {
	switch s {
	case "", "zh", "zh-CN", "zh_CN":
		return LangZh, nil
	case "en", "en-US", "en-GB":
		return LangEn, nil
	}
	return "", errs.Invalid("lang", "invalid_option", "lang must be zh or en")
}

// Target is one indicator's line in the briefing.
type Target struct {
	Result   rollup.Result
	Previous *rollup.Result // the previous period's standing, when computed
	// Failing are the orgs below a per-org check of an "every school" target, by town; Total
	// counts them all (the list holds the first rollup.MaxPageSize).
	Failing      []rollup.FailingOrg
	FailingTotal int64
}

// Town is one town's completeness across the targets: orgs reporting and expected, summed over
// every target that expects its orgs.
type Town struct {
	Label    string
	Reported int64
	Expected int64
}

// Share is Reported / Expected (0 when none are expected).
func (t Town) Share() float64 {
	if t.Expected == 0 {
		return 0
	}
	return float64(t.Reported) / float64(t.Expected)
}

// Figures are everything the document states.
type Figures struct {
	Period     string
	PrevPeriod string
	AsOf       *time.Time
	Targets    []Target
	Met        int
	NotMet     int
	Unjudged   int // insufficient data, or not judged in this scope
	Towns      []Town
	// HasMeasures and HasNotices say whether those sections apply.
	HasMeasures bool
	AtRisk      []measure.BoardMeasure
	HasNotices  bool
	Notices     []supervision.Notice
	NoticeTotal int64
}

// prevPeriod is the period before p ("" when p does not parse).
func prevPeriod(p string) string {
	for _, t := range []period.Type{period.Year, period.Half, period.Quarter, period.Month} {
		if pp, err := period.Parse(t, p); err == nil {
			return pp.Prev().String()
		}
	}
	return ""
}

// Gather reads the figures of a briefing.
func (s *Service) Gather(ctx context.Context, r Request) (Figures, error) {
	sum, err := s.d.Rollup.Summary(ctx, r.Scope, r.Period, r.Basis)
	if err != nil {
		return Figures{}, err
	}
	f := Figures{Period: sum.Period, AsOf: sum.AsOf, PrevPeriod: prevPeriod(r.Period)}
	prev := map[string]rollup.Result{}
	if f.PrevPeriod != "" {
		ps, err := s.d.Rollup.Summary(ctx, r.Scope, f.PrevPeriod, r.Basis)
		if err != nil {
			return Figures{}, fmt.Errorf("previous period %s: %w", f.PrevPeriod, err)
		}
		for _, it := range ps.Items {
			prev[it.Indicator.Code] = it
		}
	}
	towns := map[string]*Town{}
	for _, it := range sum.Items {
		t := Target{Result: it}
		if p, ok := prev[it.Indicator.Code]; ok && p.Value != nil {
			t.Previous = &p
		}
		switch it.Status {
		case vocab.TargetMet:
			f.Met++
		case vocab.TargetNotMet:
			f.NotMet++
		default:
			f.Unjudged++
		}
		d, err := s.d.Rollup.Detail(ctx, r.Scope, it.Indicator.Code, r.Period, r.Basis, rollup.GroupTown)
		if err != nil {
			return Figures{}, fmt.Errorf("detail of %s: %w", it.Indicator.Code, err)
		}
		for _, g := range d.Groups {
			tw := towns[g.Label]
			if tw == nil {
				tw = &Town{Label: g.Label}
				towns[g.Label] = tw
			}
			tw.Reported += g.OrgsReporting
			tw.Expected += g.OrgsExpected
		}
		if it.Indicator.EveryOrg && it.Indicator.PerOrg != nil {
			t.Failing, t.FailingTotal = d.Failing, d.FailingTotal
			sort.SliceStable(t.Failing, func(i, j int) bool { return t.Failing[i].Town < t.Failing[j].Town })
		}
		f.Targets = append(f.Targets, t)
	}
	for _, tw := range towns {
		if tw.Expected > 0 {
			f.Towns = append(f.Towns, *tw)
		}
	}
	sort.Slice(f.Towns, func(i, j int) bool {
		if a, b := f.Towns[i].Share(), f.Towns[j].Share(); a != b {
			return a < b
		}
		return f.Towns[i].Label < f.Towns[j].Label
	})
	if s.d.Measures != nil && !r.MeasureScope.Empty() {
		b, err := s.d.Measures.Board(ctx, r.MeasureScope, "")
		if err != nil {
			return Figures{}, fmt.Errorf("measure board: %w", err)
		}
		f.HasMeasures = true
		for _, m := range b.Measures {
			if vocab.MeasureStatus(m.Status).Lagging() || m.OverdueMilestones > 0 {
				f.AtRisk = append(f.AtRisk, m)
			}
		}
	}
	if s.d.Notices != nil && !r.NoticeScope.Empty() && r.Principal != nil {
		ns, total, err := s.d.Notices.List(ctx, r.Principal, r.NoticeScope, supervision.Filter{Active: true, PageSize: 100})
		if err != nil {
			return Figures{}, fmt.Errorf("open notices: %w", err)
		}
		f.HasNotices, f.Notices, f.NoticeTotal = true, ns, total
	}
	return f, nil
}

// DOCX builds the briefing as a Word document.
func (s *Service) DOCX(ctx context.Context, r Request) ([]byte, error) {
	f, err := s.Gather(ctx, r)
	if err != nil {
		return nil, err
	}
	b, err := s.write(r, f)
	if err != nil {
		return nil, fmt.Errorf("write briefing: %w", err)
	}
	return b, nil
}

// PDF builds the briefing and converts it with LibreOffice; ErrNoConverter when none is
// configured.
func (s *Service) PDF(ctx context.Context, r Request) ([]byte, error) {
	if s.d.Soffice == "" {
		return nil, ErrNoConverter
	}
	doc, err := s.DOCX(ctx, r)
	if err != nil {
		return nil, err
	}
	select {
	case s.convert <- struct{}{}:
		defer func() { <-s.convert }()
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for the PDF converter: %w", ctx.Err())
	}
	out, err := ConvertPDF(ctx, s.d.Soffice, doc)
	if err != nil {
		return nil, fmt.Errorf("convert briefing to PDF: %w", err)
	}
	return out, nil
}

// PDFAvailable reports whether a converter is configured.
func (s *Service) PDFAvailable() bool { return s.d.Soffice != "" }
