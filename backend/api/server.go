// Package api is the HTTP transport: routes with their authentication and authorisation
// declared beside them, thin handlers that bind input, call a service and convert the result
// to an explicit response type, and the one error handler.
package api

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/audit"
	"github.com/tianbao-edu/tianbao/backend/auth"
	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/briefing"
	"github.com/tianbao-edu/tianbao/backend/campaign"
	"github.com/tianbao-edu/tianbao/backend/export"
	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/importer"
	"github.com/tianbao-edu/tianbao/backend/measure"
	"github.com/tianbao-edu/tianbao/backend/metrics"
	"github.com/tianbao-edu/tianbao/backend/notify"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/sso"
	"github.com/tianbao-edu/tianbao/backend/submission"
	"github.com/tianbao-edu/tianbao/backend/supervision"
	"github.com/tianbao-edu/tianbao/backend/user"
)

// Deps are the services the routes call.
type Deps struct {
	Log         *slog.Logger
	Orgs        *org.Service
	Users       *user.Service
	Auth        *auth.Service
	Forms       *form.Registry
	Campaigns   *campaign.Service
	Submissions *submission.Service
	Rollup      *rollup.Service
	Exports     *export.Service
	Importer    *importer.Service
	Enforcer    *authz.Enforcer
	Audit       *audit.Log
	Measures    *measure.Service                // nil: no measure or notice routes
	Supervision *supervision.Service            // nil: no measure or notice routes
	Ready       func(ctx context.Context) error // nil error when the database answers
	Metrics     *metrics.Metrics                // nil: no /metrics and no request metrics
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client; empty: the
	// peer address is the client.
	TrustedProxies []*net.IPNet
	BodyLimit      string
	Version        string
	Notify         *notify.Service   // nil: no notification routes
	Briefing       *briefing.Service // nil: no briefing route
	SSO            *sso.Service      // nil: only the (empty) provider list
	// OneWriter says the database takes one writer at a time (SQLite): API reads then narrow to
	// one at a time while writes run, so the writes get the CPU (readGate).
	OneWriter bool
}

type server struct{ Deps }

// readyTimeout bounds the /readyz database check, below a probe's usual timeout.
const readyTimeout = 2 * time.Second

