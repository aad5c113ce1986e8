package views

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// brandShade is one step of the brand scale, named as Tailwind names its colours, with
// the relative luminance it is given.
type brandShade struct {
	name      int
	luminance float64
}

// brandShades is the brand scale. The hue and saturation come from the brand colour; the
// lightness is solved so that each shade has the same luminance whatever the hue. That
// keeps text contrast predictable: white on 600 and 700 on white pass WCAG AA (4.5:1)
// for any brand colour, and so does 400 on the dark background.
func brandShades() []brandShade {
	return []brandShade{
		{50, 0.92}, {100, 0.82}, {200, 0.66}, {300, 0.48}, {400, 0.32}, {500, 0.2},
		{600, 0.12}, {700, 0.08}, {800, 0.055}, {900, 0.038}, {950, 0.02},
	}
}

// ThemeCSS returns the stylesheet that sets the brand scale (--brand-50 … --brand-950)
// from one colour given as "#rrggbb". Each variable holds space-separated RGB channels,
// so that Tailwind's `rgb(var(--brand-500) / <alpha-value>)` can add opacity.
func ThemeCSS(brandHex string) (string, error) {
	r, g, b, err := parseHex(brandHex)
	if err != nil {
		return "", err
	}
	h, s, _ := rgbToHSL(r, g, b)
	var sb strings.Builder
	sb.WriteString(":root{")
	for _, shade := range brandShades() {
		cr, cg, cb := shadeFor(h, s, shade.luminance)
		fmt.Fprintf(&sb, "--brand-%d:%d %d %d;", shade.name, cr, cg, cb)
	}
	sb.WriteString("}\n")
	return sb.String(), nil
}

func parseHex(s string) (r, g, b float64, err error) {
	if len(s) != 7 || s[0] != '#' {
		return 0, 0, 0, fmt.Errorf(`views: brand colour must be "#rrggbb", got %q`, s)
	}
	v, perr := strconv.ParseUint(s[1:], 16, 32)
	if perr != nil {
		return 0, 0, 0, fmt.Errorf(`views: brand colour must be "#rrggbb", got %q`, s)
	}
	return float64(v>>16&0xff) / 255, float64(v>>8&0xff) / 255, float64(v&0xff) / 255, nil
}

// shadeFor finds, by bisection, the HSL lightness whose colour has the wanted relative
// luminance. Every channel grows with lightness, so the luminance does too.
func shadeFor(h, s, target float64) (r, g, b uint8) {
	lo, hi := 0.0, 1.0
	for range 40 {
		mid := (lo + hi) / 2
		if luminance(hslToRGB(h, s, mid)) < target {
			lo = mid
		} else {
			hi = mid
		}
	}
	cr, cg, cb := hslToRGB(h, s, (lo+hi)/2)
	return to8(cr), to8(cg), to8(cb)
}

func to8(c float64) uint8 { return uint8(math.Round(math.Max(0, math.Min(1, c)) * 255)) }

// luminance is WCAG's relative luminance of an sRGB colour.
func luminance(r, g, b float64) float64 {
	lin := func(c float64) float64 {
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func rgbToHSL(r, g, b float64) (h, s, l float64) {
	mx, mn := math.Max(r, math.Max(g, b)), math.Min(r, math.Min(g, b))
	l = (mx + mn) / 2
	d := mx - mn
	if d == 0 {
		return 0, 0, l
	}
	s = d / (1 - math.Abs(2*l-1))
	switch mx {
	case r:
		h = math.Mod((g-b)/d, 6)
	case g:
		h = (b-r)/d + 2
	default:
		h = (r-g)/d + 4
	}
	h *= 60
	if h < 0 {
		h += 360
	}
	return h, s, l
}

func hslToRGB(h, s, l float64) (r, g, b float64) {
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := l - c/2
	switch {
	case h < 60:
		r, g, b = c, x, 0
	case h < 120:
		r, g, b = x, c, 0
	case h < 180:
		r, g, b = 0, c, x
	case h < 240:
		r, g, b = 0, x, c
	case h < 300:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	return r + m, g + m, b + m
}
