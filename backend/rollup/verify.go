package rollup

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// RebuildCheck is one rollup table compared with a full rebuild: rows as maintained, rows as
// rebuilt, rebuilt rows missing from the maintained ones and maintained rows not in the rebuild.
type RebuildCheck struct {
	Table                               string
	Maintained, Rebuilt, Missing, Extra int
}

// Equal reports whether the maintained rows are exactly the rebuilt ones.
func (c RebuildCheck) Equal() bool { return c.Missing+c.Extra == 0 }

func (c RebuildCheck) String() string {
	if c.Equal() {
		return fmt.Sprintf("%s: %d rows, equal", c.Table, c.Rebuilt)
	}
	return fmt.Sprintf("%s: %d rows maintained, %d rebuilt, %d rebuilt rows missing from the maintained ones, %d maintained rows not in the rebuild",
		c.Table, c.Maintained, c.Rebuilt, c.Missing, c.Extra)
}

// CheckRebuild compares what the writers maintained (indicator_facts and indicator_totals) with
// a full rebuild from the fact table, the proof that no write path lets the figures drift. It
// must run while nothing writes; the rebuilt figures stay, so a drift is reported once and
// repaired. Row ids and times are left out of the comparison.
func (s *Service) CheckRebuild(ctx context.Context) ([]RebuildCheck, error) {
	tables := []string{"indicator_facts", "indicator_totals"}
	before := map[string][]string{}
	for _, t := range tables {
		rows, err := s.store.dump(ctx, t)
		if err != nil {
			return nil, fmt.Errorf("read maintained %s: %w", t, err)
		}
		before[t] = rows
	}
	if err := s.Rebuild(ctx); err != nil {
		return nil, fmt.Errorf("rebuild: %w", err)
	}
	out := make([]RebuildCheck, 0, len(tables))
	for _, t := range tables {
		after, err := s.store.dump(ctx, t)
		if err != nil {
			return nil, fmt.Errorf("read rebuilt %s: %w", t, err)
		}
		missing, extra := diffRows(before[t], after)
		out = append(out, RebuildCheck{Table: t, Maintained: len(before[t]), Rebuilt: len(after), Missing: missing, Extra: extra})
	}
	return out, nil
}

// dump returns every row of one of the rollup's tables as sorted text, without id and at.
func (s *Store) dump(ctx context.Context, table string) ([]string, error) {
	rows, err := s.db.WithContext(ctx).Raw("SELECT * FROM " + table).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		var b strings.Builder
		for i, c := range cols {
			if c == "id" || c == "at" {
				continue
			}
			v := vals[i]
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			fmt.Fprintf(&b, "%s=%v|", c, v)
		}
		out = append(out, b.String())
	}
	sort.Strings(out)
	return out, rows.Err()
}

// diffRows counts the rows of want missing from got and of got not in want (as multisets).
func diffRows(got, want []string) (missing, extra int) {
	n := map[string]int{}
	for _, r := range got {
		n[r]++
	}
	for _, r := range want {
		n[r]--
	}
	for _, c := range n {
		if c < 0 {
			missing -= c
		} else {
			extra += c
		}
	}
	return
}
