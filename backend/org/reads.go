package org

import (
	"context"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// The reads other domains make of the org tree. Only this package names the orgs table: the
// rollup files each contribution under its org's place and names towns and schools through these,
// and joins an org to its own rows with JoinOrg. Each method runs on the Store's handle, so a Store
// bound WithTx reads what the caller's transaction sees (the rollup writer runs inside the
// submission's).

// WithTx returns a Store bound to a caller's transaction.
func (s *Store) WithTx(tx *gorm.DB) *Store { return &Store{db: tx} }

// Place is where an org sits in the tree: its type, its town (nil for none) and its path.
type Place struct {
	Type   Type
	TownID *int64
	Path   string
}

// PlaceOf returns the place of the org with id.
func (s *Store) PlaceOf(id int64) (Place, error) {
	var p Place
	err := s.db.Table("orgs").Select("type, town_id, path").Where("id = ?", id).Take(&p).Error
	return p, err
}

// PlacesOf returns the places of the orgs with ids, in one query per 500 ids (bulk seeding).
func (s *Store) PlacesOf(ids []int64) (map[int64]Place, error) {
	out := make(map[int64]Place, len(ids))
	for start := 0; start < len(ids); start += 500 {
		var rows []struct {
			ID     int64
			Type   Type
			TownID *int64
			Path   string
		}
		part := ids[start:min(start+500, len(ids))]
		if err := s.db.Table("orgs").Select("id, type, town_id, path").Where("id IN ?", part).Scan(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.ID] = Place{Type: r.Type, TownID: r.TownID, Path: r.Path}
		}
	}
	return out, nil
}

// Places returns every org's place by id, for a rebuild over the whole tree.
func (s *Store) Places() (map[int64]Place, error) {
	var rows []struct {
		ID     int64
		Type   Type
		TownID *int64
		Path   string
	}
	if err := s.db.Table("orgs").Select("id, type, town_id, path").Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]Place, len(rows))
	for _, r := range rows {
		out[r.ID] = Place{Type: r.Type, TownID: r.TownID, Path: r.Path}
	}
	return out, nil
}

// TypeOf returns the type of the org with id; ok is false when there is no such org.
func (s *Store) TypeOf(ctx context.Context, id int64) (t Type, ok bool, err error) {
	var ts []string
	if err := s.db.WithContext(ctx).Table("orgs").Where("id = ?", id).Pluck("type", &ts).Error; err != nil {
		return "", false, err
	}
	if len(ts) == 0 {
		return "", false, nil
	}
	return Type(ts[0]), true, nil
}

// TypesIn lists the distinct types of the orgs in sc, sorted.
func (s *Store) TypesIn(ctx context.Context, sc scope.Scope) ([]string, error) {
	var ts []string
	q := s.db.WithContext(ctx).Table("orgs")
	err := database.InScope(q, "path", sc).Distinct("type").Order("type").Pluck("type", &ts).Error
	return ts, err
}

// Names returns the names of orgs (towns or schools) by id.
func (s *Store) Names(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID   int64
		Name string
	}
	if err := s.db.WithContext(ctx).Table("orgs").Select("id, name").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, nil
}

// PlaceSQL returns SQL expressions, correlated on idColumn (another table's org id column), that
// read the org's current type, town (0 for none) and path: for an UPDATE that realigns another
// domain's copies of an org's place after orgs moved or changed type.
func PlaceSQL(idColumn string) (typ, town, path string) {
	where := " FROM orgs WHERE orgs.id = " + idColumn + ")"
	return "(SELECT orgs.type" + where, "(SELECT COALESCE(orgs.town_id, 0)" + where, "(SELECT orgs.path" + where
}

// Columns of an org joined by JoinOrg: RefColumns selects what Ref holds besides the id (as
// org_code, org_name, org_type, town_id), and CodeColumn orders by the org's code.
const (
	RefColumns = "orgs.code AS org_code, orgs.name AS org_name, orgs.type AS org_type, orgs.town_id"
	CodeColumn = "orgs.code"
)

// JoinOrg joins to q, a query over another domain's rows, the org whose id is in idColumn, so
// the rows can be listed with RefColumns and ordered by CodeColumn in the same query.
func JoinOrg(q *gorm.DB, idColumn string) *gorm.DB {
	return q.Joins("JOIN orgs ON orgs.id = " + idColumn)
}

// Ref is what another domain's list shows of an org: selected as org_id and RefColumns.
type Ref struct {
	OrgID   int64
	OrgCode string
	OrgName string
	OrgType string
	TownID  *int64
}
