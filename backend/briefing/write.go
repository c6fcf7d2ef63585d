package briefing

import (
	"fmt"
	"strings"

	"github.com/gomutex/godocx/wml/stypes"
	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// words are the document's fixed texts in one language.
type words struct {
	title, period, issued                                string
	progress, targets, failing, towns, measures, notices string
	summary                                              string
	cols, townCols, measureCols, noticeCols              []string
	met, notMet, insufficient, notJudged                 string
	none, more, prevWas, flat                            string
	chartStatus, chartTowns, axisCount, axisShare        string
	approved, provisional                                string
	measureStatus, noticeStatus                          map[string]string
}

var zh = words{
	title: "教育高质量发展目标进展情况简报", period: "（%s　%s）", issued: "%s　　%s",
	progress: "总体进展", targets: "各项目标完成情况", failing: "未达标学校（按镇街）", towns: "各镇街填报完整度",
	measures: "进度滞后的工作举措", notices: "未办结的督办事项",
	summary:     "截至%s，按%s数据，%d项目标中已达标%d项，未达标%d项，数据不足或在本范围不单独评价%d项。",
	cols:        []string{"目标", "当前值", "目标值", "差距", "趋势", "状态"},
	townCols:    []string{"镇街", "已报", "应报", "完整度"},
	measureCols: []string{"举措", "牵头单位", "状态", "逾期节点"},
	noticeCols:  []string{"督办事项", "责任单位", "期限", "状态"},
	met:         "已达标", notMet: "未达标", insufficient: "数据不足", notJudged: "不单独评价",
	none: "无。", more: "（另有%d所未列出）", prevWas: "上期%s", flat: "持平",
	chartStatus: "目标达成情况", chartTowns: "各镇街填报完整度", axisCount: "项数", axisShare: "完整度（%）",
	approved: "已审核", provisional: "含待审核",
	measureStatus: map[string]string{string(vocab.MeasureNotStarted): "未启动", string(vocab.MeasureOnTrack): "按期推进",
		string(vocab.MeasureAtRisk): "存在风险", string(vocab.MeasureDelayed): "滞后", string(vocab.MeasureDone): "已完成"},
	noticeStatus: map[string]string{string(vocab.NoticeOpen): "待反馈", string(vocab.NoticeAnswered): "已反馈待审核", string(vocab.NoticeClosed): "已办结"},
}

var en = words{
	title: "Briefing on progress toward the education targets", period: "(%s, %s)", issued: "%s    %s",
	progress: "Overall progress", targets: "Each target", failing: "Schools below an every-school target, by town",
	towns: "Completeness by town", measures: "Measures at risk", notices: "Open supervision notices",
	summary:     "As of %s, on %s figures, of %d targets %d are met, %d not met and %d have insufficient data or are not judged in this scope.",
	cols:        []string{"Target", "Value", "Target value", "Gap", "Trend", "Status"},
	townCols:    []string{"Town", "Reported", "Expected", "Complete"},
	measureCols: []string{"Measure", "Lead unit", "Status", "Overdue milestones"},
	noticeCols:  []string{"Notice", "Unit", "Deadline", "Status"},
	met:         "met", notMet: "not met", insufficient: "insufficient data", notJudged: "not judged here",
	none: "None.", more: "(%d more not listed)", prevWas: "previous %s", flat: "level",
	chartStatus: "Targets by status", chartTowns: "Completeness by town", axisCount: "targets", axisShare: "complete (%)",
	approved: "approved", provisional: "provisional",
	measureStatus: map[string]string{string(vocab.MeasureNotStarted): "not started", string(vocab.MeasureOnTrack): "on track",
		string(vocab.MeasureAtRisk): "at risk", string(vocab.MeasureDelayed): "delayed", string(vocab.MeasureDone): "done"},
	noticeStatus: map[string]string{string(vocab.NoticeOpen): "awaiting answer", string(vocab.NoticeAnswered): "answered, under review", string(vocab.NoticeClosed): "closed"},
}

// cnNumber is the heading numeral 一…十 (then digits).
func cnNumber(i int) string {
	n := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if i >= 1 && i <= len(n) {
		return n[i-1]
	}
	return fmt.Sprint(i)
}

// FormatValue writes a figure as the briefing does: shares as percentages to one decimal,
// amounts to two decimals at most, yuan with their unit; "—" for none.
func FormatValue(d *decimal.Decimal, unit string, lang string) string {
	if d == nil {
		return "—"
	}
	if unit == "percent" {
		return d.Mul(decimal.NewFromInt(100)).Round(1).String() + "%"
	}
	s := d.Round(2).String()
	if unit == "yuan" {
		if lang == LangEn {
			return s + " yuan"
		}
		return s + "元"
	}
	return s
}

// failingValue is what a failing org's figure adds to its name: its share for a ratio check
// ("（0.8%）"), its amount for a field check ("（0）"), nothing for a check of conditions (a yes/no
// answer, a field that must equal a value, has no figure worth showing).
func failingValue(in *rollup.Indicator, o rollup.FailingOrg, lang string) string {
	if o.Value == nil || in.PerOrg == nil || len(in.PerOrg.Where) > 0 || (in.PerOrg.Field != "" && in.PerOrg.Op == "eq") {
		return ""
	}
	unit := ""
	if len(in.PerOrg.Numerator) > 0 {
		unit = in.Unit
	}
	if lang == LangEn {
		return " (" + FormatValue(o.Value, unit, lang) + ")"
	}
	return "（" + FormatValue(o.Value, unit, lang) + "）"
}

// fmtTarget writes what the plan asks for.
func fmtTarget(in *rollup.Indicator, lang string) string {
	t := in.Target
	switch t.Op {
	case "rising":
		if lang == LangEn {
			return "above the previous period"
		}
		return "高于上期"
	case "between":
		return FormatValue(&t.Value, in.Unit, lang) + "–" + FormatValue(t.Value2, in.Unit, lang)
	}
	op := map[string]string{">=": "≥", "<=": "≤", "=": "="}[t.Op]
	return op + FormatValue(&t.Value, in.Unit, lang)
}

func (w words) status(s string) string {
	switch s {
	case vocab.TargetMet:
		return w.met
	case vocab.TargetNotMet:
		return w.notMet
	case vocab.TargetInsufficient:
		return w.insufficient
	}
	return w.notJudged
}

// trend compares the value with the previous period's.
func (w words) trend(t Target, lang string) string {
	prev := t.Result.Previous
	if t.Previous != nil {
		prev = t.Previous.Value
	}
	if prev == nil || t.Result.Value == nil {
		return "—"
	}
	arrow := "→ " + w.flat + ", "
	switch t.Result.Value.Cmp(*prev) {
	case 1:
		arrow = "↑ "
	case -1:
		arrow = "↓ "
	}
	return arrow + fmt.Sprintf(w.prevWas, FormatValue(prev, t.Result.Indicator.Unit, lang))
}

// name is the indicator's name in the language.
func name(in *rollup.Indicator, lang string) string {
	if lang == LangEn && in.NameEn != "" {
		return in.NameEn
	}
	return in.Name
}

// write lays the figures out as the document.
func (s *Service) write(r Request, f Figures) ([]byte, error) {
	w, lang := zh, r.Lang
	if lang == LangEn {
		w = en
	}
	d, err := newDoc()
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			d.discard()
		}
	}()
	now := s.d.Now()
	date := fmt.Sprintf("%d年%d月%d日", now.Year(), int(now.Month()), now.Day())
	periodText := f.Period
	if lang == LangEn {
		date = now.Format("2 January 2006")
	} else if len(f.Period) == 4 {
		periodText = f.Period + "年度"
	}
	d.para(w.title, FontTitle, sizeTitle, stypes.JustificationCenter, false)
	d.para(fmt.Sprintf(w.period, r.ScopeName, periodText), FontSub, sizeBody, stypes.JustificationCenter, false)
	d.para(fmt.Sprintf(w.issued, r.Issuer, date), FontBody, sizeBody, stypes.JustificationCenter, false)
	d.para("", FontBody, sizeBody, stypes.JustificationLeft, false)

	section := 0
	heading := func(text string) {
		section++
		if lang == LangEn {
			d.h1(fmt.Sprintf("%d. %s", section, text))
			return
		}
		d.h1(cnNumber(section) + "、" + text)
	}
	asOf := periodText
	if f.AsOf != nil {
		asOf = f.AsOf.Format("2006-01-02")
	}
	basis := w.approved
	if r.Basis == rollup.BasisAll {
		basis = w.provisional
	}

	heading(w.progress)
	d.body(fmt.Sprintf(w.summary, asOf, basis, len(f.Targets), f.Met, f.NotMet, f.Unjudged))
	cjk := s.charts.CJK() && lang != LangEn
	label := func(zhText, enText string) string {
		if cjk {
			return zhText
		}
		return enText
	}
	png, err := s.charts.Bars(label(zh.chartStatus, en.chartStatus), label(zh.axisCount, en.axisCount), []bar{
		{label(zh.met, en.met), float64(f.Met), colorMet},
		{label(zh.notMet, en.notMet), float64(f.NotMet), colorNotMet},
		{label(zh.insufficient+"/"+zh.notJudged, "insufficient / not judged"), float64(f.Unjudged), colorInsufficient},
	}, 0)
	if err != nil {
		return nil, err
	}
	if err := d.picture(png, "status.png", 14, 5.6); err != nil {
		return nil, err
	}

	heading(w.targets)
	rows := make([][]string, len(f.Targets))
	for i, t := range f.Targets {
		in := t.Result.Indicator
		rows[i] = []string{name(in, lang), FormatValue(t.Result.Value, in.Unit, lang), fmtTarget(in, lang),
			FormatValue(t.Result.Gap, in.Unit, lang), w.trend(t, lang), w.status(t.Result.Status)}
	}
	d.table([]uint64{2900, 1250, 1500, 1100, 1450, 1150}, w.cols, rows)

	heading(w.failing)
	sub := 0
	for _, t := range f.Targets {
		if len(t.Failing) == 0 {
			continue
		}
		sub++
		in := t.Result.Indicator
		if lang == LangEn {
			d.h2(fmt.Sprintf("(%d) %s: %d", sub, name(in, lang), t.FailingTotal))
		} else {
			d.h2(fmt.Sprintf("（%s）%s（%d所）", cnNumber(sub), in.Name, t.FailingTotal))
		}
		var town string
		var names []string
		flush := func() {
			if len(names) == 0 {
				return
			}
			sep, colon := "、", "："
			if lang == LangEn {
				sep, colon = ", ", ": "
			}
			d.body(town + colon + strings.Join(names, sep) + map[bool]string{true: ".", false: "。"}[lang == LangEn])
			names = nil
		}
		for _, o := range t.Failing {
			tw := o.Town
			if tw == "" {
				tw = rollup.NoTownLabel
			}
			if tw != town {
				flush()
				town = tw
			}
			names = append(names, o.OrgName+failingValue(in, o, lang))
		}
		flush()
		if extra := t.FailingTotal - int64(len(t.Failing)); extra > 0 {
			d.body(fmt.Sprintf(w.more, extra))
		}
	}
	if sub == 0 {
		d.body(w.none)
	}

	heading(w.towns)
	if len(f.Towns) == 0 {
		d.body(w.none)
	} else {
		bars := make([]bar, len(f.Towns))
		trows := make([][]string, len(f.Towns))
		for i, t := range f.Towns {
			bars[i] = bar{Label: label(t.Label, asciiLabel(t.Label, fmt.Sprintf("Town %d", i+1))), Value: 100 * t.Share(), Color: colorNeutral}
			trows[i] = []string{t.Label, fmt.Sprint(t.Reported), fmt.Sprint(t.Expected), fmt.Sprintf("%.1f%%", 100*t.Share())}
		}
		png, err := s.charts.Bars(label(zh.chartTowns, en.chartTowns), label(zh.axisShare, en.axisShare), bars, 100)
		if err != nil {
			return nil, err
		}
		h := 2 + 0.55*float64(len(bars))
		if err := d.picture(png, "towns.png", 14, h*14/15); err != nil {
			return nil, err
		}
		d.table([]uint64{3400, 1800, 1800, 2350}, w.townCols, trows)
	}

	if f.HasMeasures {
		heading(w.measures)
		if len(f.AtRisk) == 0 {
			d.body(w.none)
		} else {
			mrows := make([][]string, len(f.AtRisk))
			for i, m := range f.AtRisk {
				title := m.Title
				if lang == LangEn && m.TitleEn != "" {
					title = m.TitleEn
				}
				st := w.measureStatus[string(m.Status)]
				if st == "" {
					st = "—" // the lead unit has not reported
				}
				mrows[i] = []string{fmt.Sprintf("%d. %s", m.Number, title), m.Lead.Name, st, fmt.Sprint(m.OverdueMilestones)}
			}
			d.table([]uint64{4200, 2200, 1500, 1450}, w.measureCols, mrows)
		}
	}
	if f.HasNotices {
		heading(w.notices)
		if len(f.Notices) == 0 {
			d.body(w.none)
		} else {
			nrows := make([][]string, len(f.Notices))
			for i, n := range f.Notices {
				nrows[i] = []string{n.Title, n.OrgName, n.Deadline.Format("2006-01-02"), w.noticeStatus[string(n.Status)]}
			}
			d.table([]uint64{4200, 2300, 1500, 1350}, w.noticeCols, nrows)
			if extra := f.NoticeTotal - int64(len(f.Notices)); extra > 0 {
				d.body(fmt.Sprintf(w.more, extra))
			}
		}
	}
	out, err := d.bytes()
	ok = true
	return out, err
}
