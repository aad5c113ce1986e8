package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
)

func TestLeadNew(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		token := w.c.CSRF()

		t.Run("CreateByHand", func(t *testing.T) {
			if resp := w.c.Get("/app/leads/new"); resp.StatusCode != http.StatusOK {
				t.Fatalf("form: %d", resp.StatusCode)
			}
			bad := url.Values{"_csrf": {token}, "name": {""}, "email": {"x"}, "status": {"archived"}}
			resp := w.c.PostForm("/app/leads", bad)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("invalid: %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, resp)
			assertFieldError(t, doc, "name", "Enter")
			good := url.Values{"_csrf": {token}, "name": {"Dee"}, "email": {"dee@example.com"}, "status": {"contacted"}, "owner_id": {fmt.Sprint(w.me.ID)}, "next_action_at": {"2030-01-02"}}
			resp = w.c.PostForm("/app/leads", good)
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/app/leads/") {
				t.Fatalf("create: %d %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			doc = apptest.Doc(t, w.c.Get(resp.Header.Get("Location")))
			if !strings.Contains(doc.Find("[data-testid=lead-card]").Text(), "dee@example.com") {
				t.Error("the new lead's page does not show it")
			}
			if !strings.Contains(doc.Find("[data-testid=event]").Text(), "Sam Staff") {
				t.Error("the history does not say who entered it")
			}
		})
	})
}
