package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// lastAuditDetail returns the detail of the newest audit row of an action.
func lastAuditDetail(t *testing.T, e *testenv.Env, action string) map[string]any {
	t.Helper()
	var detail string
	if err := e.App.DB.Table("audit_log").Where("action = ?", action).Order("id DESC").Limit(1).Pluck("detail", &detail).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	if err := json.Unmarshal([]byte(detail), &out); err != nil {
		t.Fatalf("audit detail %q: %v", detail, err)
	}
	return out
}

// A clerk's draft save and evidence upload are state changes like any other: each writes its
// audit row in its own transaction, and while the audit log cannot be written, neither happens.
func TestAuditDraftSaveAndUpload(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		pic := wfPNG(t)
		d := w.wfOpen(t, "xhzx", "sports-arts")
		save := func(values map[string]any) *testenv.Response {
			return w.as("xhzx", http.MethodPut, wfSub(d.ID, ""), map[string]any{"values": values, "version": d.Version})
		}
		attachments := func() int64 {
			var n int64
			if err := w.App.DB.Table("attachments").Where("submission_id = ?", d.ID).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}

		t.Run("save-5xx-audit-unwritable-then-200-audited", func(t *testing.T) {
			before := auditCount(t, w.Env, "submission.save")
			mend := breakAudit(t, w.Env)
			if r := save(map[string]any{"students_total": 900}); r.Status < 500 {
				t.Fatalf("want a server error while the audit log is unwritable, got %d: %s", r.Status, r.Body)
			}
			now := wfDecodeDoc(t, w.as("xhzx", http.MethodGet, wfSub(d.ID, ""), nil))
			if now.Version != d.Version || now.Values["students_total"] != nil {
				t.Fatalf("the save happened though its audit failed: version %d→%d, values %v", d.Version, now.Version, now.Values)
			}
			mend()
			r := save(map[string]any{"students_total": 900, "sports_specialist": true})
			wfWant(t, r, http.StatusOK, "")
			d = wfDecodeDoc(t, r)
			if n := auditCount(t, w.Env, "submission.save"); n != before+1 {
				t.Fatalf("save audited %d times", n-before)
			}
			got := lastAuditDetail(t, w.Env, "submission.save")
			if fmt.Sprint(got["fields"]) != "[sports_specialist students_total]" || got["version"] != float64(d.Version) {
				t.Fatalf("save audit detail %v; want the changed keys and version %d", got, d.Version)
			}
		})

		t.Run("upload-5xx-audit-unwritable-then-201-audited", func(t *testing.T) {
			before, files := auditCount(t, w.Env, "submission.attach"), attachments()
			mend := breakAudit(t, w.Env)
			if r := w.wfUpload(t, "xhzx", d.ID, "sports_certificate", "证书.png", pic); r.Status < 500 {
				t.Fatalf("want a server error while the audit log is unwritable, got %d: %s", r.Status, r.Body)
			}
			if n := attachments(); n != files {
				t.Fatalf("the upload was recorded though its audit failed: %d → %d", files, n)
			}
			mend()
			r := w.wfUpload(t, "xhzx", d.ID, "sports_certificate", "证书.png", pic)
			wfWant(t, r, http.StatusCreated, "")
			var att wfAttachment
			r.Decode(t, &att)
			if n := auditCount(t, w.Env, "submission.attach"); n != before+1 {
				t.Fatalf("upload audited %d times", n-before)
			}
			got := lastAuditDetail(t, w.Env, "submission.attach")
			if got["attachment"] != att.ID || got["field"] != "sports_certificate" || got["size"] != float64(len(pic)) {
				t.Fatalf("upload audit detail %v; want attachment %s on sports_certificate, %d bytes", got, att.ID, len(pic))
			}
		})
	})
}
