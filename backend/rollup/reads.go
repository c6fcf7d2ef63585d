package rollup

import "sort"

// FieldsRead returns, for one form, every fact field an indicator reads (numerator and
// denominator fields and their where conditions; the per-org check's field, numerator,
// denominator and conditions) with the codes of the indicators that read it, sorted. A form change that removes or retypes one of these fields
// would break those indicators, so the form import refuses it. A repeat group's column appears
// as "group.column", the way its facts are named.
func (s *Service) FieldsRead(formCode string) map[string][]string {
	seen := map[string]map[string]bool{}
	add := func(field, code string) {
		if field == "" {
			return
		}
		if seen[field] == nil {
			seen[field] = map[string]bool{}
		}
		seen[field][code] = true
	}
	addAgg := func(a *Agg, code string) {
		if a == nil {
			return
		}
		for _, f := range a.Fields {
			add(f, code)
		}
		for _, c := range a.Where {
			add(c.Field, code)
		}
	}
	for _, in := range s.Indicators() {
		if in.Form != formCode {
			continue
		}
		addAgg(&in.Numerator, in.Code)
		addAgg(in.Denominator, in.Code)
		if p := in.PerOrg; p != nil {
			add(p.Field, in.Code)
			for _, f := range p.Numerator {
				add(f, in.Code)
			}
			for _, f := range p.Denominator {
				add(f, in.Code)
			}
			for _, c := range p.Where {
				add(c.Field, in.Code)
			}
		}
	}
	out := make(map[string][]string, len(seen))
	for field, codes := range seen {
		list := make([]string, 0, len(codes))
		for c := range codes {
			list = append(list, c)
		}
		sort.Strings(list)
		out[field] = list
	}
	return out
}
