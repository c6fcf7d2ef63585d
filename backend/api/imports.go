package api

import (
	"errors"
	"io"
	"net/http"

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
