package org

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// Service holds the org tree's rules. Every method takes the caller's scope for the
// permission the route declared; nothing outside it is visible.
type Service struct{ store *Store }

// NewService returns a Service over store.
func NewService(store *Store) *Service { return &Service{store: store} }

var codeRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// MaxPageSize caps list pages.
const MaxPageSize = 200

// Get returns one org in sc.
func (s *Service) Get(ctx context.Context, sc scope.Scope, id int64) (Org, error) {
	return s.store.Get(ctx, sc, id)
}

// ByID returns an org without a scope check, for trusted internal callers.
func (s *Service) ByID(ctx context.Context, id int64) (Org, error) { return s.store.ByID(ctx, id) }

// ByCode returns an org by code without a scope check, for trusted internal callers.
func (s *Service) ByCode(ctx context.Context, code string) (Org, error) {
	return s.store.ByCode(ctx, code)
}

// List returns a filtered page of the orgs in sc.
func (s *Service) List(ctx context.Context, sc scope.Scope, f Filter) ([]Org, int64, error) {
	if f.Type != "" && !f.Type.Valid() {
		return nil, 0, errs.Invalid("type", "invalid_org_type", "unknown org type")
	}
	f.Page, f.PageSize = NormalizePage(f.Page, f.PageSize)
	return s.store.List(ctx, sc, f)
}

// NormalizePage applies defaults and the cap to page parameters.
func NormalizePage(page, size int) (int, int) {
	if page < 1 {
		page = 1
	}
	if size < 1 {
		size = 50
	}
	if size > MaxPageSize {
		size = MaxPageSize
	}
	return page, size
}

// Tree returns the orgs in sc as nested nodes; the roots are the scope's subtree roots.
func (s *Service) Tree(ctx context.Context, sc scope.Scope) ([]*Node, error) {
	orgs, err := s.store.Subtree(ctx, sc)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Node, len(orgs))
	var roots []*Node
	for _, o := range orgs {
		n := &Node{Org: o}
		byID[o.ID] = n
		if o.ParentID != nil {
			if p, ok := byID[*o.ParentID]; ok {
				p.Children = append(p.Children, n)
				continue
			}
		}
		roots = append(roots, n)
	}
	return roots, nil
}

// Create adds an org under a parent in sc, with its audit row in the same transaction.
func (s *Service) Create(ctx context.Context, sc scope.Scope, in NewOrg, eff Effects) (Org, error) {
	v := &errs.ValidationError{}
	in.Code = strings.TrimSpace(in.Code)
	in.Name = strings.TrimSpace(in.Name)
	if !codeRE.MatchString(in.Code) {
		v.Add("code", "invalid_code", "code must be lowercase letters, digits and hyphens")
	}
	validateName(v, in.Name)
	if !in.Type.Valid() || in.Type == TypeBureau {
		v.Add("type", "invalid_org_type", "unknown org type")
	}
	if in.Ownership == "" {
		in.Ownership = OwnershipPublic
	}
	validateOwnership(v, in.Ownership)
	if in.ParentID == 0 {
		v.Add("parent_id", "required", "parent is required")
	}
	if err := v.OrNil(); err != nil {
		return Org{}, err
	}
	parent, err := s.store.Get(ctx, sc, in.ParentID)
	if errors.Is(err, errs.ErrNotFound) {
		return Org{}, errs.Invalid("parent_id", "not_found", "parent org not found")
	}
	if err != nil {
		return Org{}, err
	}
	o := Org{ParentID: &parent.ID, Code: in.Code, Name: in.Name, Type: in.Type, Ownership: in.Ownership, Demo: in.Demo}
	err = s.store.Tx(ctx, func(st *Store) error {
		if err := st.Create(ctx, &o, &parent); err != nil {
			return err
		}
		return eff.record(ctx, st.db, "org.create", o, map[string]any{"code": o.Code, "name": o.Name, "type": o.Type, "parent_id": parent.ID})
	})
	if err != nil {
		if errors.Is(err, errs.ErrConflict) {
			return Org{}, errs.Invalid("code", "duplicate", "an org with this code exists")
		}
		return Org{}, err
	}
	return o, nil
}

func validateName(v *errs.ValidationError, name string) {
	if name == "" || len([]rune(name)) > 100 {
		v.Add("name", "invalid_name", "name is required and at most 100 characters")
	}
}

func validateOwnership(v *errs.ValidationError, o string) {
	if o != OwnershipPublic && o != OwnershipPrivate {
		v.Add("ownership", "invalid_ownership", "ownership must be public or private")
	}
}

