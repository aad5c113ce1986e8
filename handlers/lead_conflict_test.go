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

func TestLeadConflict(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		path := fmt.Sprintf("/app/leads/%d", w.ada.ID)

		t.Run("StaleVersion409", func(t *testing.T) {
			stale := w.editValues(t, w.ada.ID, "company", "Mine Ltd", "_csrf", w.c.CSRF())
			// Someone else changes the lead first.
			other := w.s.Client(t)
			other.Login(adminEmail, goodPass)
			if resp := other.PutForm(path, w.editValues(t, w.ada.ID, "company", "Theirs Inc", "_csrf", other.CSRF()), "HX-Request", "true"); resp.StatusCode != http.StatusOK {
				t.Fatalf("their edit: %d", resp.StatusCode)
			}
			resp := w.c.PutForm(path, stale, "HX-Request", "true")
			if resp.StatusCode != http.StatusConflict {
				t.Fatalf("stale edit: status %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, resp)
			box := doc.Find("[data-testid=conflict]")
			if box.Length() != 1 || !strings.Contains(box.Text(), "Theirs Inc") || !strings.Contains(box.Text(), "Mine Ltd") || !strings.Contains(box.Text(), "Ada Admin") {
				t.Errorf("conflict view %q", box.Text())
			}
			if doc.Find("[data-testid=conflict-reload]").Length() == 0 {
				t.Error("no way to reload")
			}
			l, _ := w.s.Store.Lead(context.Background(), w.ada.ID)
			if l.Company != "Theirs Inc" {
				t.Errorf("the stale edit overwrote: %q", l.Company)
			}
			// Without htmx: the whole page, also 409.
			stale.Set("view", "")
			if resp := w.c.PostForm(path, stale); resp.StatusCode != http.StatusConflict {
				t.Errorf("no-JS stale edit: %d", resp.StatusCode)
			}
		})
	})
}

// otherEdits saves an edit of l by another user, through the form.
func (w *workspace) otherEdits(t *testing.T, other *apptest.Client, l *models.Lead, kv ...string) {
	t.Helper()
	v := w.editValues(t, l.ID, append(kv, "_csrf", other.CSRF())...)
	if resp := other.PutForm(fmt.Sprintf("/app/leads/%d", l.ID), v, "HX-Request", "true"); resp.StatusCode != http.StatusOK {
		t.Fatalf("their edit: %d", resp.StatusCode)
	}
}

// TestLeadConflictFromTheEditor checks that a conflict answering the edit form comes
// back where the form was (here the row) and opens the form again with what was typed.
func TestLeadConflictFromTheEditor(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		other := w.s.Client(t)
		other.Login(adminEmail, goodPass)
		stale := w.editValues(t, w.ada.ID, "company", "Mine Ltd", "view", "row", "_csrf", w.c.CSRF())
		w.otherEdits(t, other, w.ada, "company", "Theirs Inc")
		resp := w.c.PutForm(fmt.Sprintf("/app/leads/%d", w.ada.ID), stale, "HX-Request", "true")
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("status %d", resp.StatusCode)
		}
		doc := apptest.RowsDoc(t, resp)
		if doc.Find("tr[data-testid=conflict-row]").Length() != 1 || doc.Find("[data-testid=conflict-edit]").Length() != 1 {
			t.Fatal("the editor's conflict is not a row that can be edited again")
		}
		if v, _ := doc.Find("[data-testid=conflict-form] input[name=view]").Attr("value"); v != "row" {
			t.Errorf("the form again carries view %q", v)
		}
		if u, _ := doc.Find("[data-testid=conflict-reload]").Attr("hx-get"); u != fmt.Sprintf("/app/leads/%d?view=row", w.ada.ID) {
			t.Errorf("reload asks for %q", u)
		}
	})
}

// TestLeadConflictFromOneClick checks that a one-click change's conflict shows the
// choice made, has no form to reopen, and says which fields the person left alone.
func TestLeadConflictFromOneClick(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		other := w.s.Client(t)
		other.Login(adminEmail, goodPass)
		setStatus := func(c *apptest.Client, l *models.Lead, status, version, view string) *http.Response {
			return c.PostForm(fmt.Sprintf("/app/leads/%d/status", l.ID),
				url.Values{"status": {status}, "version": {version}, "view": {view}, "_csrf": {c.CSRF()}}, "HX-Request", "true")
		}

		t.Run("AgainstAnotherField", func(t *testing.T) {
			stale := w.version(t, w.bob.ID)
			w.otherEdits(t, other, w.bob, "company", "Theirs Inc")
			resp := setStatus(w.c, w.bob, "won", stale, "card")
			if resp.StatusCode != http.StatusConflict {
				t.Fatalf("status %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, resp)
			if doc.Find("[data-testid=lead-card-conflict]").Length() != 1 || doc.Find("[data-testid=conflict-edit]").Length() != 0 {
				t.Error("a one-click change's conflict offers a form to edit again")
			}
			row := doc.Find("[data-testid=conflict-fields] tbody tr")
			if row.Length() != 1 || !strings.Contains(row.Text(), "(not changed by you)") {
				t.Errorf("conflict fields %q", row.Text())
			}
		})

		t.Run("AgainstTheirStatus", func(t *testing.T) {
			stale := w.version(t, w.cy.ID)
			if resp := setStatus(other, w.cy, "lost", stale, "row"); resp.StatusCode != http.StatusOK {
				t.Fatalf("their change: %d", resp.StatusCode)
			}
			resp := setStatus(w.c, w.cy, "won", stale, "row")
			cells := apptest.RowsDoc(t, resp).Find("[data-testid=conflict-fields] tbody td")
			if resp.StatusCode != http.StatusConflict || cells.Length() != 2 || !strings.Contains(cells.Eq(0).Text(), "Lost") || cells.Eq(1).Text() != "Won" {
				t.Errorf("status %d, saved and yours %q", resp.StatusCode, cells.Text())
			}
		})
	})
}
