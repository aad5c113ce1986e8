package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
)

func TestLeadStatus(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)

		t.Run("StatusAndOwnerOneClick", func(t *testing.T) {
			resp := w.setStatus(t, w.bob, "qualified")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status change: %d", resp.StatusCode)
			}
			doc := apptest.RowsDoc(t, resp)
			if v, _ := doc.Find("[data-testid=status-select] option[selected]").Attr("value"); v != "qualified" {
				t.Errorf("selected status %q", v)
			}
			if resp := w.setOwner(t, w.bob, w.other.ID); resp.StatusCode != http.StatusOK {
				t.Fatalf("owner change: %d", resp.StatusCode)
			}
			if resp := w.setStatus(t, w.bob, "archived"); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("unknown status: %d", resp.StatusCode)
			}
			if resp := w.setOwner(t, w.bob, 999999); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("unknown owner: %d", resp.StatusCode)
			}
			// The history says who changed what.
			doc = apptest.Doc(t, w.c.Get(fmt.Sprintf("/app/leads/%d", w.bob.ID)))
			events := doc.Find("[data-testid=event]")
			text := events.Text()
			if events.Length() != 3 || !strings.Contains(text, "Sam Staff") || !strings.Contains(text, "Qualified") || !strings.Contains(text, "Ada Admin") || !strings.Contains(text, "landing form") {
				t.Errorf("history (%d): %q", events.Length(), text)
			}
		})

		t.Run("StatusWithoutJavaScript", func(t *testing.T) {
			resp := w.c.PostForm(fmt.Sprintf("/app/leads/%d/status", w.cy.ID),
				url.Values{"status": {"lost"}, "version": {w.version(t, w.cy.ID)}, "view": {"row"}, "_csrf": {w.c.CSRF()}},
				"Referer", "http://localhost:3000/app/leads?q=cy")
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/app/leads?q=cy" {
				t.Fatalf("status %d location %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			if l, _ := w.s.Store.Lead(context.Background(), w.cy.ID); l.Status != models.StatusLost {
				t.Errorf("status %q", l.Status)
			}
			if apptest.Doc(t, w.c.Get("/app/leads?q=cy")).Find("[data-testid=flash]").Length() != 1 {
				t.Error("no message after the redirect")
			}
		})
	})
}

// TestLeadFieldsFromTheBody checks that a post's fields come from its body only: a
// value smuggled into the URL's query (which Fiber's FormValue reads first) counts
// for nothing.
func TestLeadFieldsFromTheBody(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		status := fmt.Sprintf("/app/leads/%d/status?status=won&view=row", w.bob.ID)
		resp := w.c.PostForm(status, url.Values{"version": {w.version(t, w.bob.ID)}, "_csrf": {w.c.CSRF()}}, "HX-Request", "true")
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("status from the query: %d", resp.StatusCode)
		}
		// With the status in the body, the view in the query is not read either: the
		// answer is the whole page's redirect, not a row.
		resp = w.c.PostForm(status, url.Values{"status": {"lost"}, "version": {w.version(t, w.bob.ID)}, "_csrf": {w.c.CSRF()}}, "HX-Request", "true")
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("view from the query: %d", resp.StatusCode)
		}
		edit := fmt.Sprintf("/app/leads/%d?name=Smuggled", w.ada.ID)
		if resp := w.c.PutForm(edit, w.editValues(t, w.ada.ID, "_csrf", w.c.CSRF()), "HX-Request", "true"); resp.StatusCode != http.StatusOK {
			t.Fatalf("edit: %d", resp.StatusCode)
		}
		notes := fmt.Sprintf("/app/leads/%d/notes?body=Smuggled", w.ada.ID)
		if resp := w.c.PostForm(notes, url.Values{"_csrf": {w.c.CSRF()}}, "HX-Request", "true"); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("note from the query: %d", resp.StatusCode)
		}
		bob, _ := w.s.Store.Lead(context.Background(), w.bob.ID)
		ada, _ := w.s.Store.Lead(context.Background(), w.ada.ID)
		if bob.Status != models.StatusLost || ada.Name != "Ada Lovelace" {
			t.Errorf("stored status %q, name %q", bob.Status, ada.Name)
		}
	})
}
