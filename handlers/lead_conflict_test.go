package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
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
