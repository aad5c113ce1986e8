package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
)

// exported is what the test reads of an export.
type exported struct {
	Email string `json:"email"`
	Leads []struct {
		ID          int64  `json:"id"`
		Name        string `json:"name"`
		Email       string `json:"email"`
		ConsentText string `json:"consent_text"`
		Notes       []struct {
			Body string `json:"body"`
		} `json:"notes"`
		History []struct {
			Field    string `json:"field"`
			NewValue string `json:"new_value"`
		} `json:"history"`
	} `json:"leads"`
}

func TestExport(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		ctx := context.Background()
		if err := w.s.Store.AddNote(ctx, &models.Note{LeadID: w.ada.ID, UserID: &w.me.ID, Body: "Wants a call on Monday"}); err != nil {
			t.Fatal(err)
		}
		if resp := w.setStatus(t, w.ada, "contacted"); resp.StatusCode != http.StatusOK {
			t.Fatalf("status: %d", resp.StatusCode)
		}
		admin := w.s.Client(t)
		admin.Login(adminEmail, goodPass)

		t.Run("AdminsOnly", func(t *testing.T) {
			if resp := w.c.Get(paths.AdminExport); resp.StatusCode != http.StatusForbidden {
				t.Errorf("staff: %d", resp.StatusCode)
			}
		})
		t.Run("BadAddressRefused", func(t *testing.T) {
			page := apptest.Doc(t, admin.Get(paths.AdminExport))
			if text(page, "#export-title") != "Everything stored about one person" {
				t.Fatalf("page %q", text(page, "#export-title"))
			}
			resp := admin.PostForm(paths.AdminExport, url.Values{"email": {"not an address"}, "_csrf": {admin.CSRF()}})
			doc := apptest.Doc(t, resp)
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.HasPrefix(text(doc, "[data-testid=error-email]"), "Enter an email address") {
				t.Errorf("%d %q", resp.StatusCode, text(doc, "[data-testid=error-email]"))
			}
		})
		t.Run("EverythingAboutTheAddress", func(t *testing.T) {
			resp := admin.PostForm(paths.AdminExport, url.Values{"email": {" Ada@Example.com "}, "_csrf": {admin.CSRF()}})
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), `attachment; filename="leadline-export-`) ||
				!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("%d %v", resp.StatusCode, resp.Header)
			}
			var ex exported
			if err := json.NewDecoder(resp.Body).Decode(&ex); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			// Ada's lead and Cy's, which repeats her address in capitals; not Bob's.
			if ex.Email != "ada@example.com" || len(ex.Leads) != 2 || ex.Leads[0].ID != w.ada.ID || ex.Leads[1].ID != w.cy.ID {
				t.Fatalf("export %+v", ex)
			}
			ada := ex.Leads[0]
			if ada.Name != "Ada Lovelace" || len(ada.Notes) != 1 || ada.Notes[0].Body != "Wants a call on Monday" ||
				len(ada.History) != 1 || ada.History[0].Field != "status" || ada.History[0].NewValue != "contacted" {
				t.Errorf("Ada's lead %+v", ada)
			}
		})
	})
}
