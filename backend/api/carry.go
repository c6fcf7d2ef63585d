package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/submission"
)

// CarriedSectionResponse is one section of a draft prefilled from the org's last approved
// submission of the form ("上期数据，请确认"): pending until confirmed or changed.
type CarriedSectionResponse struct {
	Key        string   `json:"key"`
	Title      string   `json:"title"`
	TitleEn    string   `json:"title_en"`
	Fields     []string `json:"fields"`
	FromPeriod string   `json:"from_period"`
	Confirmed  bool     `json:"confirmed"`
	Changed    bool     `json:"changed"`
	Pending    bool     `json:"pending"`
}

// registerCarry adds the carry-forward routes: confirming one carried section of a draft.
func (s *server) registerCarry(g *echo.Group, authn echo.MiddlewareFunc, need func(obj, act string) echo.MiddlewareFunc) {
	g.POST("/submissions/:id/carry/:section/confirm", s.confirmCarried, authn, need("submission", "write"))
}

// carryDocument adds to the document of a submission that is no longer editable the previous
// period's approved values its rules read (prev); nothing is pending in it any more.
func (s *server) carryDocument(c echo.Context, sub submission.Submission, d *SubmissionDocument) error {
	ctx := c.Request().Context()
	f, err := s.Submissions.Form(ctx, sub)
	if err != nil {
		return err
	}
	prev, err := s.Submissions.Prev(ctx, sub, f)
	if err != nil {
		return err
	}
	setCarry(d, submission.CarryState{Prev: prev})
	return nil
}

// setCarry writes a CarryState into a document: prev ({} when none) and the carried sections.
func setCarry(d *SubmissionDocument, cs submission.CarryState) {
	d.Prev = cs.Prev
	if d.Prev == nil {
		d.Prev = map[string]any{}
	}
	d.Carry = make([]CarriedSectionResponse, len(cs.Sections))
	for i, sec := range cs.Sections {
		d.Carry[i] = CarriedSectionResponse{Key: sec.Key, Title: sec.Title, TitleEn: sec.TitleEn, Fields: sec.Fields,
			FromPeriod: sec.FromPeriod, Confirmed: sec.Confirmed, Changed: sec.Changed, Pending: sec.Pending()}
	}
}

// confirmCarried keeps a carried section as it is: one tap per section. Answers the submission.
func (s *server) confirmCarried(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	sub, err := s.Submissions.ConfirmCarried(c.Request().Context(), principal(c), scopeOf(c), id, c.Param("section"))
	return s.respond(c, http.StatusOK, sub, err)
}
