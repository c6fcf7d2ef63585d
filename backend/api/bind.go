package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// bindJSON decodes the body strictly into dst: JSON only, no unknown fields, one value.
func bindJSON(c echo.Context, dst any) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType)
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		return err
	}
	// encoding/json matches keys case-insensitively and lets the last duplicate win, so
	// {"username":"a","Username":"b"} would bind "b". Keys are checked exactly first.
	if err := checkKeys(body, reflect.TypeOf(dst)); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) && ute.Field != "" {
			return errs.Invalid(ute.Field, "invalid_type", "expected "+ute.Type.String())
		}
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return errs.Invalid(strings.Trim(f, `"`), "unknown_field", "unknown field")
		}
		return &errs.ValidationError{Code: "invalid_json", Fields: []errs.FieldError{{Field: "", Code: "invalid_json", Message: "the request body is not valid JSON"}}}
	}
	if dec.More() {
		return &errs.ValidationError{Code: "invalid_json", Fields: []errs.FieldError{{Field: "", Code: "invalid_json", Message: "one JSON value expected"}}}
	}
	return nil
}

// pathID parses the :id path parameter; a malformed id is simply not found.
func pathID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.ErrNotFound
	}
	return id, nil
}

// queryInt parses an optional integer query parameter.
func queryInt(c echo.Context, name string) (int, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, errs.Invalid(name, "invalid_integer", name+" must be an integer")
	}
	return n, nil
}

// queryID parses an optional id query parameter.
func queryID(c echo.Context, name string) (*int64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return nil, errs.Invalid(name, "invalid_id", name+" must be a positive integer")
	}
	return &n, nil
}

// Page is a list response.
type Page[T any] struct {
	Items    []T   `json:"items"`
	Total    int64 `json:"total"`
	Page     int   `json:"page"`
	PageSize int   `json:"page_size"`
}

func errorsIsNotFound(err error) bool { return errors.Is(err, errs.ErrNotFound) }
