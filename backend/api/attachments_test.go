package api_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// wfPNG is a real, decodable 2×2 PNG.
func wfPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	img.Set(1, 1, color.RGBA{B: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// wfUpload posts one file as multipart to a submission's attachment field.
func (w *wfEnv) wfUpload(t *testing.T, user string, subID int64, field, name string, data []byte) *testenv.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if field != "" {
		_ = mw.WriteField("field", field)
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	hdr := map[string]string{}
	if user != "" {
		hdr["Authorization"] = "Bearer " + w.tok(user)
	}
	return raw(w.Env, http.MethodPost, wfSub(subID, "/attachments"), mw.FormDataContentType(), b.String(), hdr, "")
}

type wfAttachment struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
}

func TestAttachments(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		w := wfNew(t, kind)
		pic := wfPNG(t)
		d := w.wfOpen(t, "xhzx", "sports-arts")
		d = w.wfSave(t, "xhzx", d, map[string]any{"sports_specialist": true, "sports_level": "municipal", "arts_specialist": false, "students_total": 900})

		var att wfAttachment
		t.Run("upload-201-png", func(t *testing.T) {
			r := w.wfUpload(t, "xhzx", d.ID, "sports_certificate", "证书.png", pic)
			wfWant(t, r, 201, "")
			r.Decode(t, &att)
			if att.ID == "" || att.ContentType != "image/png" || att.Size != int64(len(pic)) || att.Name != "证书.png" {
				t.Fatalf("attachment %s", r.Body)
			}
		})
		t.Run("upload-201-pdf", func(t *testing.T) {
			pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
			r := w.wfUpload(t, "xhzx", d.ID, "sports_certificate", "文件.pdf", pdf)
			wfWant(t, r, 201, "")
			if r.JSON(t)["content_type"] != "application/pdf" {
				t.Fatalf("pdf: %s", r.Body)
			}
		})
		cases := []struct {
			name, user, field, file string
			data                    []byte
			status                  int
			code                    string
		}{
			{"upload-422-text-file", "xhzx", "sports_certificate", "notes.txt", []byte("just some plain text, not evidence\n"), 422, "file=unsupported_type"},
			{"upload-422-text-named-png", "xhzx", "sports_certificate", "fake.png", []byte("hello, I am not an image"), 422, "file=unsupported_type"},
			{"upload-422-html", "xhzx", "sports_certificate", "x.png", []byte("<html><script>alert(1)</script></html>"), 422, "file=unsupported_type"},
			{"upload-422-too-large", "xhzx", "sports_certificate", "big.png", append(append([]byte{}, pic...), make([]byte, 10<<20)...), 422, "file=too_large"},
			{"upload-422-not-attachment-field", "xhzx", "students_total", "a.png", pic, 422, "field=not_attachment"},
			{"upload-422-unknown-field", "xhzx", "nope", "a.png", pic, 422, "field=not_attachment"},
			{"upload-422-no-field", "xhzx", "", "a.png", pic, 422, "field=not_attachment"},
			{"upload-404-other-school", "wlzx", "sports_certificate", "a.png", pic, 404, ""},
			{"upload-404-kindergarten", "syyey", "sports_certificate", "a.png", pic, 404, ""},
			{"upload-403-reviewer", "reviewer", "sports_certificate", "a.png", pic, 403, ""},
			{"upload-403-leader", "leader", "sports_certificate", "a.png", pic, 403, ""},
			{"upload-401-anonymous", "", "sports_certificate", "a.png", pic, 401, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := w.wfUpload(t, c.user, d.ID, c.field, c.file, c.data)
				p := wfWant(t, r, c.status, "")
				if c.code != "" {
					if got := wfFieldCodes(p); fmt.Sprint(got) != "["+c.code+"]" {
						t.Fatalf("want %s, got %v", c.code, got)
					}
				}
			})
		}
		t.Run("upload-422-missing-file", func(t *testing.T) {
			var b bytes.Buffer
			mw := multipart.NewWriter(&b)
			_ = mw.WriteField("field", "sports_certificate")
			_ = mw.Close()
			r := raw(w.Env, http.MethodPost, wfSub(d.ID, "/attachments"), mw.FormDataContentType(), b.String(),
				map[string]string{"Authorization": "Bearer " + w.tok("xhzx")}, "")
			p := wfWant(t, r, 422, "")
			if fmt.Sprint(wfFieldCodes(p)) != "[file=required]" {
				t.Fatalf("got %v", wfFieldCodes(p))
			}
		})
		t.Run("save-200-references-attachment-and-submit", func(t *testing.T) {
			d = w.wfSave(t, "xhzx", d, map[string]any{"sports_specialist": true, "sports_level": "municipal", "arts_specialist": false,
				"students_total": 900, "sports_certificate": []any{map[string]any{"id": att.ID, "name": att.Name, "size": att.Size, "content_type": att.ContentType}}})
			d = w.wfAct(t, "xhzx", d.ID, "submit", map[string]any{"version": d.Version})
			list, _ := d.Values["sports_certificate"].([]any)
			if len(list) != 1 {
				t.Fatalf("submitted values %v", d.Values)
			}
		})
		download := []struct {
			name, user string
			status     int
		}{
			{"download-200-owner", "xhzx", 200},
			{"download-200-reviewer", "reviewer", 200},
			{"download-200-leader", "leader", 200},
			{"download-200-admin", "admin", 200},
			{"download-404-other-school-admin", "wlzx", 404},
			{"download-404-kindergarten", "syyey", 404},
			{"download-404-department", "czj", 404},
			{"download-401-anonymous", "", 401},
		}
		for _, c := range download {
			t.Run(c.name, func(t *testing.T) {
				r := w.as(c.user, http.MethodGet, "/api/v1/attachments/"+att.ID, nil)
				wfWant(t, r, c.status, "")
				if c.status != 200 {
					if bytes.Contains(r.Body, pic[8:24]) {
						t.Fatal("a refused download carries the file")
					}
					return
				}
				if !bytes.Equal(r.Body, pic) {
					t.Fatalf("downloaded %d bytes differ from the %d uploaded", len(r.Body), len(pic))
				}
				if ct := r.Header.Get("Content-Type"); ct != "image/png" {
					t.Fatalf("Content-Type %q", ct)
				}
				if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Content-Disposition") == "" {
					t.Fatalf("download headers %v", r.Header)
				}
			})
		}
		t.Run("download-404-unknown-and-malformed", func(t *testing.T) {
			wfWant(t, w.as("admin", http.MethodGet, "/api/v1/attachments/00000000-0000-4000-8000-000000000000", nil), 404, "not_found")
			wfWant(t, w.as("admin", http.MethodGet, "/api/v1/attachments/..%2f..%2fjwt-secret", nil), 404, "")
		})
		t.Run("upload-409-not-editable-after-submit", func(t *testing.T) {
			wfWant(t, w.wfUpload(t, "xhzx", d.ID, "sports_certificate", "late.png", pic), 409, "not_editable")
		})
	})
}
