package handlers_test

import (
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
)

func TestDashboard(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		w.setStatus(t, w.bob, "won")
		w.setStatus(t, w.cy, "lost")
		doc := apptest.Doc(t, w.c.Get("/app"))
		if got := strings.TrimSpace(doc.Find("[data-testid=lead-total]").Text()); got != "3" {
			t.Errorf("total %q", got)
		}
		if got := doc.Find("[data-testid=status-count-won]").Text(); !strings.Contains(got, "1") {
			t.Errorf("won count %q", got)
		}
		if got := doc.Find("[data-testid=conversion]").Text(); !strings.Contains(got, "50") {
			t.Errorf("conversion %q", got)
		}
		chart := doc.Find("svg[data-testid=chart]")
		if chart.Length() != 1 || chart.Find("rect").Length() < 30 {
			t.Fatalf("chart: %d svgs, %d bars", chart.Length(), chart.Find("rect").Length())
		}
		if !strings.Contains(chart.Find("desc").Text(), "3 new leads") {
			t.Errorf("chart summary %q", chart.Find("desc").Text())
		}
		if doc.Find("[data-testid=recent-leads] a").Length() < 3 {
			t.Error("newest leads missing")
		}
		if doc.Find("script:not([src])").Length() != 0 {
			t.Error("inline script on the dashboard")
		}
	})
}

func TestDashboardLinksToTheList(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		doc := apptest.Doc(t, w.c.Get("/app"))
		if href, _ := doc.Find("[data-testid=status-link-won]").Attr("href"); href != "/app/leads?status=won" {
			t.Errorf("won count links to %q", href)
		}
	})
}

// TestWorkspaceName checks that the workspace carries the app's name in its titles,
// while the public pages carry the product's.
func TestWorkspaceName(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		for path, want := range map[string]string{"/app": "Dashboard — Leadline", "/app/leads": "Leads — Leadline"} {
			if got := apptest.Doc(t, w.c.Get(path)).Find("head > title").Text(); got != want {
				t.Errorf("%s: title %q, want %q", path, got, want)
			}
		}
		if got := apptest.Doc(t, w.s.Get("/login")).Find("head > title").Text(); got != "Sign in — Baton" {
			t.Errorf("sign-in title %q", got)
		}
	})
}
