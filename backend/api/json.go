package api

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"
)

// jsonSerializer is echo's default without HTML escaping, so targets read ">=" rather than
// "\u003e=" and Chinese text stays as it is; the API serves JSON, never HTML.
type jsonSerializer struct{}

func (jsonSerializer) Serialize(c echo.Context, i any, indent string) error {
	enc := json.NewEncoder(c.Response())
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	return enc.Encode(i)
}

func (jsonSerializer) Deserialize(c echo.Context, i any) error {
	err := json.NewDecoder(c.Request().Body).Decode(i)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "invalid JSON").SetInternal(err)
	}
	return nil
}
