package submission

import (
	"image"
	"image/color"
	"testing"
)

func TestThumbSize(t *testing.T) {
	tests := []struct{ w, h, max, tw, th int }{
		{4000, 3000, 256, 256, 192},
		{3000, 4000, 256, 192, 256},
		{1200, 900, 256, 256, 192},
		{256, 100, 256, 256, 100},
		{2, 2, 256, 2, 2},
		{10000, 10, 256, 256, 1},
		{1000, 333, 256, 256, 85},
	}
	for _, tt := range tests {
		if w, h := ThumbSize(tt.w, tt.h, tt.max); w != tt.tw || h != tt.th {
			t.Errorf("ThumbSize(%d, %d, %d) = %d×%d, want %d×%d", tt.w, tt.h, tt.max, w, h, tt.tw, tt.th)
		}
	}
}

// TestScaleDownAverages: each thumbnail pixel is the mean of the source pixels under it, and a
// transparent PNG reads as white.
func TestScaleDownAverages(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 4, 2))
	for y := 0; y < 2; y++ {
		for x := 0; x < 4; x++ {
			c := color.RGBA{A: 255}
			if x < 2 {
				c.R = uint8(100 * (x + y)) // 0, 100, 100, 200: mean 100
			} else {
				c = color.RGBA{} // transparent
			}
			src.SetRGBA(x, y, c)
		}
	}
	out := ScaleDown(src, 2)
	if b := out.Bounds(); b.Dx() != 2 || b.Dy() != 1 {
		t.Fatalf("scaled to %v, want 2×1", b)
	}
	if r, g, b, _ := out.At(0, 0).RGBA(); r>>8 != 100 || g != 0 || b != 0 {
		t.Errorf("left pixel %d %d %d, want the mean red 100", r>>8, g>>8, b>>8)
	}
	if r, g, b, _ := out.At(1, 0).RGBA(); r>>8 != 255 || g>>8 != 255 || b>>8 != 255 {
		t.Errorf("transparent part %d %d %d, want white", r>>8, g>>8, b>>8)
	}
	if small := ScaleDown(src, 8); small != image.Image(src) {
		t.Error("an image within the size was scaled")
	}
}
