package api

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/importer"
)

// ImportResponse is what a successful import created.
type ImportResponse struct {
	Created int         `json:"created"`
	Items   []ImportRef `json:"items"`
}

// ImportRef names one created org or user.
type ImportRef struct {
	ID       int64  `json:"id"`
	Code     string `json:"code,omitempty"`
	Name     string `json:"name,omitempty"`
	Path     string `json:"path,omitempty"`
	Username string `json:"username,omitempty"`
}

// maxImportRequest bounds an import request: the file's limit plus the multipart framing.
const maxImportRequest = importer.MaxFileBytes + 64<<10

// importFile reads the multipart field "file" within the import size limit.
func importFile(c echo.Context) ([]byte, error) {
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, maxImportRequest)
	fh, err := c.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errs.Invalid("file", "too_large", "the file is larger than 5 MB")
		}
		return nil, errs.Invalid("file", "required", "send the file as multipart field \"file\"")
	}
	if fh.Size > importer.MaxFileBytes {
		return nil, errs.Invalid("file", "too_large", "the file is larger than 5 MB")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, importer.MaxFileBytes+1))
}

// importOrgs answers POST /imports/orgs: orgs from an XLSX or CSV file, all or nothing.
func (s *server) importOrgs(c echo.Context) error {
	data, err := importFile(c)
	if err != nil {
		return err
	}
	res, err := s.Importer.Orgs(c.Request().Context(), principal(c), scopeOf(c), data)
	if err != nil {
		return err
	}
	out := ImportResponse{Created: res.Created, Items: make([]ImportRef, len(res.Orgs))}
	for i, o := range res.Orgs {
		out.Items[i] = ImportRef{ID: o.ID, Code: o.Code, Name: o.Name, Path: o.Path}
	}
	return c.JSON(http.StatusCreated, out)
}

// importUsers answers POST /imports/users: accounts from an XLSX or CSV file, all or nothing.
func (s *server) importUsers(c echo.Context) error {
	data, err := importFile(c)
	if err != nil {
		return err
	}
	res, err := s.Importer.Users(c.Request().Context(), principal(c), scopeOf(c), data)
	if err != nil {
		return err
	}
	out := ImportResponse{Created: res.Created, Items: make([]ImportRef, len(res.UserIDs))}
	for i, id := range res.UserIDs {
		out.Items[i] = ImportRef{ID: id, Username: res.Usernames[i]}
	}
	return c.JSON(http.StatusCreated, out)
}

// ImportPreviewResponse is a file read and checked but not imported (POST /imports/{kind}/preview).
type ImportPreviewResponse struct {
	Kind    string             `json:"kind"`
	Valid   bool               `json:"valid"`
	Total   int                `json:"total"`
	Columns []string           `json:"columns"`
	Rows    []ImportPreviewRow `json:"rows"`
	Errors  []ImportRowError   `json:"errors"`
}

// ImportPreviewRow is one data row of a previewed file.
type ImportPreviewRow struct {
	Row    int               `json:"row"`
	Line   int               `json:"line"`
	Values map[string]string `json:"values"`
}

// ImportRowError is one problem of a previewed file: row -1 is the file as a whole.
type ImportRowError struct {
	Row     int    `json:"row"`
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// previewImport answers POST /imports/orgs/preview and /imports/users/preview: what the import
// of the same file would create or refuse, row by row, without changing anything.
func (s *server) previewImport(kind importer.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		data, err := importFile(c)
		if err != nil {
			return err
		}
		p, err := s.Importer.Preview(c.Request().Context(), kind, principal(c), scopeOf(c), data)
		if err != nil {
			return err
		}
		out := ImportPreviewResponse{Kind: string(kind), Valid: len(p.Errors) == 0, Total: len(p.Rows), Columns: p.Columns,
			Rows: make([]ImportPreviewRow, len(p.Rows)), Errors: make([]ImportRowError, len(p.Errors))}
		for i, r := range p.Rows {
			out.Rows[i] = ImportPreviewRow{Row: r.Row, Line: r.Line, Values: r.Values}
		}
		for i, e := range p.Errors {
			out.Errors[i] = ImportRowError{Row: e.Row, Line: e.Line, Column: e.Column, Code: e.Code, Message: e.Message}
		}
		return c.JSON(http.StatusOK, out)
	}
}

// importTemplate answers GET /imports/templates/{name}: orgs.csv, orgs.xlsx, users.csv or
// users.xlsx, a header row and one example row. Templates hold no tenant data and need no login,
// so a plain link downloads them.
func (s *server) importTemplate(c echo.Context) error {
	name := c.Param("name")
	kind, format, ok := strings.Cut(name, ".")
	if !ok {
		return errs.ErrNotFound
	}
	data, err := importer.Template(importer.Kind(kind), format)
	if err != nil {
		return err
	}
	ct := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return c.Blob(http.StatusOK, ct, data)
}

// registerImportRoutes adds the import preview and template routes.
func (s *server) registerImportRoutes(g *echo.Group, authn echo.MiddlewareFunc, need func(obj, act string) echo.MiddlewareFunc) {
	g.POST("/imports/orgs/preview", s.previewImport(importer.KindOrgs), authn, need("org", "write"))
	g.POST("/imports/users/preview", s.previewImport(importer.KindUsers), authn, need("user", "write"))
	g.GET("/imports/templates/:name", s.importTemplate)
}
