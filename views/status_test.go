package views

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/leadline/leadline/models"
)

// TestStatusClassesWrittenOut holds the views' status colours to models.Statuses().
// Tailwind keeps only the classes it finds written out in views/, so each status's
// tone-<status> class is spelled in full in the source (statusTone) rather than built
// from the status; this test fails when a status has no class there, or a class no
// status.
func TestStatusClassesWrittenOut(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	templs, _ := filepath.Glob("*.templ")
	tone := regexp.MustCompile(`\btone-([a-z0-9_-]+)\b`)
	var got []string
	for _, f := range append(files, templs...) {
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "_templ.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range tone.FindAllStringSubmatch(string(src), -1) {
			got = append(got, m[1])
		}
	}
	slices.Sort(got)
	got = slices.Compact(got)
	var want []string
	for _, s := range models.Statuses() {
		want = append(want, string(s))
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("views write out tone classes for %q; models.Statuses() is %q", got, want)
	}
}
