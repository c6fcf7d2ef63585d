package export

import (
	"context"

	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// IndicatorsQuery selects an indicator summary export.
type IndicatorsQuery struct {
	Period string
	// Basis is "approved" (official, the default) or "all" (submitted too).
	Basis string
}

// indicatorUnits are the Chinese units of the rollup's indicator units.
var indicatorUnits = map[string]string{"percent": "%", "count": "个", "yuan": "元", "ratio": "比值", "area": "平方米"}

// indicatorStatus are the Chinese names of an indicator's status.
var indicatorStatus = map[string]string{rollup.StatusMet: "达标", rollup.StatusNotMet: "未达标", rollup.StatusInsufficient: "数据不足"}

// basisTitles name the basis in the file title.
var basisTitles = map[rollup.Basis]string{rollup.BasisApproved: "正式数据", rollup.BasisAll: "含待审数据",
	rollup.BasisPassed(vocab.LevelSchool): "中心校已审数据", rollup.BasisPassed(vocab.LevelTown): "镇街（学区）已审数据"}

// targetOps are the comparators as a leader reads them.
var targetOps = map[string]string{">=": "≥", "<=": "≤", "=": "=", rollup.OpRising: "高于上期"}

// Indicators returns the export of the indicator summary for a period in sc, one row per
// indicator: its value against its target, status and gap, the numerator and denominator, and
// the orgs reporting, expected, passing and failing a per-org check. Percent indicators are shown
// in percent (0.015 becomes 1.5), by exact decimal shifting.
func (s *Service) Indicators(ctx context.Context, sc scope.Scope, q IndicatorsQuery) (*Table, error) {
	sum, err := s.rollup.Summary(ctx, sc, q.Period, rollup.Basis(q.Basis))
	if err != nil {
		return nil, err
	}
	cols := []Column{
		{Header: "指标编码", Width: 26}, {Header: "指标名称", Width: 30}, {Header: "方案条目", Width: 10},
		{Header: "单位", Width: 8}, {Header: "当前值", Kind: KindNumber}, {Header: "目标", Width: 16},
		{Header: "目标年度", Kind: KindInteger, Width: 10}, {Header: "状态", Width: 10}, {Header: "差距", Kind: KindNumber},
		{Header: "分子", Kind: KindNumber}, {Header: "分母", Kind: KindNumber},
		{Header: "已报单位数", Kind: KindInteger}, {Header: "应报单位数", Kind: KindInteger},
		{Header: "达标单位数", Kind: KindInteger}, {Header: "未达标单位数", Kind: KindInteger},
	}
	title := "指标汇总-" + sum.Period + "-" + basisTitles[sum.Basis]
	return &Table{
		Name:    "indicators-" + sum.Period + "-" + string(sum.Basis),
		Title:   title,
		Sheet:   "指标汇总",
		Columns: cols,
		Rows: func(ctx context.Context, yield func([]Cell) error) error {
			for _, r := range sum.Items {
				in := r.Indicator
				pct := in.Unit == "percent"
				show := func(d *decimal.Decimal) Cell {
					if d == nil {
						return Blank()
					}
					if pct {
						return Dec(d.Shift(2))
					}
					return Dec(*d)
				}
				status := r.Status
				if l, ok := indicatorStatus[status]; ok {
					status = l
				}
				unit := in.Unit
				if l, ok := indicatorUnits[unit]; ok {
					unit = l
				}
				num, den := Blank(), Blank()
				if r.Numerator != nil {
					num = Dec(*r.Numerator)
				}
				if r.Denominator != nil {
					den = Dec(*r.Denominator)
				}
				pass, fail := Blank(), Blank()
				if r.Passing != nil {
					pass, fail = Int(*r.Passing), Int(*r.Failing)
				}
				row := []Cell{Text(in.Code), Text(in.Name), Text(in.Section), Text(unit), show(r.Value),
					Text(targetText(in.Target, pct)), Int(int64(in.Target.Year)), Text(status), show(r.Gap), num, den,
					Int(r.OrgsReporting), Int(r.OrgsExpected), pass, fail}
				if err := yield(row); err != nil {
					return err
				}
			}
			return nil
		},
	}, nil
}

// targetText writes a target as "≥ 1.5" or "90 – 110" (percent targets in percent).
func targetText(t rollup.Target, pct bool) string {
	v := t.Value
	if pct {
		v = v.Shift(2)
	}
	if t.Op == "between" && t.Value2 != nil {
		v2 := *t.Value2
		if pct {
			v2 = v2.Shift(2)
		}
		return v.String() + " – " + v2.String()
	}
	if t.Op == rollup.OpRising {
		return targetOps[t.Op]
	}
	op := t.Op
	if o, ok := targetOps[op]; ok {
		op = o
	}
	return op + " " + v.String()
}
