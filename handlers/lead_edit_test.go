package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
)

func TestLeadEdit(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		path := fmt.Sprintf("/app/leads/%d", w.ada.ID)

		t.Run("EditRowInPlace", func(t *testing.T) {
			resp := w.c.Get(path+"/edit?view=row", "HX-Request", "true")
			doc := apptest.RowsDoc(t, resp)
			if doc.Find("tr input[name=name]").Length() != 1 || doc.Find("input[name=version]").Length() != 1 {
				t.Fatal("the row did not turn into a form")
			}
			v := w.editValues(t, w.ada.ID, "name", "Ada King", "view", "row", "_csrf", w.c.CSRF())
			resp = w.c.PutForm(path, v, "HX-Request", "true")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			doc = apptest.RowsDoc(t, resp)
			if doc.Find("[data-testid=lead-row]").Length() != 1 || !strings.Contains(doc.Text(), "Ada King") {
				t.Error("the answer is not the saved row")
			}
			l, _ := w.s.Store.Lead(context.Background(), w.ada.ID)
			if l.Name != "Ada King" || l.Version != 2 || l.Message != "100% interested" {
				t.Errorf("stored %+v", l)
			}
		})

		t.Run("NoJSEditPage", func(t *testing.T) {
			doc := apptest.Doc(t, w.c.Get(path+"/edit"))
			if doc.Find("html").Length() != 1 || doc.Find("form[method=post] input[name=_csrf]").Length() == 0 {
				t.Fatal("no edit page")
			}
			v := w.editValues(t, w.ada.ID, "phone", "+1 555 0100", "view", "", "_csrf", w.c.CSRF())
			resp := w.c.PostForm(path, v)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path {
				t.Errorf("status %d location %q", resp.StatusCode, resp.Header.Get("Location"))
			}
		})
	})
}

// TestLeadEditInvalid checks that a refused edit comes back as the form, changing
// nothing.
func TestLeadEditInvalid(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		path := fmt.Sprintf("/app/leads/%d", w.ada.ID)

		t.Run("Invalid422", func(t *testing.T) {
			before, _ := w.s.Store.Lead(context.Background(), w.ada.ID)
			v := w.editValues(t, w.ada.ID, "email", "not-an-email", "next_action_at", "someday", "_csrf", w.c.CSRF())
			resp := w.c.PutForm(path, v, "HX-Request", "true")
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, resp)
			assertFieldError(t, doc, "email", "correct format")
			assertFieldError(t, doc, "next_action_at", "date")
			after, _ := w.s.Store.Lead(context.Background(), w.ada.ID)
			if after.Version != before.Version || after.Email != before.Email {
				t.Error("an invalid edit changed the lead")
			}
			v.Del("version")
			v.Set("email", "ok@example.com")
			v.Set("next_action_at", "")
			if resp := w.c.PutForm(path, v, "HX-Request", "true"); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("no version: %d", resp.StatusCode)
			}
		})
	})
}

func TestLeadGuards(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)

		t.Run("NotFound", func(t *testing.T) {
			for _, p := range []string{"/app/leads/abc", "/app/leads/999999", "/app/leads/-1", "/app/leads/999999/edit"} {
				if resp := w.c.Get(p); resp.StatusCode != http.StatusNotFound {
					t.Errorf("%s: %d", p, resp.StatusCode)
				}
			}
		})

		t.Run("CSRFRequired", func(t *testing.T) {
			v := w.editValues(t, w.cy.ID, "name", "Hijacked")
			if resp := w.c.PutForm(fmt.Sprintf("/app/leads/%d", w.cy.ID), v); resp.StatusCode != http.StatusForbidden {
				t.Errorf("status %d", resp.StatusCode)
			}
			if l, _ := w.s.Store.Lead(context.Background(), w.cy.ID); l.Name != "Cy Repeat" {
				t.Error("changed without a token")
			}
		})
	})
}
