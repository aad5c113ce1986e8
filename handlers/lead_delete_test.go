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

func TestLeadDelete(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		token := w.c.CSRF()

		t.Run("DeleteWithConfirmStep", func(t *testing.T) {
			row := apptest.RowsDoc(t, w.c.Get(fmt.Sprintf("/app/leads/%d/delete?view=row", w.cy.ID), "HX-Request", "true"))
			if row.Find("[data-testid=confirm-delete]").Length() != 1 {
				t.Fatal("no confirm step in the row")
			}
			req, _ := http.NewRequest(http.MethodDelete, fmt.Sprintf("/app/leads/%d", w.cy.ID), nil)
			req.Header.Set("HX-Request", "true")
			req.Header.Set("X-CSRF-Token", token)
			resp := w.c.Do(req)
			if resp.StatusCode != http.StatusOK || apptest.Body(t, resp) != "" {
				t.Errorf("htmx delete: %d", resp.StatusCode)
			}
			if _, err := w.s.Store.Lead(context.Background(), w.cy.ID); err == nil {
				t.Error("not deleted")
			}
			page := apptest.Doc(t, w.c.Get(fmt.Sprintf("/app/leads/%d/delete", w.bob.ID)))
			if page.Find("form[method=post] [data-testid=confirm-delete-page]").Length() != 1 {
				t.Fatal("no confirm page")
			}
			resp = w.c.PostForm(fmt.Sprintf("/app/leads/%d/delete", w.bob.ID), url.Values{"_csrf": {token}})
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/app/leads" {
				t.Errorf("no-JS delete: %d", resp.StatusCode)
			}
			resp = w.c.PostForm(fmt.Sprintf("/app/leads/%d/delete", w.bob.ID), url.Values{"_csrf": {token}})
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("second delete: %d", resp.StatusCode)
			}
		})
	})
}

// TestLeadDeleteAnswers checks the three answers of DELETE: htmx swaps the row for
// nothing (a fragment, so the answer varies with the htmx headers); a boosted request
// or a script gets 204 No Content.
func TestLeadDeleteAnswers(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		del := func(l *models.Lead, headers ...string) *http.Response {
			t.Helper()
			req, _ := http.NewRequest(http.MethodDelete, fmt.Sprintf("/app/leads/%d", l.ID), nil)
			req.Header.Set("X-CSRF-Token", w.c.CSRF())
			for i := 0; i+1 < len(headers); i += 2 {
				req.Header.Set(headers[i], headers[i+1])
			}
			return w.c.Do(req)
		}
		resp := del(w.ada, "HX-Request", "true")
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Vary"), "HX-Request") {
			t.Errorf("htmx: %d, Vary %q", resp.StatusCode, resp.Header.Get("Vary"))
		}
		if resp := del(w.bob, "HX-Request", "true", "HX-Boosted", "true"); resp.StatusCode != http.StatusNoContent {
			t.Errorf("boosted: %d", resp.StatusCode)
		}
		if resp := del(w.cy); resp.StatusCode != http.StatusNoContent {
			t.Errorf("no htmx: %d", resp.StatusCode)
		}
	})
}
