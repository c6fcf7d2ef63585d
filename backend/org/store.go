package org

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// Store is the only code that reads or writes the orgs table.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

type orgRow struct {
	ID        int64 `gorm:"primaryKey"`
	ParentID  *int64
	Code      string
	Name      string
	Type      string
	Ownership string
	TownID    *int64
	Path      string
	Depth     int
	Demo      bool
	Active    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (orgRow) TableName() string { return "orgs" }

func (r orgRow) toOrg() Org {
	return Org{ID: r.ID, ParentID: r.ParentID, Code: r.Code, Name: r.Name, Type: Type(r.Type),
		Ownership: r.Ownership, TownID: r.TownID, Path: r.Path, Depth: r.Depth, Demo: r.Demo,
		Active: r.Active, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return errs.ErrNotFound
	case database.IsUniqueViolation(err):
		return fmt.Errorf("org: %w", errs.ErrConflict)
	}
	return err
}

// Tx runs fn with a Store bound to one transaction.
func (s *Store) Tx(ctx context.Context, fn func(*Store) error) error {
	return database.Tx(ctx, s.db, func(tx *gorm.DB) error { return fn(&Store{db: tx}) })
}

// Get returns the org with id if it lies in sc.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Org, error) {
	var r orgRow
	q := database.InScope(s.db.WithContext(ctx), "path", sc)
	if err := q.Where("id = ?", id).Take(&r).Error; err != nil {
		return Org{}, mapErr(err)
	}
	return r.toOrg(), nil
}

// ByID returns an org without scope; for trusted internal callers (authentication, seeding).
func (s *Store) ByID(ctx context.Context, id int64) (Org, error) {
	var r orgRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return Org{}, mapErr(err)
	}
	return r.toOrg(), nil
}

// ByCode returns an org by its stable code, without scope; for seeding and imports.
func (s *Store) ByCode(ctx context.Context, code string) (Org, error) {
	var r orgRow
	if err := s.db.WithContext(ctx).Where("code = ?", code).Take(&r).Error; err != nil {
		return Org{}, mapErr(err)
	}
	return r.toOrg(), nil
}

// List returns one page of orgs in sc matching f, ordered by path, and the total count.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Org, int64, error) {
	q := database.InScope(s.db.WithContext(ctx).Model(&orgRow{}), "path", sc)
	if f.Type != "" {
		q = q.Where("type = ?", string(f.Type))
	}
	if f.ParentID != nil {
		q = q.Where("parent_id = ?", *f.ParentID)
	}
	if f.TownID != nil {
		q = q.Where("town_id = ?", *f.TownID)
	}
	if f.Query != "" {
		like := "%" + database.EscapeLike(f.Query) + "%"
		q = q.Where("(name LIKE ? ESCAPE '!' OR code LIKE ? ESCAPE '!')", like, like)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var rows []orgRow
	if err := q.Order("path").Offset((f.Page - 1) * f.PageSize).Limit(f.PageSize).Find(&rows).Error; err != nil {
		return nil, 0, err
	}
	return toOrgs(rows), total, nil
}

// Subtree returns every org in sc, ordered by path (parents before children).
func (s *Store) Subtree(ctx context.Context, sc scope.Scope) ([]Org, error) {
	var rows []orgRow
	if err := database.InScope(s.db.WithContext(ctx), "path", sc).Order("depth, path").Find(&rows).Error; err != nil {
		return nil, err
	}
	return toOrgs(rows), nil
}

func toOrgs(rows []orgRow) []Org {
	out := make([]Org, len(rows))
	for i, r := range rows {
		out[i] = r.toOrg()
	}
	return out
}

// Create inserts o under parent (nil for a root) and fills its ID, path, depth and town.
func (s *Store) Create(ctx context.Context, o *Org, parent *Org) error {
	return mapErr(database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		r := orgRow{ParentID: o.ParentID, Code: o.Code, Name: o.Name, Type: string(o.Type), Ownership: o.Ownership,
			Demo: o.Demo, Active: true, Path: "/pending/"}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		r.Path, r.Depth, r.TownID = placement(r.ID, Type(r.Type), parent)
		if err := tx.Model(&orgRow{}).Where("id = ?", r.ID).
			Updates(map[string]any{"path": r.Path, "depth": r.Depth, "town_id": r.TownID}).Error; err != nil {
			return err
		}
		*o = r.toOrg()
		return nil
	}))
}

// placement computes an org's path, depth and town from its parent.
func placement(id int64, t Type, parent *Org) (path string, depth int, town *int64) {
	path, depth = fmt.Sprintf("/%d/", id), 0
	if parent != nil {
		path, depth, town = fmt.Sprintf("%s%d/", parent.Path, id), parent.Depth+1, parent.TownID
	}
	if t == TypeTown {
		town = &id
	}
	return path, depth, town
}

// Update applies p to the org with id. A move rewrites the paths and towns of the whole subtree
// in one transaction.
func (s *Store) Update(ctx context.Context, id int64, p Patch, newParent *Org) (Org, error) {
	var out Org
	err := database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		var r orgRow
		if err := tx.Where("id = ?", id).Take(&r).Error; err != nil {
			return err
		}
		set := map[string]any{"updated_at": time.Now().UTC()}
		if p.Name != nil {
			set["name"] = *p.Name
		}
		if p.Type != nil {
			set["type"] = string(*p.Type)
		}
		if p.Ownership != nil {
			set["ownership"] = *p.Ownership
		}
		if p.Active != nil {
			set["active"] = *p.Active
		}
		if err := tx.Model(&orgRow{}).Where("id = ?", id).Updates(set).Error; err != nil {
			return err
		}
		typeChanged := p.Type != nil && string(*p.Type) != r.Type
		if newParent != nil || typeChanged {
			if err := s.replace(tx, r, newParent); err != nil {
				return err
			}
		}
		if err := tx.Where("id = ?", id).Take(&r).Error; err != nil {
			return err
		}
		out = r.toOrg()
		return nil
	})
	return out, mapErr(err)
}

// replace recomputes path, depth and town for the org and its descendants after a move or a
// type change. Subtrees are small (hundreds of rows), so this walks them in path order.
func (s *Store) replace(tx *gorm.DB, root orgRow, newParent *Org) error {
	var rows []orgRow
	if err := tx.Where("path LIKE ?", root.Path+"%").Order("depth, path").Find(&rows).Error; err != nil {
		return err
	}
	placed := map[int64]*Org{}
	if newParent == nil && root.ParentID != nil {
		var pr orgRow
		if err := tx.Where("id = ?", *root.ParentID).Take(&pr).Error; err != nil {
			return err
		}
		o := pr.toOrg()
		newParent = &o
	}
	for _, r := range rows {
		parent := placed[derefOr(r.ParentID)]
		if r.ID == root.ID {
			parent = newParent
		}
		o := r.toOrg()
		if parent != nil {
			o.ParentID = &parent.ID
		}
		o.Path, o.Depth, o.TownID = placement(r.ID, o.Type, parent)
		if err := tx.Model(&orgRow{}).Where("id = ?", r.ID).Updates(map[string]any{
			"parent_id": o.ParentID, "path": o.Path, "depth": o.Depth, "town_id": o.TownID}).Error; err != nil {
			return err
		}
		placed[r.ID] = &o
	}
	return nil
}

func derefOr(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// IsAncestor reports whether the org at ancestorPath contains the org at path.
func IsAncestor(ancestorPath, path string) bool { return strings.HasPrefix(path, ancestorPath) }
