package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
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
