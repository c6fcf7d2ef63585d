package api_test

// The work briefing (GET /reports/briefing.docx): built through the real router from the demo
// district's figures, opened with a real reader (LibreOffice converts it to PDF, pdftotext reads
// it), its declared fonts and page read from the document XML, and held to the caller's scope.

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/briefing"
	"github.com/tianbao-edu/tianbao/backend/config"
	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// sofficePath is the LibreOffice binary the test converts with: TIANBAO_SOFFICE, else soffice on
// PATH. Absent, the test skips outside CI and fails in CI (make test installs it).
func sofficePath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TIANBAO_SOFFICE"); p != "" {
		return p
	}
	p, err := exec.LookPath("soffice")
	if err == nil {
		if _, err = exec.LookPath("pdftotext"); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("LibreOffice (soffice) and poppler-utils (pdftotext) are required in CI: apt-get install libreoffice-writer-nogui poppler-utils")
	}
	t.Skip("soffice or pdftotext not installed (apt-get install libreoffice-writer-nogui poppler-utils); make test installs them")
	return ""
}

// docxPart reads one part of a DOCX.
func docxPart(t *testing.T, doc []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			_ = rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("%s not in the document", name)
	return ""
}

var tagRE = regexp.MustCompile(`<[^>]+>`)

// squeeze drops all white space, so a name wrapped across lines of a table cell still matches.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

