package form

import "github.com/shopspring/decimal"

// Fact is one row of the rollup fact table for a submission: a number (Num) or a category (Text).
// The database aggregates facts, so rollups never load submissions into Go.
type Fact struct {
	Field string           `json:"field"`
	Num   *decimal.Decimal `json:"num,omitempty"`
	Text  string           `json:"text,omitempty"`
}

// Facts evaluates the values and returns their facts, in field order: one per visible numeric
// field (computed ones included), booleans as 1 or 0, a single choice as its value (Text), one per
// chosen value of a multi choice, and per numeric or boolean column of a repeat group one fact
// "group.column" holding the sum over the rows. Text, dates and attachments give none; nor do
// empty fields.
func (f *Form) Facts(values map[string]any) []Fact {
	vals := f.Evaluate(values).Values
	facts := []Fact{}
	for i := range f.Fields {
		fd := &f.Fields[i]
		v, ok := vals[fd.Key]
		if !ok {
			continue
		}
		switch {
		case fd.Type.Numeric() || fd.Type == TypeBoolean:
			if d, ok := factNumber(v); ok {
				facts = append(facts, Fact{Field: fd.Key, Num: &d})
			}
		case fd.Type == TypeSingleChoice:
			if s, ok := v.(string); ok {
				facts = append(facts, Fact{Field: fd.Key, Text: s})
			}
		case fd.Type == TypeMultiChoice:
			chosen, _ := v.([]string)
			for _, s := range chosen {
				facts = append(facts, Fact{Field: fd.Key, Text: s})
			}
		case fd.Type == TypeRepeat:
			rows, _ := v.([]map[string]any)
			facts = append(facts, repeatFacts(fd, rows)...)
		}
	}
	return facts
}

// repeatFacts sums each numeric or boolean column over the rows that have a value in it.
func repeatFacts(fd *Field, rows []map[string]any) []Fact {
	var facts []Fact
	for k := range fd.Fields {
		col := &fd.Fields[k]
		if !col.Type.Numeric() && col.Type != TypeBoolean {
			continue
		}
		total, seen := decimal.Zero, false
		for _, row := range rows {
			if d, ok := factNumber(row[col.Key]); ok {
				total, seen = total.Add(d), true
			}
		}
		if seen {
			facts = append(facts, Fact{Field: fd.Key + "." + col.Key, Num: &total})
		}
	}
	return facts
}

// factNumber reads a canonical numeric or boolean value as a number.
func factNumber(v any) (decimal.Decimal, bool) {
	switch x := v.(type) {
	case bool:
		if x {
			return decimal.NewFromInt(1), true
		}
		return decimal.Zero, true
	case string:
		return parseNumberString(x)
	case nil:
		return decimal.Decimal{}, false
	}
	return numberValue(v)
}
