package submission

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	_ "image/png" // photos arrive as JPEG or PNG
	"os"
	"path/filepath"

	"github.com/google/uuid"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// ThumbnailSize is the longest side, in pixels, of an attachment's thumbnail.
const ThumbnailSize = 256

// thumbnailQuality is the JPEG quality of thumbnails.
const thumbnailQuality = 80

// maxThumbnailSourcePixels bounds the images a thumbnail is made of: a small file can declare a
// huge image (a decompression bomb), and decoding one would take the memory of the server.
const maxThumbnailSourcePixels = 40_000_000

// ErrNoThumbnail says an attachment is not an image a thumbnail can be made of (a PDF).
var ErrNoThumbnail = fmt.Errorf("attachment has no thumbnail: %w", errs.ErrNotFound)

// Thumbnail returns a JPEG of at most ThumbnailSize pixels on its long side of an image attached
// to submission subID, if that submission lies in sc; anything else is not found, exactly like
// the attachment itself. It is made on first request and kept beside the file (by content hash,
// so the same photo attached twice has one thumbnail).
func (s *Service) Thumbnail(ctx context.Context, sc scope.Scope, subID int64, publicID string) ([]byte, error) {
	if _, err := uuid.Parse(publicID); err != nil {
		return nil, errs.ErrNotFound
	}
	a, err := s.store.attachment(ctx, sc, publicID)
	if err != nil {
		return nil, err
	}
	if a.SubmissionID != subID {
		return nil, errs.ErrNotFound
	}
	if a.ContentType != "image/jpeg" && a.ContentType != "image/png" {
		return nil, ErrNoThumbnail
	}
	return s.files.thumbnail(a.SHA256)
}

func (fs *FileStore) thumbPath(sha string) string {
	return filepath.Join(fs.dir, "thumbs", sha[:2], fmt.Sprintf("%s-%d.jpg", sha, ThumbnailSize))
}

// thumbnail reads the kept thumbnail of the stored image sha, or makes and keeps it.
func (fs *FileStore) thumbnail(sha string) ([]byte, error) {
	dst := fs.thumbPath(sha)
	if b, err := os.ReadFile(dst); err == nil {
		return b, nil
	}
	src, err := fs.Open(sha)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errs.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("open attachment %s: %w", sha, err)
	}
	defer src.Close()
	cfg, _, err := image.DecodeConfig(src)
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxThumbnailSourcePixels {
		return nil, ErrNoThumbnail // not decodable, or too large to decode: the client shows the file's name
	}
	if _, err := src.Seek(0, 0); err != nil {
		return nil, fmt.Errorf("rewind attachment %s: %w", sha, err)
	}
	img, _, err := image.Decode(src)
	if err != nil {
		return nil, ErrNoThumbnail
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, ScaleDown(img, ThumbnailSize), &jpeg.Options{Quality: thumbnailQuality}); err != nil {
		return nil, fmt.Errorf("encode thumbnail of %s: %w", sha, err)
	}
	if err := writeAtomic(dst, buf.Bytes()); err != nil {
		return nil, fmt.Errorf("keep thumbnail of %s: %w", sha, err)
	}
	return buf.Bytes(), nil
}

// writeAtomic writes b to path through a temporary file, so that a reader never sees half of it.
func writeAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "thumb-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// ThumbSize is the size of an image of w×h scaled to at most max pixels on its long side,
// keeping its proportions (never scaled up, never below 1 pixel).
func ThumbSize(w, h, max int) (int, int) {
	if w <= max && h <= max {
		return w, h
	}
	if w >= h {
		return max, maxInt(1, (h*max+w/2)/w)
	}
	return maxInt(1, (w*max+h/2)/h), max
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// ScaleDown returns img scaled to at most max pixels on its long side by averaging the source
// pixels under each target pixel (a box filter: sharp enough for a thumbnail, no aliasing).
// Smaller images come back as they are.
func ScaleDown(img image.Image, max int) image.Image {
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	tw, th := ThumbSize(sw, sh, max)
	if tw == sw && th == sh {
		return img
	}
	// Transparent parts of a PNG read as white, as on the page, not as JPEG's black.
	src := image.NewRGBA(image.Rect(0, 0, sw, sh))
	draw.Draw(src, src.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Over)
	// Sum each source pixel into the target pixel it falls in, then divide by the count.
	sums := make([]uint64, tw*th*4)
	counts := make([]uint32, tw*th)
	for y := 0; y < sh; y++ {
		ty := y * th / sh
		row := src.Pix[y*src.Stride : y*src.Stride+sw*4]
		for x := 0; x < sw; x++ {
			t := ty*tw + x*tw/sw
			p := row[x*4 : x*4+4 : x*4+4]
			s := sums[t*4 : t*4+4 : t*4+4]
			s[0] += uint64(p[0])
			s[1] += uint64(p[1])
			s[2] += uint64(p[2])
			s[3] += uint64(p[3])
			counts[t]++
		}
	}
	out := image.NewRGBA(image.Rect(0, 0, tw, th))
	for t, n := range counts {
		if n == 0 {
			continue
		}
		for c := 0; c < 4; c++ {
			out.Pix[t*4+c] = uint8(sums[t*4+c] / uint64(n))
		}
	}
	return out
}
