// Package export turns collected data into spreadsheets: one form's submissions for a period
// as XLSX or CSV, one row per org and one column per field, with Chinese headers, and the
// indicator summary against the plan's targets. Rows are
// streamed from the database to the writer, so an export of every school in a large district
// does not hold the data in memory, and every query is limited to the caller's scope. Money
// and decimals stay exact: they are read as decimal strings and only become spreadsheet
// numbers in the final cell write.
package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/period"
	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/submission"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Service builds exports. It reads submissions only through the submission domain's Reader.
type Service struct {
	subs   *submission.Reader
	forms  *form.Registry
	rollup *rollup.Service
}

// NewService returns a Service; subs streams the submissions, rollups answers the indicator
// summary export.
func NewService(subs *submission.Reader, forms *form.Registry, rollups *rollup.Service) *Service {
	return &Service{subs: subs, forms: forms, rollup: rollups}
}

// SubmissionsQuery selects what a submissions export holds.
type SubmissionsQuery struct {
	Form   string
	Period string
	// Status is "" (submitted and approved: the provisional figures), "approved" (the official
	// figures only), "submitted", or a comma-separated list of those.
	Status string
}

// exportable are the statuses an export may include: the data a reviewer has seen.
var exportable = vocab.HandedIn

// statusLabels are the Chinese names of the exported statuses.
var statusLabels = map[vocab.SubmissionStatus]string{vocab.StatusSubmitted: "已提交", vocab.StatusApproved: "已通过",
	vocab.StatusReturned: "已退回", vocab.StatusDraft: "草稿"}

// waitingLabels name a submitted one by the level it waits at, as the phone does; one with a
// single review step stays 已提交.
var waitingLabels = map[vocab.ReviewLevel]string{vocab.LevelSchool: "待中心校审核", vocab.LevelTown: "待学区审核",
	vocab.LevelDistrict: "待区教委审核"}

// statusLabel is the status column's text for a listed submission.
func statusLabel(r submission.Listed) string {
	if r.Status == string(vocab.StatusSubmitted) {
		if l, ok := waitingLabels[vocab.ReviewLevel(r.ReviewLevel)]; ok {
			return l
		}
	}
	if l, ok := statusLabels[vocab.SubmissionStatus(r.Status)]; ok {
		return l
	}
	return r.Status
}

// Submissions validates q and returns the export of the form's submissions for the period
// whose orgs lie in sc: one row per org (org code, name, type, town, status, submitted and
// approved times) and one column per field of the form's current version, in schema order.
// A repeat group becomes one column per numeric sub-field (the sum over its rows), or a row
// count if it has none; an attachment field becomes a file count.
func (s *Service) Submissions(ctx context.Context, sc scope.Scope, q SubmissionsQuery) (*Table, error) {
	v := &errs.ValidationError{}
	if q.Form == "" {
		v.Add("form", "required", "form is required")
	}
	if q.Period == "" {
		v.Add("period", "required", "period is required")
	}
	statuses, ok := parseStatuses(q.Status)
	if !ok {
		v.Add("status", "invalid_status", "status must be submitted, approved or both")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	f, err := s.forms.Current(ctx, q.Form)
	if errors.Is(err, errs.ErrNotFound) {
		return nil, errs.Invalid("form", "unknown_form", "no such form")
	} else if err != nil {
		return nil, err
	}
	pd, err := period.Parse(f.PeriodType, q.Period)
	if err != nil {
		return nil, errs.Invalid("period", "invalid_period", "period does not match the form's period type")
	}
	cols, cells := formColumns(f)
	columns := append([]Column{
		{Header: "机构编码", Width: 16}, {Header: "机构名称", Width: 28}, {Header: "机构类型", Width: 14},
		{Header: "所属镇街", Width: 14}, {Header: "状态", Width: 10},
		{Header: "提交时间", Kind: KindTime, Width: 20}, {Header: "审核通过时间", Kind: KindTime, Width: 20},
	}, cols...)
	p := pd.String()
	return &Table{
		Name:    f.Code + "-" + p,
		Title:   f.Title + "-" + p,
		Sheet:   f.Title,
		Columns: columns,
		Rows: func(ctx context.Context, yield func([]Cell) error) error {
			row := make([]Cell, 0, len(columns))
			return s.subs.EachSubmission(ctx, sc, f.Code, p, statuses, func(r submission.Listed) error {
				values, err := decodeValues(r.Data, r.Computed)
				if err != nil {
					return fmt.Errorf("export %s %s org %s: %w", f.Code, p, r.OrgCode, err)
				}
				town := Blank()
				if r.TownName != nil {
					town = Text(*r.TownName)
				}
				row = append(row[:0], Text(r.OrgCode), Text(r.OrgName), Text(org.Type(r.OrgType).Label()), town,
					Text(statusLabel(r)), timeOrBlank(r.SubmittedAt), timeOrBlank(r.ApprovedAt))
				for _, c := range cells {
					row = append(row, c(values))
				}
				return yield(row)
			})
		},
	}, nil
}

// parseStatuses reads the status filter; empty means submitted and approved.
func parseStatuses(s string) ([]string, bool) {
	if strings.TrimSpace(s) == "" {
		return vocab.Strings(exportable), true
	}
	var out []string
	seen := map[string]bool{}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if !slices.Contains(exportable, vocab.SubmissionStatus(p)) {
			return nil, false
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out, true
}

// decodeValues reads a submission's stored values, numbers kept as json.Number, with the
// computed values filled in where the values lack them.
func decodeValues(data, computed string) (map[string]any, error) {
	values := map[string]any{}
	if err := decodeInto(data, &values); err != nil {
		return nil, err
	}
	comp := map[string]any{}
	if err := decodeInto(computed, &comp); err != nil {
		return nil, err
	}
	for k, v := range comp {
		if _, ok := values[k]; !ok && v != nil {
			values[k] = v
		}
	}
	return values, nil
}

func decodeInto(s string, dst *map[string]any) error {
	if s == "" {
		return nil
	}
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	d.UseNumber()
	return d.Decode(dst)
}

// decimalOf reads a stored number (a decimal string or a JSON number) exactly.
func decimalOf(v any) (decimal.Decimal, bool) {
	switch x := v.(type) {
	case string:
		d, err := decimal.NewFromString(strings.TrimSpace(x))
		return d, err == nil
	case json.Number:
		d, err := decimal.NewFromString(x.String())
		return d, err == nil
	case int64:
		return decimal.NewFromInt(x), true
	case int:
		return decimal.NewFromInt(int64(x)), true
	}
	return decimal.Decimal{}, false
}
