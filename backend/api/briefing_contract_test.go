package api_test

import (
	"os/exec"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/config"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// withSoffice configures the PDF conversion when LibreOffice is installed (make test installs it), so
// the contract exercises the briefing PDF too; without it the PDF route can only answer its 404.
func withSoffice() (testenv.Option, bool) {
	p, err := exec.LookPath("soffice")
	if err != nil {
		return func(*config.Config) {}, false
	}
	return func(c *config.Config) { c.Soffice = p }, true
}

// briefingContract: the briefing as Word and as PDF, for the leader, refused to a school and for a bad
// period; the PDF without a converter is the 404 problem.
func briefingContract(t *testing.T, c *contract, pdf bool) {
	t.Helper()
	const v1 = "/api/v1"
	leader, xhzx := c.login(t, "leader"), c.login(t, "xhzx")
	c.get(t, leader, v1+"/reports/briefing.docx?period=2025", 200)
	c.get(t, xhzx, v1+"/reports/briefing.docx?period=2025", 403)
	c.bad(t, "GET", leader, v1+"/reports/briefing.docx?period=20x5", nil, "", 422)
	c.bad(t, "GET", "", v1+"/reports/briefing.docx?period=2025", nil, "", 401)
	if pdf {
		c.get(t, leader, v1+"/reports/briefing.pdf?period=2025", 200)
		c.get(t, xhzx, v1+"/reports/briefing.pdf?period=2025", 403)
		return
	}
	t.Log("soffice not installed: the briefing PDF is exercised only as its 404 (make test installs LibreOffice)")
	c.get(t, leader, v1+"/reports/briefing.pdf?period=2025", 404)
}