// New builds the echo instance with every route.
func New(d Deps) *echo.Echo {
	s := &server{Deps: d}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.JSONSerializer = jsonSerializer{}
	e.HTTPErrorHandler = errorHandler(d.Log)
	// The peer address, not a client-supplied X-Forwarded-For, is what login throttling and the
	// logs see. A deployment behind a proxy sets trusted ranges (deploy/README.md).
	e.IPExtractor = echo.ExtractIPDirect()
	if len(d.TrustedProxies) > 0 {
		opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, n := range d.TrustedProxies {
			opts = append(opts, echo.TrustIPRange(n))
		}
		e.IPExtractor = echo.ExtractIPFromXFFHeader(opts...)
	}
	e.Use(requestID())
	if d.Metrics != nil {
		e.Use(s.observe())
	}
	e.Use(s.recoverer())
	e.Use(s.accessLog())
	e.Use(compress())
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: d.BodyLimit,
		// Uploads carry their own, larger limit in the handler.
		Skipper: func(c echo.Context) bool {
			return c.Path() == "/api/v1/submissions/:id/attachments" || c.Path() == "/api/v1/notices/:id/answer" ||
				strings.HasPrefix(c.Path(), "/api/v1/imports/")
		}}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection: "0", ContentTypeNosniff: "nosniff", XFrameOptions: "DENY",
		ReferrerPolicy: "strict-origin-when-cross-origin",
	}))
	e.Use(hsts(d.TrustedProxies))
	e.Use(apiReadGate(d.OneWriter)) // reads wait their turn so writers keep their CPU (middleware.go)

	e.GET("/healthz", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"status": "ok"}) })
	e.GET("/readyz", s.readyz)
	// /metrics is not an API route: the binary serves it on TIANBAO_METRICS_ADDR or, to bearers of
	// TIANBAO_METRICS_TOKEN, in front of this router (metrics.Gate). Here it is a 404, not the SPA.
	e.GET("/metrics", func(echo.Context) error { return echo.ErrNotFound })

	if d.Forms != nil && d.Audit != nil {
		// A form import writes its audit row in the transaction that stores the version.
		d.Forms.OnImport(func(ctx context.Context, tx *gorm.DB, actorID *int64, f *form.Form) error {
			return d.Audit.Record(ctx, tx, audit.Entry{ActorID: actorID, Action: "form.import", ObjectType: "form",
				ObjectID: f.Code, Detail: map[string]any{"version": f.Version, "title": f.Title}})
		})
	}

	g := e.Group("/api/v1")
	authn := s.authn(false)
	pending := s.authn(true) // routes a user with a pending password change may still use
	need := s.need

	g.GET("/openapi.yaml", s.openapi)
	g.POST("/auth/login", s.login)
	g.POST("/auth/refresh", s.refresh)
	g.POST("/auth/logout", s.logout)
	g.GET("/me", s.me, pending)
	g.POST("/me/password", s.changePassword, pending)

	g.GET("/orgs", s.listOrgs, authn, need("org", "read"))
	g.GET("/orgs/:id", s.getOrg, authn, need("org", "read"))
	g.POST("/orgs", s.createOrg, authn, need("org", "write"))
	g.PATCH("/orgs/:id", s.updateOrg, authn, need("org", "write"))

	g.GET("/users", s.listUsers, authn, need("user", "read"))
	g.GET("/users/:id", s.getUser, authn, need("user", "read"))
	g.POST("/users", s.createUser, authn, need("user", "write"))
	g.PATCH("/users/:id", s.updateUser, authn, need("user", "write"))
	g.POST("/users/:id/reset-password", s.resetPassword, authn, need("user", "write"))

	g.GET("/forms", s.listForms, authn, need("form", "read"))
	g.GET("/forms/:code", s.getForm, authn, need("form", "read"))
	g.POST("/forms", s.importForm, authn, need("form", "write"))
	s.registerBuilder(g, authn, need)

	g.GET("/campaigns", s.listCampaigns, authn, need("campaign", "read"))
	g.POST("/campaigns", s.createCampaign, authn, need("campaign", "write"))
	g.GET("/campaigns/:id", s.getCampaign, authn, need("campaign", "read"))
	g.POST("/campaigns/:id/extend", s.extendTask, authn, need("campaign", "write"))
	g.PUT("/campaigns/:id/review-levels", s.setReviewLevels, authn, need("campaign", "write"))
	g.GET("/campaigns/:id/completeness", s.completeness, authn, need("campaign", "read"))
	g.GET("/indicators", s.indicatorSummary, authn, s.needRollup())
	g.GET("/indicators/:code", s.indicatorDetail, authn, s.needRollup())
	g.GET("/indicators/:code/trend", s.indicatorTrend, authn, s.needRollup())
	g.GET("/tasks", s.listTasks, authn, need("task", "read"))

	g.GET("/submissions", s.queue, authn, need("submission", "read"))
	g.POST("/submissions", s.openSubmission, authn, need("submission", "write"))
	g.POST("/submissions/bulk-approve", s.bulkApprove, authn, need("submission", "review"))
	g.GET("/submissions/:id", s.getSubmission, authn, need("submission", "read"))
	g.PUT("/submissions/:id", s.saveSubmission, authn, need("submission", "write"))
	g.POST("/submissions/:id/upgrade", s.upgradeSubmission, authn, need("submission", "write"))
	g.POST("/submissions/:id/submit", s.transition, authn, need("submission", "write"), action("submit"))
	g.POST("/submissions/:id/approve", s.transition, authn, need("submission", "review"), action("approve"))
	g.POST("/submissions/:id/return", s.transition, authn, need("submission", "review"), action("return"))
	g.POST("/submissions/:id/reopen", s.transition, authn, need("submission", "review"), action("reopen"))
	g.GET("/submissions/:id/history", s.history, authn, need("submission", "read"))
	g.POST("/submissions/:id/attachments", s.uploadAttachment, authn, need("submission", "write"))
	g.GET("/attachments/:id", s.downloadAttachment, authn, need("submission", "read"))
	s.registerThumbnailRoutes(g, authn, need)
	s.registerCarry(g, authn, need)
	g.GET("/exports/submissions.xlsx", s.exportSubmissions("xlsx"), authn, need("submission", "read"))
	g.GET("/exports/submissions.csv", s.exportSubmissions("csv"), authn, need("submission", "read"))
	g.GET("/exports/indicators.xlsx", s.exportIndicators("xlsx"), authn, need("rollup", "read"))
	g.GET("/exports/indicators.csv", s.exportIndicators("csv"), authn, need("rollup", "read"))

	g.POST("/imports/orgs", s.importOrgs, authn, need("org", "write"))
	g.POST("/imports/users", s.importUsers, authn, need("user", "write"))
	s.registerImportRoutes(g, authn, need)

	// The audit trail: sysadmins see it all, reviewers their subtree (the scope of their review right).
	g.GET("/audit", s.listAudit, authn, need("submission", "review"))

	s.notifyRoutes(g, authn)

	s.registerMeasures(g, authn)
	s.registerBriefing(g, authn, need)
	s.registerSSO(g, authn, need)

	g.Any("/*", func(echo.Context) error { return echo.ErrNotFound })
	return e
}

func (s *server) readyz(c echo.Context) error {
	// A database that does not answer within the budget is as unready as one that refuses.
	ctx, cancel := context.WithTimeout(c.Request().Context(), readyTimeout)
	defer cancel()
	if err := s.Ready(ctx); err != nil {
		s.Log.WarnContext(c.Request().Context(), "not ready", "err", err.Error())
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}
