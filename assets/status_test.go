package assets_test

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/leadline/leadline/models"
)

// toneClass is a status colour's selector: .tone-new …
var toneClass = regexp.MustCompile(`\.tone-([a-z0-9_-]+)\b`)

// TestStatusColours holds the stylesheet's per-status colours to models.Statuses(). CSS
// cannot read the Go list, so it spells each status out; a status added to models fails
// here until it has its colour, and one removed fails until its colour goes.
func TestStatusColours(t *testing.T) {
	want := make([]string, 0, len(models.Statuses()))
	for _, s := range models.Statuses() {
		want = append(want, string(s))
	}
	slices.Sort(want)
	for _, tc := range []struct{ name, path string }{
		// The source defines a .tone-<status> rule for every status and no other.
		{"Source", "src/app.css"},
		// The built file that ships keeps them all: Tailwind drops a class that views
		// never writes out, and make css must have run since the source changed.
		{"Built", "static/app.css"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			css, err := os.ReadFile(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range toneClass.FindAllStringSubmatch(string(css), -1) {
				got = append(got, m[1])
			}
			slices.Sort(got)
			got = slices.Compact(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s colours statuses %q; models.Statuses() is %q", tc.path, got, want)
			}
		})
	}
}
