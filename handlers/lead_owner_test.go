package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
)

func TestLeadOwner(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)

		t.Run("DeactivatedOwnerStaysNamed", func(t *testing.T) {
			dee := w.s.AddUser(t, "dee@example.com", "Dee Parted", models.RoleStaff, goodPass)
			if resp := w.setOwner(t, w.ada, dee.ID); resp.StatusCode != http.StatusOK {
				t.Fatalf("owner change: %d", resp.StatusCode)
			}
			if _, err := w.s.Store.SetActive(context.Background(), dee.ID, false); err != nil {
				t.Fatal(err)
			}
			doc := apptest.Doc(t, w.c.Get(fmt.Sprintf("/app/leads/%d", w.ada.ID)))
			if got := doc.Find("#lead-card select[name=owner_id] option[selected]").Text(); got != "Dee Parted (deactivated)" {
				t.Errorf("selected owner %q", got)
			}
			if !strings.Contains(doc.Find("#history").Text(), "to Dee Parted") {
				t.Errorf("history %q", doc.Find("#history").Text())
			}
			// A deactivated user cannot be given leads.
			if resp := w.setOwner(t, w.bob, dee.ID); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("owner change to a deactivated user: %d", resp.StatusCode)
			}
		})
	})
}
