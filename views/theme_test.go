package views

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestThemeCSS(t *testing.T) {
	t.Run("ErrBadColour", func(t *testing.T) {
		for _, in := range []string{"", "#", "4f46e5", "#4f46e", "#4f46e5a", "#4g46e5", "#4F46E5 ", "rgb(1,2,3)", "#+f46e5"} {
			if css, err := ThemeCSS(in); err == nil {
				t.Errorf("ThemeCSS(%q) = %q, want an error", in, css)
			}
		}
	})

	t.Run("OK", func(t *testing.T) {
		css, err := ThemeCSS("#4F46E5")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(css, ":root{") || !strings.HasSuffix(strings.TrimSpace(css), "}") {
			t.Errorf("css = %q, want one :root rule", css)
		}
		shades := themeShades(t, css)
		for _, n := range []int{50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950} {
			if _, ok := shades[n]; !ok {
				t.Errorf("css has no --brand-%d: %s", n, css)
			}
		}
		if len(shades) != 11 {
			t.Errorf("css has %d shades, want 11", len(shades))
		}
	})

	t.Run("ShadesDarkenInOrder", func(t *testing.T) {
		css, err := ThemeCSS("#0d9488")
		if err != nil {
			t.Fatal(err)
		}
		shades := themeShades(t, css)
		prev := 2.0
		for _, n := range []int{50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950} {
			l := relLum(shades[n])
			if l >= prev {
				t.Errorf("--brand-%d (luminance %.3f) is not darker than the shade before (%.3f)", n, l, prev)
			}
			prev = l
		}
	})
}

// TestThemeContrastForAnyHue: the templates put white text on 600, 600/700 text on
// white and 300/400 text on the dark background; whatever colour a company picks,
// those must pass WCAG AA.
func TestThemeContrastForAnyHue(t *testing.T) {
	white := [3]float64{1, 1, 1}
	slate950 := [3]float64{2.0 / 255, 6.0 / 255, 23.0 / 255}
	slate900 := [3]float64{15.0 / 255, 23.0 / 255, 42.0 / 255}
	for _, brand := range []string{"#4f46e5", "#facc15", "#22c55e", "#06b6d4", "#e11d48", "#000000", "#ffffff", "#808080", "#ff00ff"} {
		css, err := ThemeCSS(brand)
		if err != nil {
			t.Fatal(err)
		}
		s := themeShades(t, css)
		checks := []struct {
			what   string
			fg, bg [3]float64
		}{
			{"white on 600", white, s[600]},
			{"600 on white", s[600], white},
			{"700 on 50", s[700], s[50]},
			{"800 on 100", s[800], s[100]},
			{"400 on slate-950", s[400], slate950},
			{"300 on slate-900", s[300], slate900},
			{"slate-950 on 400", slate950, s[400]},
		}
		for _, c := range checks {
			if r := contrast(c.fg, c.bg); r < 4.5 {
				t.Errorf("%s: %s has contrast %.2f, want ≥ 4.5", brand, c.what, r)
			}
		}
	}
}

func themeShades(t *testing.T, css string) map[int][3]float64 {
	t.Helper()
	re := regexp.MustCompile(`--brand-(\d+):(\d{1,3}) (\d{1,3}) (\d{1,3});`)
	out := map[int][3]float64{}
	for _, m := range re.FindAllStringSubmatch(css, -1) {
		n, _ := strconv.Atoi(m[1])
		var c [3]float64
		for i := range 3 {
			v, _ := strconv.Atoi(m[2+i])
			if v > 255 {
				t.Fatalf("channel %d out of range in %s", v, m[0])
			}
			c[i] = float64(v) / 255
		}
		out[n] = c
	}
	return out
}

func relLum(c [3]float64) float64 { return luminance(c[0], c[1], c[2]) }

func contrast(a, b [3]float64) float64 {
	la, lb := relLum(a), relLum(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func ExampleThemeCSS() {
	css, _ := ThemeCSS("#808080")
	fmt.Println(strings.HasPrefix(css, ":root{--brand-50:"))
	// Output: true
}
