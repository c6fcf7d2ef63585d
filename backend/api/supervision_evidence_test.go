package api_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// evidencePNG is a tiny PNG: its bytes are judged a PNG by content sniffing.
var evidencePNG = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, 64)...)

// answerWithFiles posts a multipart answer: text, optional version and files (name -> bytes).
func answerWithFiles(e *testenv.Env, token string, id int64, text string, files [][2]string) *testenv.Response {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("text", text)
	for _, f := range files {
		w, _ := mw.CreateFormFile("files", f[0])
		_, _ = w.Write([]byte(f[1]))
	}
	_ = mw.Close()
	return raw(e, http.MethodPost, fmt.Sprintf("/api/v1/notices/%d/answer", id), mw.FormDataContentType(), b.String(),
		map[string]string{"Authorization": "Bearer " + token}, "")
}

// TestNoticeEvidenceUpload: the addressed unit answers with a photo and a PDF in one multipart
// request; the files are listed on the answer with their download address; the unit and the
// bureau download them, another unit (even one that reads the circulated notice) and a school get
// 404, a user without a role 403; a file of another type, an empty one or one sent by another
// unit stores nothing; the audit row of the answer names the files' hashes.
func TestNoticeEvidenceUpload(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		m := newMeasureEnv(t, kind)
		e := m.e
		issue := func(level string) int64 {
			r := e.Do(http.MethodPost, "/api/v1/notices", m.reviewer, map[string]any{"org_id": e.OrgID("czj"), "reason": "task_overdue",
				"title": "数据填报逾期", "required_action": "尽快填报并附佐证", "deadline": e.Clock.Now().Add(48 * time.Hour).Format(time.RFC3339),
				"level": level})
			wantStatus(t, r, http.StatusCreated)
			return int64(r.JSON(t)["id"].(float64))
		}
		id := issue("circulate")
		pdf := "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
		none := unitUser(t, e, "no-role-ev", "czj")
		refused := []struct {
			name   string
			token  string
			files  [][2]string
			status int
			field  string
			code   string
		}{
			{"answer-files-404-other-unit", m.fgw, [][2]string{{"a.png", string(evidencePNG)}}, http.StatusNotFound, "", ""},
			{"answer-files-404-school", m.xhzx, [][2]string{{"a.png", string(evidencePNG)}}, http.StatusNotFound, "", ""},
			{"answer-files-403-no-role", none, [][2]string{{"a.png", string(evidencePNG)}}, http.StatusForbidden, "", ""},
			{"answer-files-422-type", m.czj, [][2]string{{"a.html", "<html><body>x</body></html>"}}, http.StatusUnprocessableEntity, "files[0]", "unsupported_type"},
			{"answer-files-422-empty", m.czj, [][2]string{{"a.png", string(evidencePNG)}, {"b.pdf", ""}}, http.StatusUnprocessableEntity, "files[1]", "empty"},
		}
		for _, tc := range refused {
			t.Run(tc.name, func(t *testing.T) {
				r := answerWithFiles(e, tc.token, id, "已整改", tc.files)
				wantStatus(t, r, tc.status)
				if tc.field != "" {
					wantFields(t, wantProblem(t, r, tc.status, "validation"), map[string]string{tc.field: tc.code})
				}
			})
		}
		r := answerWithFiles(e, m.czj, id, "已整改，附照片和文件", [][2]string{{"现场照片.png", string(evidencePNG)}, {"../整改报告.pdf", pdf}})
		wantStatus(t, r, http.StatusOK)
		if r.JSON(t)["status"] != "answered" {
			t.Fatalf("answered: %s", r.Body)
		}
		d := e.Do(http.MethodGet, fmt.Sprintf("/api/v1/notices/%d", id), m.reviewer, nil)
		wantStatus(t, d, http.StatusOK)
		evs := d.JSON(t)["events"].([]any)
		ans := evs[len(evs)-1].(map[string]any)
		files := ans["evidence"].([]any)
		if ans["kind"] != "answer" || len(files) != 2 {
			t.Fatalf("answer event: %v", ans)
		}
		photo, report := files[0].(map[string]any), files[1].(map[string]any)
		if photo["name"] != "现场照片.png" || photo["content_type"] != "image/png" || report["name"] != "整改报告.pdf" ||
			report["content_type"] != "application/pdf" || report["size"] != float64(len(pdf)) {
			t.Fatalf("evidence: %v", files)
		}
		url := fmt.Sprint(report["url"])
		if url != fmt.Sprintf("/api/v1/notices/%d/evidence/%s", id, report["id"]) {
			t.Fatalf("url %s", url)
		}
		wlzx := e.Login("wlzx")
		for _, tc := range []struct {
			name   string
			token  string
			url    string
			status int
		}{
			{"evidence-200-unit", m.czj, url, http.StatusOK},
			{"evidence-200-reviewer", m.reviewer, url, http.StatusOK},
			{"evidence-200-leader", m.leader, url, http.StatusOK},
			{"evidence-404-circulated-reader", m.fgw, url, http.StatusNotFound},
			{"evidence-404-school", m.xhzx, url, http.StatusNotFound},
			{"evidence-404-other-school", wlzx, url, http.StatusNotFound},
			{"evidence-403-no-role", none, url, http.StatusForbidden},
			{"evidence-404-unknown-file", m.czj, fmt.Sprintf("/api/v1/notices/%d/evidence/%s", id, "00000000-0000-4000-8000-000000000000"), http.StatusNotFound},
			{"evidence-404-bad-id", m.czj, fmt.Sprintf("/api/v1/notices/%d/evidence/x", id), http.StatusNotFound},
			{"evidence-404-wrong-notice", m.czj, fmt.Sprintf("/api/v1/notices/%d/evidence/%s", issue("reminder"), report["id"]), http.StatusNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := e.Do(http.MethodGet, tc.url, tc.token, nil)
				wantStatus(t, r, tc.status)
				if tc.status == http.StatusOK {
					if string(r.Body) != pdf || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/pdf") ||
						!strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
						t.Fatalf("download: %q %v", r.Body, r.Header)
					}
				} else if bytes.Contains(r.Body, []byte("PDF")) {
					t.Fatalf("leaked: %s", r.Body)
				}
			})
		}
		// The audit row of the answer, written with it, names both files by hash.
		var detail string
		if err := e.App.DB.Table("audit_log").Where("action = ? AND object_id = ?", "notice.answer", fmt.Sprint(id)).
			Order("id DESC").Limit(1).Pluck("detail", &detail).Error; err != nil {
			t.Fatalf("read audit: %v", err)
		}
		if strings.Count(detail, "sha256") != 2 || !strings.Contains(detail, "整改报告.pdf") {
			t.Fatalf("audit detail: %s", detail)
		}
	})
}
