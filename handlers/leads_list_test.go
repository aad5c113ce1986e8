package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/leadline/leadline/internal/apptest"
)

func TestLeadsList(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)

		t.Run("WholePage", func(t *testing.T) {
			resp := w.c.Get("/app/leads")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, resp)
			if got := rowNames(doc); got != "Cy Repeat|Bob <b>Bold</b>|Ada Lovelace" {
				t.Errorf("rows %q", got)
			}
			if doc.Find("form#lead-filters input[name=q]").Length() != 1 {
				t.Error("no search box")
			}
			if doc.Find("#lead-results b").Length() != 0 {
				t.Error("markup in a lead was not escaped")
			}
			if !strings.Contains(doc.Find("[data-testid=results-total]").Text(), "3") {
				t.Errorf("total %q", doc.Find("[data-testid=results-total]").Text())
			}
			cy := doc.Find(fmt.Sprintf("#lead-%d", w.cy.ID))
			if href, _ := cy.Find("[data-testid=repeat-badge]").Attr("href"); href != fmt.Sprintf("/app/leads/%d", w.ada.ID) {
				t.Errorf("repeat link %q", href)
			}
		})

		t.Run("SearchFragmentForHTMX", func(t *testing.T) {
			resp := w.c.Get("/app/leads?q=ADA%40", "HX-Request", "true")
			if !strings.Contains(resp.Header.Get("Vary"), "HX-Request") {
				t.Errorf("Vary %q", resp.Header.Get("Vary"))
			}
			body := apptest.Body(t, resp)
			if strings.Contains(body, "<html") {
				t.Error("htmx got the whole page")
			}
			doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
			if got := rowNames(doc); got != "Cy Repeat|Ada Lovelace" {
				t.Errorf("rows %q", got)
			}
		})

		t.Run("HistoryRestoreGetsWholePage", func(t *testing.T) {
			body := apptest.Body(t, w.c.Get("/app/leads?q=ada", "HX-Request", "true", "HX-History-Restore-Request", "true"))
			if !strings.Contains(body, "<html") {
				t.Error("a history restore got a fragment")
			}
		})

		t.Run("NeedsASession", func(t *testing.T) {
			if resp := w.s.Client(t).Get("/app/leads"); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("status %d", resp.StatusCode)
			}
		})
	})
}

func TestLeadsListFilters(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)

		t.Run("Filters", func(t *testing.T) {
			w.setStatus(t, w.bob, "won")
			w.setOwner(t, w.ada, w.me.ID)
			for query, want := range map[string]string{
				"q=100%25":                     "Ada Lovelace",
				"q=%25":                        "Ada Lovelace",
				"q=e_c":                        "Bob <b>Bold</b>",
				"q=a_a":                        "",
				"status=won":                   "Bob <b>Bold</b>",
				"owner=me":                     "Ada Lovelace",
				"owner=none":                   "Cy Repeat|Bob <b>Bold</b>",
				"sort=name":                    "Ada Lovelace|Bob <b>Bold</b>|Cy Repeat",
				"sort=-name":                   "Cy Repeat|Bob <b>Bold</b>|Ada Lovelace",
				"sort=created":                 "Ada Lovelace|Bob <b>Bold</b>|Cy Repeat",
				"sort=status":                  "Cy Repeat|Ada Lovelace|Bob <b>Bold</b>",
				"per_page=2":                   "Cy Repeat|Bob <b>Bold</b>",
				"per_page=2&page=2":            "Ada Lovelace",
				"owner=" + fmt.Sprint(w.me.ID): "Ada Lovelace",
			} {
				doc := apptest.Doc(t, w.c.Get("/app/leads?"+query))
				if got := rowNames(doc); got != want {
					t.Errorf("%s: rows %q, want %q", query, got, want)
				}
			}
			doc := apptest.Doc(t, w.c.Get("/app/leads?q=nothing-like-this"))
			if doc.Find("[data-testid=empty-state]").Length() != 1 {
				t.Error("no empty state for a search without results")
			}
		})

		t.Run("DueFilter", func(t *testing.T) {
			resp := w.c.PutForm(fmt.Sprintf("/app/leads/%d", w.cy.ID), w.editValues(t, w.cy.ID, "next_action_at", time.Now().UTC().Format("2006-01-02"), "_csrf", w.c.CSRF()), "HX-Request", "true")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("set date: %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, w.c.Get("/app/leads?due=1"))
			if got := rowNames(doc); got != "Cy Repeat" {
				t.Errorf("due rows %q", got)
			}
			if doc.Find("[data-testid=due-badge]").Length() != 1 {
				t.Error("no due badge")
			}
		})

		t.Run("BadFilters422", func(t *testing.T) {
			for _, q := range []string{"status=archived", "per_page=101", "page=0", "sort=price", "owner=someone", "q=%FF"} {
				if resp := w.c.Get("/app/leads?" + q); resp.StatusCode != http.StatusUnprocessableEntity {
					t.Errorf("%s: status %d", q, resp.StatusCode)
				}
			}
		})
	})
}

