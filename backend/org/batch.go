package org

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// ParseType reads a type given by its code ("primary") or its Chinese name ("小学").
func ParseType(s string) (Type, bool) {
	s = strings.TrimSpace(s)
	if t := Type(strings.ToLower(s)); t.Valid() {
		return t, true
	}
	for _, t := range Types {
		if t.Label() == s {
			return t, true
		}
	}
	return "", false
}

// ownershipLabels are the Chinese names of the ownership values.
var ownershipLabels = map[string]string{OwnershipPublic: "公办", OwnershipPrivate: "民办"}

// OwnershipLabel is the Chinese name of an ownership value.
func OwnershipLabel(o string) string {
	if l, ok := ownershipLabels[o]; ok {
		return l
	}
	return o
}

// ParseOwnership reads an ownership given as public/private or 公办/民办; empty stays empty
// (Create and CreateMany default it to public).
func ParseOwnership(s string) string {
	s = strings.TrimSpace(s)
	for o, l := range ownershipLabels {
		if l == s {
			return o
		}
	}
	return strings.ToLower(s)
}

// NewOrgAt is an org to create under a parent named by code, as an import row gives it.
type NewOrgAt struct {
	ParentCode string
	Code       string
	Name       string
	Type       Type
	Ownership  string
}

// CreateMany validates every org first and, only when all are valid, creates them in one
// transaction in the order given, so a batch is imported entirely or not at all. A parent is
// an existing org in sc or an org on an earlier row of the batch. Field errors name the row by
// its index in the batch: "rows[3].type".
func (s *Service) CreateMany(ctx context.Context, sc scope.Scope, in []NewOrgAt, eff Effects) ([]Org, error) {
	parents, err := s.checkMany(ctx, sc, in)
	if err != nil {
		return nil, err
	}
	return s.createMany(ctx, in, parents, eff)
}

// CheckMany validates a batch as CreateMany would and creates nothing: an import's preview.
// It answers nil when CreateMany would accept the batch as it is now.
func (s *Service) CheckMany(ctx context.Context, sc scope.Scope, in []NewOrgAt) error {
	_, err := s.checkMany(ctx, sc, in)
	return err
}

// checkMany normalises and validates every row of a batch; it returns the existing parents by code.
func (s *Service) checkMany(ctx context.Context, sc scope.Scope, in []NewOrgAt) (map[string]*Org, error) {
	v := &errs.ValidationError{}
	rowOf := make(map[string]int, len(in)) // code → first row that defines it
	parents := map[string]*Org{}           // existing parents by code
	for i := range in {
		r := &in[i]
		r.Code, r.Name, r.ParentCode = strings.TrimSpace(r.Code), strings.TrimSpace(r.Name), strings.TrimSpace(r.ParentCode)
		if r.Ownership == "" {
			r.Ownership = OwnershipPublic
		}
		row := &errs.ValidationError{}
		switch {
		case !codeRE.MatchString(r.Code):
			row.Add("code", "invalid_code", "code must be lowercase letters, digits and hyphens")
		default:
			if _, dup := rowOf[r.Code]; dup {
				row.Add("code", "duplicate", "this code appears on an earlier row")
				break
			}
			rowOf[r.Code] = i
			if _, err := s.store.ByCode(ctx, r.Code); err == nil {
				row.Add("code", "duplicate", "an org with this code exists")
			} else if !errors.Is(err, errs.ErrNotFound) {
				return nil, err
			}
		}
		validateName(row, r.Name)
		if !r.Type.Valid() || r.Type == TypeBureau {
			row.Add("type", "invalid_org_type", "unknown org type")
		}
		validateOwnership(row, r.Ownership)
		if err := s.checkParent(ctx, sc, r.ParentCode, i, rowOf, parents, row); err != nil {
			return nil, err
		}
		for _, f := range row.Fields {
			v.Add(fmt.Sprintf("rows[%d].%s", i, f.Field), f.Code, f.Message)
		}
	}
	return parents, v.OrNil()
}

// createMany creates a checked batch in one transaction.
func (s *Service) createMany(ctx context.Context, in []NewOrgAt, parents map[string]*Org, eff Effects) ([]Org, error) {
	out := make([]Org, 0, len(in))
	err := s.store.Tx(ctx, func(st *Store) error {
		out = out[:0]
		created := make(map[string]*Org, len(in))
		for i, r := range in {
			parent := created[r.ParentCode]
			if parent == nil {
				parent = parents[r.ParentCode]
			}
			o := Org{ParentID: &parent.ID, Code: r.Code, Name: r.Name, Type: r.Type, Ownership: r.Ownership}
			if err := st.Create(ctx, &o, parent); err != nil {
				if errors.Is(err, errs.ErrConflict) {
					return errs.Invalid(fmt.Sprintf("rows[%d].code", i), "duplicate", "an org with this code exists")
				}
				return err
			}
			if err := eff.record(ctx, st.db, "org.create", o, map[string]any{"code": o.Code, "name": o.Name, "type": o.Type,
				"parent_id": parent.ID, "via": "import"}); err != nil {
				return err
			}
			out = append(out, o)
			created[o.Code] = &o
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkParent checks that row i's parent is an org in sc or defined on an earlier row.
func (s *Service) checkParent(ctx context.Context, sc scope.Scope, code string, i int, rowOf map[string]int, parents map[string]*Org, row *errs.ValidationError) error {
	if code == "" {
		row.Add("parent_code", "required", "parent code is required")
		return nil
	}
	if j, ok := rowOf[code]; ok && j < i {
		return nil
	}
	if _, ok := parents[code]; ok {
		return nil
	}
	p, err := s.store.ByCode(ctx, code)
	switch {
	case errors.Is(err, errs.ErrNotFound) || (err == nil && !sc.Contains(p.Path)):
		row.Add("parent_code", "not_found", "parent must be an org you manage or appear on an earlier row")
		return nil
	case err != nil:
		return err
	}
	parents[code] = &p
	return nil
}
