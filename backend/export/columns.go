package export

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/form"
)

// cellFunc reads one column's cell from a submission's values.
type cellFunc func(values map[string]any) Cell

// formColumns returns the columns of a form's fields in schema order, with the function that
// reads each one's cell.
func formColumns(f *form.Form) ([]Column, []cellFunc) {
	var cols []Column
	var cells []cellFunc
	for i := range f.Fields {
		fd := &f.Fields[i]
		key := fd.Key
		switch fd.Type {
		case form.TypeRepeat:
			numeric := false
			for j := range fd.Fields {
				sub := &fd.Fields[j]
				if !sub.Type.Numeric() {
					continue
				}
				numeric = true
				c := numberColumn(sub, fd.Label+"·"+sub.Label)
				cols = append(cols, c)
				cells = append(cells, repeatSum(key, sub.Key, c))
			}
			if !numeric {
				cols = append(cols, Column{Header: fd.Label + "（行数）", Kind: KindInteger})
				cells = append(cells, func(vs map[string]any) Cell {
					rows, ok := vs[key].([]any)
					if !ok {
						return Blank()
					}
					return Int(int64(len(rows)))
				})
			}
		case form.TypeAttachment:
			cols = append(cols, Column{Header: fd.Label + "（文件数）", Kind: KindInteger})
			cells = append(cells, func(vs map[string]any) Cell {
				files, ok := vs[key].([]any)
				if !ok {
					return Blank()
				}
				return Int(int64(len(files)))
			})
		case form.TypeInteger, form.TypeDecimal, form.TypeMoney, form.TypePercent:
			c := numberColumn(fd, fd.Label)
			cols = append(cols, c)
			cells = append(cells, func(vs map[string]any) Cell { return numberCell(c, vs[key]) })
		default:
			cols = append(cols, Column{Header: header(fd.Label, fd.Unit), Width: textWidth(fd)})
			cells = append(cells, func(vs map[string]any) Cell { return textCell(fd, vs[key]) })
		}
	}
	return cols, cells
}

// header is a field label with its unit in brackets: "教师工资总额（元）".
func header(label, unit string) string {
	if unit == "" {
		return label
	}
	return label + "（" + unit + "）"
}

func textWidth(fd *form.Field) float64 {
	if fd.Type == form.TypeText || fd.Type == form.TypeMultiChoice {
		return 24
	}
	return 0
}

// numberColumn is the column of a numeric field: integers as integers, the rest as decimals
// with the field's scale (money always 2).
func numberColumn(fd *form.Field, label string) Column {
	c := Column{Header: header(label, fd.Unit), Kind: KindDecimal, Scale: scaleOf(fd)}
	if fd.Type == form.TypeInteger {
		c.Kind, c.Scale = KindInteger, 0
	}
	return c
}

// scaleOf is the number of decimal places a numeric field's values carry.
func scaleOf(fd *form.Field) int {
	switch {
	case fd.Type == form.TypeMoney:
		return 2
	case fd.Type == form.TypeInteger:
		return 0
	case fd.Scale > 0:
		return fd.Scale
	}
	return form.DefaultScale
}

// numberCell reads a numeric value exactly; anything unreadable is blank.
func numberCell(c Column, v any) Cell {
	d, ok := decimalOf(v)
	if !ok {
		return Blank()
	}
	if c.Kind == KindInteger {
		if d.IsInteger() {
			if n, err := strconv.ParseInt(d.String(), 10, 64); err == nil {
				return Int(n)
			}
		}
		return Blank()
	}
	return Dec(d.Round(int32(c.Scale)))
}

// repeatSum sums one numeric column over a repeat group's rows, exactly.
func repeatSum(group, col string, c Column) cellFunc {
	return func(vs map[string]any) Cell {
		rows, ok := vs[group].([]any)
		if !ok {
			return Blank()
		}
		total, seen := decimal.Zero, false
		for _, r := range rows {
			m, _ := r.(map[string]any)
			if d, ok := decimalOf(m[col]); ok {
				total, seen = total.Add(d), true
			}
		}
		if !seen {
			return Blank()
		}
		return numberCell(c, json.Number(total.String()))
	}
}

// textCell shows a non-numeric value: booleans as 是/否, choices by their Chinese labels
// (several joined with "、"), text and dates as they are.
func textCell(fd *form.Field, v any) Cell {
	switch x := v.(type) {
	case nil:
		return Blank()
	case bool:
		if x {
			return Text("是")
		}
		return Text("否")
	case string:
		if fd.Type == form.TypeSingleChoice {
			return Text(optionLabel(fd, x))
		}
		return Text(x)
	case []any:
		labels := make([]string, 0, len(x))
		for _, o := range x {
			if s, ok := o.(string); ok {
				labels = append(labels, optionLabel(fd, s))
			}
		}
		return Text(strings.Join(labels, "、"))
	case json.Number:
		return Text(x.String())
	}
	return Blank()
}

// optionLabel is a choice's Chinese label, or the stored value if the option is gone.
func optionLabel(fd *form.Field, value string) string {
	for _, o := range fd.Options {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}
