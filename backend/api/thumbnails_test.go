package api_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// thJPEG is a w×h JPEG photo: a gradient, so that its bytes are those of a real picture.
func thJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{R: uint8(x * 255 / w), G: uint8(y * 255 / h), B: 90, A: 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestAttachmentThumbnails: an attached photo has a JPEG thumbnail at most 256 px on its long side,
// read with the attachment's own rights: the school and its reviewers, never another school (404)
// or a user without a role (403); a PDF or another submission's file has none.
func TestAttachmentThumbnails(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		createUser(t, w.Env, w.tok("admin"), "norole", "xhzx", "")
		w.tokens["norole"] = loginPair(t, w.Env, "norole", "Fixture@2025!").Access

		d := w.wfOpen(t, "xhzx", "sports-arts")
		d = w.wfSave(t, "xhzx", d, map[string]any{"sports_specialist": true, "sports_level": "municipal", "arts_specialist": false, "students_total": 900})
		upload := func(name string, data []byte) wfAttachment {
			r := w.wfUpload(t, "xhzx", d.ID, "sports_certificate", name, data)
			wfWant(t, r, 201, "")
			var a wfAttachment
			r.Decode(t, &a)
			return a
		}
		wide := upload("wide.jpg", thJPEG(t, 1200, 900))
		tall := upload("tall.png", wfPNG(t))
		pdf := upload("doc.pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
		other := w.wfOpen(t, "wlzx", "sports-arts")
		own := w.wfOpen(t, "xhzx", "teacher-training")
		url := func(subID int64, aid string) string { return wfSub(subID, "/attachments/"+aid+"/thumbnail") }

		t.Run("thumbnail-200-jpeg-256", func(t *testing.T) {
			for range 2 { // made on the first request, kept for the second
				r := w.as("xhzx", http.MethodGet, url(d.ID, wide.ID), nil)
				wfWant(t, r, 200, "")
				if ct := r.Header.Get("Content-Type"); ct != "image/jpeg" {
					t.Fatalf("Content-Type %q", ct)
				}
				img, format, err := image.Decode(bytes.NewReader(r.Body))
				if err != nil || format != "jpeg" {
					t.Fatalf("thumbnail is not a JPEG: %v %s", err, format)
				}
				if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 192 {
					t.Fatalf("thumbnail of 1200×900 is %d×%d, want 256×192", b.Dx(), b.Dy())
				}
			}
		})
		t.Run("thumbnail-200-small-png-kept-size", func(t *testing.T) {
			r := w.as("xhzx", http.MethodGet, url(d.ID, tall.ID), nil)
			wfWant(t, r, 200, "")
			img, format, err := image.Decode(bytes.NewReader(r.Body))
			if err != nil || format != "jpeg" || img.Bounds().Dx() != 2 || img.Bounds().Dy() != 2 {
				t.Fatalf("thumbnail of a 2×2 PNG: %v %s %v", err, format, img)
			}
		})
		cases := []struct {
			name, user string
			sub        int64
			aid        string
			status     int
			code       string
		}{
			{"thumbnail-200-reviewer", "reviewer", d.ID, wide.ID, 200, ""},
			{"thumbnail-200-leader", "leader", d.ID, wide.ID, 200, ""},
			{"thumbnail-404-other-school-admin", "wlzx", d.ID, wide.ID, 404, "not_found"},
			{"thumbnail-404-kindergarten", "syyey", d.ID, wide.ID, 404, "not_found"},
			{"thumbnail-404-department", "czj", d.ID, wide.ID, 404, "not_found"},
			{"thumbnail-403-no-role", "norole", d.ID, wide.ID, 403, "forbidden"},
			{"thumbnail-401-anonymous", "", d.ID, wide.ID, 401, ""},
			{"thumbnail-404-pdf", "xhzx", d.ID, pdf.ID, 404, "not_found"},
			{"thumbnail-404-wrong-submission", "wlzx", other.ID, wide.ID, 404, "not_found"},
			{"thumbnail-404-own-other-submission", "xhzx", own.ID, wide.ID, 404, "not_found"},
			{"thumbnail-404-unknown", "xhzx", d.ID, "00000000-0000-4000-8000-000000000000", 404, "not_found"},
			{"thumbnail-404-malformed", "xhzx", d.ID, "..%2f..%2fjwt-secret", 404, ""},
			{"thumbnail-404-bad-submission-id", "xhzx", 0, wide.ID, 404, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := w.as(c.user, http.MethodGet, url(c.sub, c.aid), nil)
				wfWant(t, r, c.status, c.code)
				if c.status != 200 && bytes.HasPrefix(r.Body, []byte{0xff, 0xd8}) {
					t.Fatal("a refused request carries a JPEG")
				}
			})
		}
	})
}