func TestBriefing(t *testing.T) {
	t.Parallel()
	soffice := sofficePath(t)
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		e := testenv.New(t, kind, func(c *config.Config) { c.Soffice = soffice })
		ctx := context.Background()
		admin, err := e.App.Users.ByUsername(ctx, "admin")
		if err != nil {
			t.Fatal(err)
		}
		root, err := e.App.Orgs.ByCode(ctx, "qjjw")
		if err != nil {
			t.Fatal(err)
		}
		r := &rlEnv{Env: e, p: &authz.Principal{UserID: admin.ID, Username: admin.Username, OrgID: root.ID, OrgPath: root.Path,
			Grants: []authz.Grant{{Role: authz.RoleSysadmin, OrgID: root.ID, OrgPath: root.Path}}},
			sc: scope.Of(root.Path), tokens: map[string]string{}, pw: map[string]string{}}
		if _, err := e.App.SeedDemoData(ctx); err != nil {
			t.Fatal(err)
		}
		r.grant(t, "cn-reviewer", "town-chengnan", "reviewer")
		const base = "/api/v1/reports/briefing.docx?period=2025"

		// Refusals first: each answers a problem and no document.
		for _, c := range []struct {
			name, user, path string
			status           int
			code             string
		}{
			{"briefing-401-anonymous", "", base, http.StatusUnauthorized, ""},
			{"briefing-403-school-filler", "xhzx", base, http.StatusForbidden, "forbidden"},
			{"briefing-403-school-admin", "wlzx", base, http.StatusForbidden, "forbidden"},
			{"briefing-422-no-period", "leader", "/api/v1/reports/briefing.docx", http.StatusUnprocessableEntity, ""},
			{"briefing-422-lang", "leader", base + "&lang=fr", http.StatusUnprocessableEntity, ""},
			{"briefing-422-format", "leader", base + "&format=odt", http.StatusUnprocessableEntity, ""},
			{"briefing-422-scope-outside", "cn-reviewer", base + "&scope=" + strconv.FormatInt(oid(t, e, "wlzx"), 10), http.StatusUnprocessableEntity, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				res := r.as(t, c.user, http.MethodGet, c.path, nil)
				wantStatus(t, res, c.status)
				if ct := res.Header.Get("Content-Type"); strings.Contains(ct, "wordprocessingml") {
					t.Fatalf("a refusal sent a document (%s)", ct)
				}
				if c.code != "" {
					briefingCode(t, res, c.code)
				}
			})
		}

		// The district's figures, as the dashboard reads them, to hold the document to.
		sum, err := e.App.Rollup.Summary(ctx, r.sc, "2025", rollup.BasisApproved)
		if err != nil {
			t.Fatal(err)
		}
		var failing []rollup.FailingOrg
		towns := map[string]bool{}
		for _, it := range sum.Items {
			d, err := e.App.Rollup.Detail(ctx, r.sc, it.Indicator.Code, "2025", rollup.BasisApproved, rollup.GroupTown)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range d.Groups {
				if g.OrgsExpected > 0 {
					towns[g.Label] = true
				}
			}
			if it.Indicator.EveryOrg {
				failing = append(failing, d.Failing...)
			}
		}
		if len(failing) == 0 || len(towns) < 3 {
			t.Fatalf("the demo district should have failing schools and several towns: %d failing, towns %v", len(failing), towns)
		}

		t.Run("briefing-200-leader-docx-fonts-and-page", func(t *testing.T) {
			res := r.as(t, "leader", http.MethodGet, base, nil)
			wantStatus(t, res, http.StatusOK)
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/vnd.openxmlformats-officedocument.wordprocessingml.document") {
				t.Fatalf("content type %q", ct)
			}
			doc := docxPart(t, res.Body, "word/document.xml")
			for _, want := range []string{`w:eastAsia="方正小标宋简体"`, `w:eastAsia="仿宋_GB2312"`, `w:eastAsia="黑体"`, `w:eastAsia="楷体_GB2312"`, `w:val="44"`, `w:val="32"`,
				`w:w="11906"`, `w:h="16838"`, `w:top="2098"`, `w:bottom="1984"`, `w:left="1587"`, `w:right="1474"`, "<w:footerReference"} {
				if !strings.Contains(doc, want) {
					t.Errorf("document.xml lacks %s", want)
				}
			}
			// The title's run is in the title font at 2号 (22 pt = 44 half-points).
			if i, j := strings.Index(doc, "方正小标宋简体"), strings.Index(doc, "教育高质量发展目标进展情况简报"); i < 0 || j < i {
				t.Errorf("the title is not set in 方正小标宋简体")
			}
			// Measures and notices are wired: their sections are there (with rows or 无).
			text := tagRE.ReplaceAllString(doc, "")
			for _, want := range []string{"总体进展", "各项目标完成情况", "未达标学校（按镇街）", "各镇街填报完整度", "进度滞后的工作举措", "未办结的督办事项", "黔江区教育委员会"} {
				if !strings.Contains(text, want) {
					t.Errorf("the briefing lacks %q", want)
				}
			}
			if !strings.Contains(docxPart(t, res.Body, "word/footer1.xml"), `w:instr=" PAGE "`) {
				t.Errorf("the footer has no page number")
			}
		})

		t.Run("briefing-200-leader-pdf-text", func(t *testing.T) {
			res := r.as(t, "leader", http.MethodGet, base+"&format=pdf", nil)
			wantStatus(t, res, http.StatusOK)
			if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
				t.Fatalf("content type %q", ct)
			}
			dir := t.TempDir()
			pdf := filepath.Join(dir, "briefing.pdf")
			if err := os.WriteFile(pdf, res.Body, 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			text := squeeze(string(out))
			for _, it := range sum.Items {
				if !strings.Contains(text, squeeze(it.Indicator.Name)) {
					t.Errorf("the PDF lacks target %s (%s)", it.Indicator.Code, it.Indicator.Name)
				}
				if it.Value != nil {
					v := briefingValue(it)
					if !strings.Contains(text, v) {
						t.Errorf("the PDF lacks %s's value %s", it.Indicator.Code, v)
					}
				}
			}
			if !strings.Contains(text, squeeze(failing[0].OrgName)) {
				t.Errorf("the PDF lacks failing school %s", failing[0].OrgName)
			}
			if !strings.Contains(text, "—1—") {
				t.Errorf("the PDF has no page number — 1 —")
			}
			if os.Getenv("TIANBAO_UPDATE_SCREENS") != "" && kind == "sqlite" {
				png := filepath.Join(dir, "page")
				if out, err := exec.Command("pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile", pdf, png).CombinedOutput(); err != nil {
					t.Fatalf("pdftoppm: %v %s", err, out)
				}
				b, err := os.ReadFile(png + ".png")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile("../../docs/screens/briefing-page1.png", b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})

		t.Run("briefing-200-english", func(t *testing.T) {
			res := r.as(t, "reviewer", http.MethodGet, base+"&lang=en", nil)
			wantStatus(t, res, http.StatusOK)
			text := tagRE.ReplaceAllString(docxPart(t, res.Body, "word/document.xml"), "")
			for _, want := range []string{"Overall progress", "Completeness by town", sum.Items[0].Indicator.NameEn} {
				if !strings.Contains(text, want) {
					t.Errorf("the English briefing lacks %q", want)
				}
			}
		})

		t.Run("briefing-200-town-reviewer-sees-its-town-only", func(t *testing.T) {
			res := r.as(t, "cn-reviewer", http.MethodGet, base, nil)
			wantStatus(t, res, http.StatusOK)
			text := tagRE.ReplaceAllString(docxPart(t, res.Body, "word/document.xml"), "")
			if !strings.Contains(text, "城南街道") {
				t.Fatalf("the town's briefing does not name its town")
			}
			for town := range towns {
				if town != "城南街道" && strings.Contains(text, town) {
					t.Errorf("the 城南 reviewer's briefing names %s", town)
				}
			}
			for _, f := range failing {
				if f.Town != "城南街道" && strings.Contains(text, f.OrgName) {
					t.Errorf("the 城南 reviewer's briefing names %s of %s", f.OrgName, f.Town)
				}
			}
		})

		t.Run("briefing-200-scope-narrows-to-a-town", func(t *testing.T) {
			res := r.as(t, "leader", http.MethodGet, base+"&scope="+strconv.FormatInt(oid(t, e, "town-chengnan"), 10), nil)
			wantStatus(t, res, http.StatusOK)
			text := tagRE.ReplaceAllString(docxPart(t, res.Body, "word/document.xml"), "")
			for town := range towns {
				if town != "城南街道" && strings.Contains(text, town) {
					t.Errorf("the briefing of 城南 names %s", town)
				}
			}
		})
	})
}

