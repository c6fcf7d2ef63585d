package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// registerThumbnailRoutes adds the attachment thumbnails: read like the attachment itself, within
// the caller's scope.
func (s *server) registerThumbnailRoutes(g *echo.Group, authn echo.MiddlewareFunc, need func(obj, act string) echo.MiddlewareFunc) {
	g.GET("/submissions/:id/attachments/:aid/thumbnail", s.attachmentThumbnail, authn, need("submission", "read"))
}

// attachmentThumbnail answers a JPEG of at most 256 pixels on its long side of an image attached to
// the submission; a PDF, another submission's file or one outside the caller's orgs is 404.
func (s *server) attachmentThumbnail(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	b, err := s.Submissions.Thumbnail(c.Request().Context(), scopeOf(c), id, c.Param("aid"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, "image/jpeg", b)
}
