package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/org"
)

// OrgResponse is an org as the API shows it.
type OrgResponse struct {
	ID        int64     `json:"id"`
	ParentID  *int64    `json:"parent_id"`
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Type      string    `json:"type"`
	Ownership string    `json:"ownership"`
	TownID    *int64    `json:"town_id"`
	Path      string    `json:"path"`
	Depth     int       `json:"depth"`
	Demo      bool      `json:"demo"`
	Active    bool      `json:"active"`
	UpdatedAt time.Time `json:"updated_at"`
}

// OrgNodeResponse is an org with its children.
type OrgNodeResponse struct {
	OrgResponse
	Children []OrgNodeResponse `json:"children"`
}

func toOrgResponse(o org.Org) OrgResponse {
	return OrgResponse{ID: o.ID, ParentID: o.ParentID, Code: o.Code, Name: o.Name, Type: string(o.Type),
		Ownership: o.Ownership, TownID: o.TownID, Path: o.Path, Depth: o.Depth, Demo: o.Demo, Active: o.Active,
		UpdatedAt: o.UpdatedAt}
}

func toOrgNodes(ns []*org.Node) []OrgNodeResponse {
	out := make([]OrgNodeResponse, len(ns))
	for i, n := range ns {
		out[i] = OrgNodeResponse{OrgResponse: toOrgResponse(n.Org), Children: toOrgNodes(n.Children)}
	}
	return out
}

func (s *server) listOrgs(c echo.Context) error {
	ctx, sc := c.Request().Context(), scopeOf(c)
	if c.QueryParam("tree") == "1" || c.QueryParam("tree") == "true" {
		ns, err := s.Orgs.Tree(ctx, sc)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"items": toOrgNodes(ns)})
	}
	f := org.Filter{Type: org.Type(c.QueryParam("type")), Query: c.QueryParam("q")}
	var err error
	if f.Page, err = queryInt(c, "page"); err != nil {
		return err
	}
	if f.PageSize, err = queryInt(c, "page_size"); err != nil {
		return err
	}
	if f.ParentID, err = queryID(c, "parent_id"); err != nil {
		return err
	}
	if f.TownID, err = queryID(c, "town_id"); err != nil {
		return err
	}
	os, total, err := s.Orgs.List(ctx, sc, f)
	if err != nil {
		return err
	}
	page, size := org.NormalizePage(f.Page, f.PageSize)
	items := make([]OrgResponse, len(os))
	for i, o := range os {
		items[i] = toOrgResponse(o)
	}
	return c.JSON(http.StatusOK, Page[OrgResponse]{Items: items, Total: total, Page: page, PageSize: size})
}

func (s *server) getOrg(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	o, err := s.Orgs.Get(c.Request().Context(), scopeOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOrgResponse(o))
}

type createOrgRequest struct {
	ParentID  int64  `json:"parent_id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	Ownership string `json:"ownership"`
}

func (s *server) createOrg(c echo.Context) error {
	var in createOrgRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	o, err := s.Orgs.Create(c.Request().Context(), scopeOf(c), org.NewOrg{ParentID: in.ParentID, Code: in.Code,
		Name: in.Name, Type: org.Type(in.Type), Ownership: in.Ownership}, s.orgEffects(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toOrgResponse(o))
}

type patchOrgRequest struct {
	Name      *string `json:"name"`
	Type      *string `json:"type"`
	Ownership *string `json:"ownership"`
	Active    *bool   `json:"active"`
	ParentID  *int64  `json:"parent_id"`
}

func (s *server) updateOrg(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in patchOrgRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	p := org.Patch{Name: in.Name, Ownership: in.Ownership, Active: in.Active, ParentID: in.ParentID}
	if in.Type != nil {
		t := org.Type(*in.Type)
		p.Type = &t
	}
	ctx := c.Request().Context()
	o, err := s.Orgs.Update(ctx, scopeOf(c), id, p, s.orgEffects(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOrgResponse(o))
}

// orgEffects is what an org change does in its transaction besides the org rows: its audit row;
// after a move or a type change the recounts that place figures and expected orgs by town and
// type. The roles held in a moved subtree need nothing: grants are read with their org's path
// on every request.
func (s *server) orgEffects(c echo.Context) org.Effects {
	return org.Effects{ActorID: principal(c).UserID, Audit: s.Audit,
		PlaceChanged: []org.TxHook{s.Rollup.OrgsChangedTx, s.Campaigns.OrgsChangedTx}}
}
