package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// TestReadGate: while the gate's one slot is taken by a read, a write and a download still pass,
// and another read waits — one whose client has gone gives up with ErrUnavailable (503) without
// running; after the first read is done the next one runs.
func TestReadGate(t *testing.T) {
	e := echo.New()
	gate := readGate(1, 1)
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

// While a write is in flight the gate narrows to rush reads at once; with none, n read at once.
func TestReadGateNarrowsUnderWrites(t *testing.T) {
	e := echo.New()
	gate := readGate(2, 1)
	release := make(chan struct{})
	entered := make(chan string, 4)
	h := gate(func(c echo.Context) error {
		entered <- c.Request().Method + " " + c.QueryParam("n")
		<-release
		return c.NoContent(http.StatusNoContent)
	})
	serve := func(ctx context.Context, method, target string) error {
		r := httptest.NewRequest(method, target, nil).WithContext(ctx)
		c := e.NewContext(r, httptest.NewRecorder())
		c.SetPath("/api/v1/x")
		return h(c)
	}
	bg := context.Background()
	done := make(chan error, 4)
	// No write: two reads run at once.
	go func() { done <- serve(bg, http.MethodGet, "/api/v1/x?n=1") }()
	go func() { done <- serve(bg, http.MethodGet, "/api/v1/x?n=2") }()
	for range 2 {
		select {
		case <-entered:
		case <-time.After(5 * time.Second):
			t.Fatal("gate-no-writes: two reads did not run at once")
		}
	}
	release <- struct{}{}
	release <- struct{}{}
	<-done
	<-done
	// A write in flight: one read enters, the second waits until it is cancelled.
	go func() { done <- serve(bg, http.MethodPut, "/api/v1/x?n=w") }()
	if got := <-entered; got != "PUT w" {
		t.Fatalf("want the write inside, got %q", got)
	}
	go func() { done <- serve(bg, http.MethodGet, "/api/v1/x?n=3") }()
	if got := <-entered; got != "GET 3" {
		t.Fatalf("want one read inside, got %q", got)
	}
	gone, cancel := context.WithTimeout(bg, 100*time.Millisecond)
	defer cancel()
	if err := serve(gone, http.MethodGet, "/api/v1/x?n=4"); !errors.Is(err, errs.ErrUnavailable) {
		t.Fatalf("gate-narrow-under-writes: a second read while a write runs: %v, want it held back", err)
	}
	close(release)
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// A request its client abandoned is not an internal error: 499, logged as information.
func TestClientClosedIsNotInternal(t *testing.T) {
	var logged bytes.Buffer
	h := errorHandler(slog.New(slog.NewTextHandler(&logged, nil)))
	e := echo.New()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest(http.MethodGet, "/api/v1/users", nil).WithContext(ctx), rec)
	h(fmt.Errorf("list users: %w", context.Canceled), c)
	if rec.Code != statusClientClosed || strings.Contains(logged.String(), "level=ERROR") || !strings.Contains(logged.String(), "client closed request") {
		t.Fatalf("status %d, log %q", rec.Code, logged.String())
	}
	// The same error while the client still waits is a server failure.
	logged.Reset()
	rec = httptest.NewRecorder()
	c = e.NewContext(httptest.NewRequest(http.MethodGet, "/api/v1/users", nil), rec)
	h(fmt.Errorf("list users: %w", context.Canceled), c)
	if rec.Code != http.StatusInternalServerError || !strings.Contains(logged.String(), "level=ERROR") {
		t.Fatalf("status %d, log %q", rec.Code, logged.String())
	}
}
