package api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// TestReadGate: while the gate's one slot is taken by a read, a write and a download still pass,
// and another read waits — one whose client has gone gives up with ErrUnavailable (503) without
// running; after the first read is done the next one runs.
func TestReadGate(t *testing.T) {
	e := echo.New()
	gate := readGate(1)
	hold, inside := make(chan struct{}), make(chan struct{}, 1)
	ran := 0
	h := gate(func(c echo.Context) error {
		ran++
		if c.QueryParam("hold") != "" {
			inside <- struct{}{}
			<-hold
		}
		return c.NoContent(http.StatusNoContent)
	})
	serve := func(ctx context.Context, method, route, target string) error {
		r := httptest.NewRequest(method, target, nil).WithContext(ctx)
		c := e.NewContext(r, httptest.NewRecorder())
		c.SetPath(route)
		return h(c)
	}
	bg := context.Background()
	first := make(chan error, 1)
	go func() { first <- serve(bg, http.MethodGet, "/api/v1/indicators", "/api/v1/indicators?hold=1") }()
	<-inside // the first read holds the slot until hold is closed

	if err := serve(bg, http.MethodPut, "/api/v1/submissions/:id", "/api/v1/submissions/1"); err != nil || ran != 2 {
		t.Fatalf("gate-write-passes: %v, %d handlers ran", err, ran)
	}
	if err := serve(bg, http.MethodGet, "/api/v1/exports/indicators.xlsx", "/api/v1/exports/indicators.xlsx"); err != nil || ran != 3 {
		t.Fatalf("gate-download-passes: %v, %d handlers ran", err, ran)
	}
	gone, cancel := context.WithCancel(bg)
	cancel()
	if err := serve(gone, http.MethodGet, "/api/v1/tasks", "/api/v1/tasks"); !errors.Is(err, errs.ErrUnavailable) || ran != 3 {
		t.Fatalf("gate-read-waits: a read while the slot is taken: %v, %d handlers ran (want ErrUnavailable, 3)", err, ran)
	}
	close(hold)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := serve(bg, http.MethodGet, "/api/v1/tasks", "/api/v1/tasks"); err != nil || ran != 4 {
		t.Fatalf("gate-read-after-release: %v, %d handlers ran", err, ran)
	}
}
