package api

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"hash/maphash"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/tianbao-edu/tianbao/backend/web"
)

// gzipMinLength is the smallest API answer worth compressing: below it the gzip framing and the
// CPU cost more than the bytes saved.
const gzipMinLength = 1024

// uncompressed are the API routes whose bodies are never gzipped: downloads already compressed
// (an XLSX is a zip; an attachment is whatever was uploaded, mostly PDF, JPEG or Office files) or
// served with their own length and type.
var uncompressed = map[string]bool{
	"/api/v1/attachments/:id":          true,
	"/api/v1/exports/submissions.xlsx": true,
	"/api/v1/exports/indicators.xlsx":  true,
}

// compress gzips API answers of at least gzipMinLength bytes for clients that accept gzip, with
// Vary: Accept-Encoding. The SPA's files are not its business: web serves their pre-compressed
// variants itself. The API streams nothing (no SSE), so the answer is buffered whole and then
// compressed — or, when the same bytes were compressed a moment ago (a dashboard's summary,
// asked again and again while the figures stand), the earlier result is sent (gzipCache).
func compress() echo.MiddlewareFunc {
	cache := newGzipCache(gzipCacheBytes)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p := c.Request().URL.Path
			if !strings.HasPrefix(p, "/api/") || uncompressed[c.Path()] {
				return next(c)
			}
			res := c.Response()
			res.Header().Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
			if !web.Accepts(c.Request().Header.Get(echo.HeaderAcceptEncoding), "gzip") {
				return next(c)
			}
			w := &bufferedWriter{ResponseWriter: res.Writer}
			res.Writer = w
			err := next(c)
			res.Writer = w.ResponseWriter
			if ferr := w.flushTo(res, cache); ferr != nil && err == nil {
				err = ferr
			}
			return err
		}
	}
}

// bufferedWriter holds an answer's status and body until the handler is done.
type bufferedWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *bufferedWriter) WriteHeader(code int) { w.status = code }

func (w *bufferedWriter) Write(b []byte) (int, error) { return w.body.Write(b) }

// flushTo sends the held answer through the real writer: gzipped when it is big enough, has a
// body and is not encoded already.
func (w *bufferedWriter) flushTo(res *echo.Response, cache *gzipCache) error {
	if w.status == 0 && w.body.Len() == 0 {
		return nil // nothing was written: the error handler answers, uncompressed
	}
	status := w.status
	if status == 0 {
		status = http.StatusOK
	}
	body, h := w.body.Bytes(), w.ResponseWriter.Header()
	if len(body) >= gzipMinLength && status != http.StatusNoContent && status != http.StatusNotModified &&
		h.Get(echo.HeaderContentEncoding) == "" {
		gz, err := cache.gzip(body)
		if err != nil {
			return fmt.Errorf("gzip the answer: %w", err)
		}
		h.Set(echo.HeaderContentEncoding, "gzip")
		h.Del(echo.HeaderContentLength)
		if h.Get(echo.HeaderContentType) == "" {
			h.Set(echo.HeaderContentType, http.DetectContentType(body))
		}
		body = gz
	}
	w.ResponseWriter.WriteHeader(status)
	_, err := w.ResponseWriter.Write(body)
	res.Size = int64(len(body))
	return err
}

// gzipCacheBytes bounds what gzipCache holds: the answers and their compressed bytes.
const gzipCacheBytes = 8 << 20

// gzipCache remembers the compressed form of answers seen at least twice, by their content: an
// answer is looked up by a hash of its bytes and served from the cache only when the bytes are
// equal, so what it sends is always the compression of this very answer. An answer seen once is
// only noted (most answers are one user's, asked once), so the cache holds what repeats.
type gzipCache struct {
	mu      sync.Mutex
	seed    maphash.Seed
	max     int
	size    int
	seen    map[uint64]struct{}
	entries map[uint64]gzipEntry
}

type gzipEntry struct{ plain, gz []byte }

func newGzipCache(maxBytes int) *gzipCache {
	return &gzipCache{seed: maphash.MakeSeed(), max: maxBytes, seen: map[uint64]struct{}{}, entries: map[uint64]gzipEntry{}}
}

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return w
}}

// gzip returns body compressed, from the cache when this body was compressed before.
func (c *gzipCache) gzip(body []byte) ([]byte, error) {
	h := maphash.Bytes(c.seed, body)
	c.mu.Lock()
	e, hit := c.entries[h]
	c.mu.Unlock()
	if hit && bytes.Equal(e.plain, body) {
		return e.gz, nil
	}
	var out bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&out)
	_, err := zw.Write(body)
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	gzipWriters.Put(zw)
	if err != nil {
		return nil, err
	}
	gz := out.Bytes()
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, twice := c.seen[h]; !twice {
		if len(c.seen) >= 4096 {
			clear(c.seen)
		}
		c.seen[h] = struct{}{}
		return gz, nil
	}
	n := len(body) + len(gz)
	if n > c.max/4 {
		return gz, nil
	}
	if c.size+n > c.max {
		clear(c.entries)
		c.size = 0
	}
	if old, ok := c.entries[h]; ok {
		c.size -= len(old.plain) + len(old.gz)
	}
	c.entries[h] = gzipEntry{plain: bytes.Clone(body), gz: gz}
	c.size += n
	return gz, nil
}
