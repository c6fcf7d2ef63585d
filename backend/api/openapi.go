package api

import (
	_ "embed"
	"net/http"

	"github.com/labstack/echo/v4"
)

// OpenAPI is the API's contract, served at /api/v1/openapi.yaml and checked by the tests.
//
//go:embed openapi.yaml
var OpenAPI []byte

// openapi answers GET /api/v1/openapi.yaml with the embedded document; it needs no token.
func (s *server) openapi(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/yaml", OpenAPI)
}
