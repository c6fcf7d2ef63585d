package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// An attachment value is vouched for only by the upload record: a file uploaded to another
// school's submission, to another field, a made-up id or a path is refused with the field named.
func TestAttachmentBelongsToSubmissionAndField(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		pic := wfPNG(t)
		base := map[string]any{"sports_specialist": true, "sports_level": "municipal", "arts_specialist": true, "students_total": 900}
		mine := w.wfOpen(t, "xhzx", "sports-arts")
		other := w.wfOpen(t, "wlzx", "sports-arts")

		var own, foreign, arts wfAttachment
		w.wfUpload(t, "xhzx", mine.ID, "sports_certificate", "a.png", pic).Decode(t, &own)
		w.wfUpload(t, "xhzx", mine.ID, "arts_certificate", "b.png", pic).Decode(t, &arts)
		w.wfUpload(t, "wlzx", other.ID, "sports_certificate", "c.png", pic).Decode(t, &foreign)
		if own.ID == "" || foreign.ID == "" || arts.ID == "" {
			t.Fatal("uploads failed")
		}
		ref := func(id string) map[string]any {
			return map[string]any{"id": id, "name": "x.png", "size": len(pic), "content_type": "image/png"}
		}
		with := func(field string, refs ...any) map[string]any {
			v := map[string]any{}
			for k, x := range base {
				v[k] = x
			}
			v[field] = refs
			return v
		}
		cases := []struct {
			name   string
			values map[string]any
			status int
			codes  string
		}{
			{"422-other-schools-file", with("sports_certificate", ref(foreign.ID)), 422, "[sports_certificate[0]=unknown_attachment]"},
			{"422-random-uuid", with("sports_certificate", ref("6f1c1f0e-8f1a-4b7e-9a51-4c7cbb0a1e11")), 422, "[sports_certificate[0]=unknown_attachment]"},
			{"422-path", with("sports_certificate", ref("../../jwt-secret")), 422, "[sports_certificate[0]=unknown_attachment]"},
			{"422-other-field", with("sports_certificate", ref(arts.ID)), 422, "[sports_certificate[0]=unknown_attachment]"},
			{"422-second-is-foreign", with("sports_certificate", ref(own.ID), ref(foreign.ID)), 422, "[sports_certificate[1]=unknown_attachment]"},
			{"422-duplicate", with("sports_certificate", ref(own.ID), ref(own.ID)), 422, "[sports_certificate[1]=duplicate]"},
			{"200-own-file", with("sports_certificate", ref(own.ID)), 200, ""},
			{"200-own-file-in-its-field", with("arts_certificate", ref(arts.ID)), 200, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				cur := w.as("xhzx", http.MethodGet, wfSub(mine.ID, ""), nil)
				d := wfDecodeDoc(t, cur)
				r := w.as("xhzx", http.MethodPut, wfSub(mine.ID, ""), map[string]any{"values": c.values, "version": d.Version})
				p := wfWant(t, r, c.status, "")
				if c.codes != "" && fmt.Sprint(wfFieldCodes(p)) != c.codes {
					t.Fatalf("want %s, got %v", c.codes, wfFieldCodes(p))
				}
			})
		}
		t.Run("refused-saves-store-nothing", func(t *testing.T) {
			r := w.as("xhzx", http.MethodGet, wfSub(mine.ID, ""), nil)
			wfWant(t, r, 200, "")
			if strings.Contains(string(r.Body), foreign.ID) || strings.Contains(string(r.Body), "jwt-secret") {
				t.Fatalf("a refused reference was stored: %s", r.Body)
			}
		})
	})
}