// TestLeadsListLinks checks that every link the list makes carries its filter as it
// was read: the owner as chosen ("me" stays "me"), no empty parameter, no default.
func TestLeadsListLinks(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		w.setOwner(t, w.ada, w.me.ID)
		w.setOwner(t, w.bob, w.me.ID)

		t.Run("PushedURLIsTheFilters", func(t *testing.T) {
			resp := w.c.Get("/app/leads?q=ada&status=&owner=&due=&sort=-created&per_page=25", "HX-Request", "true")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got := resp.Header.Get("HX-Push-Url"); got != "/app/leads?q=ada" {
				t.Errorf("HX-Push-Url %q, want the filter without its empty and default fields", got)
			}
			if resp := w.c.Get("/app/leads?status=archived", "HX-Request", "true"); resp.Header.Get("HX-Push-Url") != "" {
				t.Errorf("a refused filter pushed %q", resp.Header.Get("HX-Push-Url"))
			}
			if resp := w.c.Get("/app/leads?q=ada"); resp.Header.Get("HX-Push-Url") != "" {
				t.Errorf("a whole page pushed %q", resp.Header.Get("HX-Push-Url"))
			}
		})

		t.Run("LinksKeepTheOwnerAsChosen", func(t *testing.T) {
			doc := apptest.Doc(t, w.c.Get("/app/leads?owner=me&per_page=1&status="))
			if got := rowNames(doc); got != "Bob <b>Bold</b>" {
				t.Fatalf("rows %q", got)
			}
			links := map[string]string{
				"next-page":  "/app/leads?owner=me&page=2&per_page=1",
				"sort-name":  "/app/leads?owner=me&per_page=1&sort=name",
				"export-csv": "/app/leads.csv?owner=me",
			}
			for testid, want := range links {
				if href, _ := doc.Find("[data-testid=" + testid + "]").Attr("href"); href != want {
					t.Errorf("%s: %q, want %q", testid, href, want)
				}
			}
			if v, _ := doc.Find("select#owner option[selected]").Attr("value"); v != "me" {
				t.Errorf("owner select shows %q, want me", v)
			}
		})

		t.Run("PagesAndOrders", func(t *testing.T) {
			doc := apptest.Doc(t, w.c.Get("/app/leads?sort=name&page=2&per_page=1"))
			if href, _ := doc.Find("[data-testid=prev-page]").Attr("href"); href != "/app/leads?per_page=1&sort=name" {
				t.Errorf("previous page %q", href)
			}
			// Sorted by name, the name header turns the order round and starts again.
			if href, _ := doc.Find("[data-testid=sort-name]").Attr("href"); href != "/app/leads?per_page=1&sort=-name" {
				t.Errorf("name header %q", href)
			}
			if href, _ := doc.Find("[data-testid=sort-created]").Attr("href"); href != "/app/leads?per_page=1&sort=created" {
				t.Errorf("created header %q", href)
			}
		})
	})
}