// Update changes an org in sc. A move must stay inside sc and may not go under its own subtree.
// The change, its audit row and, after a move or a type change, eff's recounts are one
// transaction: a failed recount leaves the org as it was.
func (s *Service) Update(ctx context.Context, sc scope.Scope, id int64, p Patch, eff Effects) (Org, error) {
	cur, err := s.store.Get(ctx, sc, id)
	if err != nil {
		return Org{}, err
	}
	v := &errs.ValidationError{}
	if p.Name != nil {
		n := strings.TrimSpace(*p.Name)
		p.Name = &n
		validateName(v, n)
	}
	if p.Type != nil && (!p.Type.Valid() || (*p.Type == TypeBureau) != (cur.Type == TypeBureau)) {
		v.Add("type", "invalid_org_type", "unknown org type")
	}
	if p.Ownership != nil {
		validateOwnership(v, *p.Ownership)
	}
	var newParent *Org
	if p.ParentID != nil && (cur.ParentID == nil || *p.ParentID != *cur.ParentID) {
		np, err := s.store.Get(ctx, sc, *p.ParentID)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			v.Add("parent_id", "not_found", "parent org not found")
		case err != nil:
			return Org{}, err
		case IsAncestor(cur.Path, np.Path):
			v.Add("parent_id", "cycle", "an org cannot move under itself")
		default:
			newParent = &np
		}
	}
	if err := v.OrNil(); err != nil {
		return Org{}, err
	}
	action := "org.update"
	if newParent != nil {
		action = "org.move"
	}
	var out Org
	err = s.store.Tx(ctx, func(st *Store) error {
		var err error
		if out, err = st.Update(ctx, id, p, newParent); err != nil {
			return err
		}
		if err := eff.record(ctx, st.db, action, out, orgChange(cur, out)); err != nil {
			return err
		}
		if newParent != nil || out.Type != cur.Type {
			return run(ctx, st.db, eff.PlaceChanged)
		}
		return nil
	})
	if err != nil {
		return Org{}, err
	}
	return out, nil
}

// orgChange is an audit detail: each changed attribute as [before, after].
func orgChange(before, after Org) map[string]any {
	d := map[string]any{}
	if before.Name != after.Name {
		d["name"] = []string{before.Name, after.Name}
	}
	if before.Type != after.Type {
		d["type"] = []Type{before.Type, after.Type}
	}
	if before.Ownership != after.Ownership {
		d["ownership"] = []string{before.Ownership, after.Ownership}
	}
	if before.Active != after.Active {
		d["active"] = []bool{before.Active, after.Active}
	}
	if before.Path != after.Path {
		d["path"] = []string{before.Path, after.Path}
	}
	return d
}

// SeedNode is one node of seeds/orgs.yaml.
type SeedNode struct {
	Code      string      `yaml:"code"`
	Name      string      `yaml:"name"`
	Type      Type        `yaml:"type"`
	Ownership string      `yaml:"ownership"`
	Demo      bool        `yaml:"demo"`
	Children  []*SeedNode `yaml:"children"`
}

// ParseSeed reads an org tree in the seeds/orgs.yaml format, rejecting unknown keys.
func ParseSeed(data []byte) ([]*SeedNode, error) {
	var nodes []*SeedNode
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&nodes); err != nil {
		return nil, fmt.Errorf("orgs seed: %w", err)
	}
	return nodes, nil
}

// Seed inserts every node not yet present (matched by code), keeping existing orgs as they
// are, so running it twice changes nothing. It returns the number of orgs created.
func (s *Service) Seed(ctx context.Context, nodes []*SeedNode) (int, error) {
	created := 0
	err := s.store.Tx(ctx, func(st *Store) error {
		created = 0
		return seedTree(ctx, st, nodes, &created)
	})
	return created, err
}

// seedTree inserts the missing nodes of a seed tree through st.
func seedTree(ctx context.Context, st *Store, nodes []*SeedNode, created *int) error {
	var walk func(parent *Org, ns []*SeedNode) error
	walk = func(parent *Org, ns []*SeedNode) error {
		for _, n := range ns {
			o, err := st.ByCode(ctx, n.Code)
			if errors.Is(err, errs.ErrNotFound) {
				if !n.Type.Valid() {
					return fmt.Errorf("org %s: unknown type %q", n.Code, n.Type)
				}
				o = Org{Code: n.Code, Name: n.Name, Type: n.Type, Ownership: n.Ownership, Demo: n.Demo}
				if o.Ownership == "" {
					o.Ownership = OwnershipPublic
				}
				if parent != nil {
					o.ParentID = &parent.ID
				}
				if err := st.Create(ctx, &o, parent); err != nil {
					return fmt.Errorf("org %s: %w", n.Code, err)
				}
				*created++
			} else if err != nil {
				return err
			}
			if err := walk(&o, n.Children); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(nil, nodes)
}
