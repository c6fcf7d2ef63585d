// Package org is the tenant tree: the bureau, departments, towns, schools and kindergartens.
// Each org carries a materialised path ("/1/7/42/") so a subtree is one indexed prefix query,
// and the id of its town so rollups can break down by town without walking the tree.
package org

import (
	"time"

	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Type is the kind of org unit; the words are vocab's.
type Type = vocab.OrgType

// Org types, as DESIGN.md names them.
const (
	TypeBureau              = vocab.OrgBureau
	TypeDepartment          = vocab.OrgDepartment
	TypeTown                = vocab.OrgTown
	TypeKindergarten        = vocab.OrgKindergarten
	TypePrimary             = vocab.OrgPrimary
	TypeJunior              = vocab.OrgJunior
	TypeSenior              = vocab.OrgSenior
	TypeCompleteMiddle      = vocab.OrgCompleteMiddle
	TypeNineYear            = vocab.OrgNineYear
	TypeSpecial             = vocab.OrgSpecial
	TypeVocationalSecondary = vocab.OrgVocationalSecondary
	TypeVocationalCollege   = vocab.OrgVocationalCollege
)

// Types lists every org type.
var Types = vocab.OrgTypes

// Ownership values.
const (
	OwnershipPublic  = "public"
	OwnershipPrivate = "private"
)

// Org is one tenant.
type Org struct {
	ID        int64
	ParentID  *int64
	Code      string
	Name      string
	Type      Type
	Ownership string
	TownID    *int64
	Path      string
	Depth     int
	Demo      bool
	Active    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Node is an org with its children, for tree responses.
type Node struct {
	Org
	Children []*Node
}

// Filter narrows a list of orgs.
type Filter struct {
	Type     Type
	Query    string // substring of name or code
	ParentID *int64
	TownID   *int64
	Page     int
	PageSize int
}

// NewOrg is the input to create an org.
type NewOrg struct {
	ParentID  int64
	Code      string
	Name      string
	Type      Type
	Ownership string
	Demo      bool
}

// Patch is a partial update; nil fields are left alone.
type Patch struct {
	Name      *string
	Type      *Type
	Ownership *string
	Active    *bool
	ParentID  *int64
}
