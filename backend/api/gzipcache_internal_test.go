package api

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"testing"
)

func gunzipBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGzipCache: an answer seen twice is compressed once more and then served from the cache;
// whatever the cache holds, what comes out is the compression of the very bytes given; the
// cache stays within its bound.
func TestGzipCache(t *testing.T) {
	c := newGzipCache(64 << 10)
	body := bytes.Repeat([]byte(`{"indicator":"训练经费占比","value":"5.2"},`), 200)
	first, _ := c.gzip(body)
	second, _ := c.gzip(body)
	third, _ := c.gzip(bytes.Clone(body))
	if !bytes.Equal(gunzipBytes(t, first), body) || !bytes.Equal(gunzipBytes(t, third), body) {
		t.Fatal("gzip-roundtrip: a compressed answer does not decompress to itself")
	}
	if &second[0] != &third[0] {
		t.Fatal("gzip-cache-hit: the third identical answer was compressed again")
	}
	if &first[0] == &second[0] {
		t.Fatal("gzip-cache-seen-once: an answer seen once was cached")
	}
	other := bytes.Replace(body, []byte("5.2"), []byte("5.3"), 1)
	if got, _ := c.gzip(other); !bytes.Equal(gunzipBytes(t, got), other) {
		t.Fatal("gzip-cache-other: a different answer got another's bytes")
	}
	for i := range 200 {
		b := fmt.Appendf(bytes.Clone(body), "%d", i)
		_, _ = c.gzip(b)
		_, _ = c.gzip(b)
		if c.size > c.max {
			t.Fatalf("gzip-cache-bound: %d bytes held, bound %d", c.size, c.max)
		}
	}
}
