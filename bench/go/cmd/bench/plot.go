package main

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/valkite/valkite/bench/harness"
)

// A deliberately small line plotter: ops/s (linear, from zero) against
// parallel callers (log scale), one line per client, legend on the right.

var palette = map[string]color.RGBA{
	"valkite":        {214, 39, 40, 255},
	"valkite (Rust)": {214, 39, 40, 255},
	// Tracing variants: lighter shades of valkite's red.
	"valkite-otel0":   {240, 110, 100, 255},
	"valkite-otel1":   {200, 90, 140, 255},
	"valkite-otel100": {140, 60, 40, 255},
	"GLIDE":           {31, 119, 180, 255},
	"valkey-go":       {44, 160, 44, 255},
	"go-redis":        {255, 127, 14, 255},
	"go-redis-ap":     {148, 103, 189, 255},
	"fred":            {31, 119, 180, 255},
	"redis-rs":        {44, 160, 44, 255},
	ceilingLabel:      {127, 127, 127, 255},
}

func (r *report) writeCharts(dir string) ([]string, error) {
	aggs := r.aggregate()
	// Drop charts an earlier run left behind so the directory matches the report.
	for _, topo := range []string{"standalone", "cluster", "rust"} {
		old, _ := filepath.Glob(filepath.Join(dir, topo+"-*.png"))
		for _, f := range old {
			_ = os.Remove(f)
		}
	}
	var files []string
	emit := func(topo, wl, title string, order []string) error {
		ss := r.seriesFor(aggs, topo, wl, order)
		if len(ss) == 0 || len(callersOf(aggs, topo, wl)) < 2 {
			return nil
		}
		f := filepath.Join(dir, topo+"-"+wl+".png")
		if err := plotPNG(f, title, ss); err != nil {
			return err
		}
		files = append(files, f)
		return nil
	}
	for _, topo := range []string{"standalone", "cluster"} {
		for _, w := range harness.Workloads {
			if err := emit(topo, w.Name, fmt.Sprintf("%s: %s", topo, w.Title), goOrder); err != nil {
				return nil, err
			}
		}
	}
	for _, wl := range []string{"set64", "get64"} {
		if err := emit("rust", wl, "Rust API: "+map[string]string{"set64": "SET", "get64": "GET"}[wl]+" 64-byte values", rustOrder); err != nil {
			return nil, err
		}
	}
	return files, nil
}

type canvas struct{ img *image.RGBA }

func (c canvas) dot(x, y, r int, col color.RGBA) {
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			c.img.SetRGBA(x+dx, y+dy, col)
		}
	}
}

// line draws a thick line; dash > 0 leaves gaps of dash pixels every 2*dash.
func (c canvas) line(x0, y0, x1, y1, r int, col color.RGBA, dash int) {
	dx, dy := abs_(x1-x0), -abs_(y1-y0)
	sx, sy := 1, 1
	if x0 > x1 {
		sx = -1
	}
	if y0 > y1 {
		sy = -1
	}
	e := dx + dy
	for step := 0; ; step++ {
		if dash == 0 || (step/dash)%2 == 0 {
			c.dot(x0, y0, r, col)
		}
		if x0 == x1 && y0 == y1 {
			return
		}
		if e2 := 2 * e; e2 >= dy {
			e += dy
			x0 += sx
		} else {
			e += dx
			y0 += sy
		}
	}
}

func (c canvas) text(x, y int, s string, col color.Color) {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func textWidth(s string) int { return len([]rune(s)) * 7 }

func abs_(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func plotPNG(path, title string, ss []series) error {
	const W, H = 960, 560
	const left, right, top, bottom = 80, 190, 44, 56
	img := image.NewRGBA(image.Rect(0, 0, W, H))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	c := canvas{img}
	black := color.RGBA{0, 0, 0, 255}
	grid := color.RGBA{225, 225, 225, 255}

	xmin, xmax, ymax := math.MaxInt, 0, 0.0
	for _, s := range ss {
		for i, x := range s.X {
			xmin, xmax = min(xmin, x), max(xmax, x)
			ymax = math.Max(ymax, s.Y[i])
		}
	}
	if xmax == xmin {
		xmax = xmin * 2
	}
	step := niceStep(ymax * 1.08 / 5)
	ytop := math.Ceil(ymax*1.08/step) * step
	if ytop == 0 {
		ytop = 1
	}
	pw, ph := W-left-right, H-top-bottom
	px := func(x int) int {
		return left + int(math.Round(float64(pw)*(math.Log2(float64(x))-math.Log2(float64(xmin)))/(math.Log2(float64(xmax))-math.Log2(float64(xmin)))))
	}
	py := func(y float64) int { return top + ph - int(math.Round(float64(ph)*y/ytop)) }

	for y := 0.0; y <= ytop+step/2; y += step {
		yy := py(y)
		c.line(left, yy, left+pw, yy, 0, grid, 0)
		lbl := axisLabel(y)
		c.text(left-8-textWidth(lbl), yy+4, lbl, black)
	}
	xs := map[int]bool{}
	for _, s := range ss {
		for _, x := range s.X {
			xs[x] = true
		}
	}
	for x := range xs {
		xx := px(x)
		c.line(xx, top, xx, top+ph, 0, grid, 0)
		lbl := strconv.Itoa(x)
		c.text(xx-textWidth(lbl)/2, top+ph+18, lbl, black)
	}
	c.line(left, top, left, top+ph, 0, black, 0)
	c.line(left, top+ph, left+pw, top+ph, 0, black, 0)
	c.text(left, 24, title, black)
	xl := "parallel callers sharing one client (log scale)"
	c.text(left+pw/2-textWidth(xl)/2, H-14, xl, black)
	c.text(8, top-12, "ops/s", black)

	for i, s := range ss {
		col, ok := palette[s.Client]
		if !ok {
			col = color.RGBA{uint8(60 * i), 60, 60, 255}
		}
		dash := 0
		if s.Client == ceilingLabel {
			dash = 6
		}
		for j := range s.X {
			x, y := px(s.X[j]), py(s.Y[j])
			c.dot(x, y, 3, col)
			if j > 0 {
				c.line(px(s.X[j-1]), py(s.Y[j-1]), x, y, 1, col, dash)
			}
		}
		ly := top + 14 + 22*i
		c.line(left+pw+14, ly-4, left+pw+40, ly-4, 1, col, dash)
		c.text(left+pw+46, ly, s.Client, black)
	}

	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// niceStep rounds a raw grid step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

func axisLabel(v float64) string {
	switch {
	case v >= 1e6:
		return strconv.FormatFloat(v/1e6, 'g', 4, 64) + "M"
	case v >= 1e3:
		return strconv.FormatFloat(v/1e3, 'g', 4, 64) + "k"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