// TestBriefingPDFUnconfigured: without TIANBAO_SOFFICE a PDF is a 404 problem, the DOCX still served.
func TestBriefingPDFUnconfigured(t *testing.T) {
	t.Parallel()
	e := testenv.New(t, "sqlite")
	tok := e.Login("leader")
	res := e.Do(http.MethodGet, "/api/v1/reports/briefing.docx?period=2025&format=pdf", tok, nil)
	wantStatus(t, res, http.StatusNotFound)
	briefingCode(t, res, "pdf_unavailable")
	res = e.Do(http.MethodGet, "/api/v1/reports/briefing.pdf?period=2025", tok, nil)
	wantStatus(t, res, http.StatusNotFound)
	res = e.Do(http.MethodGet, "/api/v1/reports/briefing.docx?period=2025", tok, nil)
	wantStatus(t, res, http.StatusOK)
}

// briefingValue is a target's value as the briefing writes it, white space dropped.
func briefingValue(r rollup.Result) string {
	return squeeze(briefing.FormatValue(r.Value, r.Indicator.Unit, briefing.LangZh))
}

// briefingCode checks a problem's machine code.
func briefingCode(t *testing.T, r *testenv.Response, code string) {
	t.Helper()
	var p problem
	r.Decode(t, &p)
	if p.Code != code {
		t.Fatalf("want problem code %s, got %s (%s)", code, p.Code, r.Body)
	}
}
