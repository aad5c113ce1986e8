package jobs_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/mailtest"
	"github.com/leadline/leadline/models"
)

var bulkBox = regexp.MustCompile(`name="ids" value="([0-9]+:[0-9]+)"`)

// TestBulkAssignmentEmails: giving leads to a colleague in bulk emails them once per
// lead, as one click on each would.
func TestBulkAssignmentEmails(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		srv := mailtest.Start(t)
		s := apptest.New(t, dialect, mailEnv(srv))
		s.AddUser(t, "ada@example.com", "Ada Admin", models.RoleAdmin, "correct horse battery staple")
		sam := s.AddUser(t, "sam@example.com", "Sam Staff", models.RoleStaff, "correct horse battery staple")
		s.StartJobs()
		post(t, s, lead("name", "Grace Hopper"))
		post(t, s, lead("name", "Alan Turing"))
		srv.WaitFor(t, 2, waitMail, nil) // the team's two new-lead emails

		ada := s.Client(t)
		ada.Login("ada@example.com", "correct horse battery staple")
		form := url.Values{"action": {"owner"}, "owner_id": {fmt.Sprint(sam.ID)}, "_csrf": {ada.CSRF()}}
		for _, m := range bulkBox.FindAllStringSubmatch(apptest.Body(t, ada.Get("/app/leads")), -1) {
			form.Add("ids", m[1])
		}
		if len(form["ids"]) != 2 {
			t.Fatalf("%d rows to tick", len(form["ids"]))
		}
		if resp := ada.PostForm("/app/leads/bulk/apply", form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("apply: %d", resp.StatusCode)
		}
		got := srv.WaitFor(t, 4, waitMail, nil)
		toSam := 0
		for _, m := range got {
			if len(m.To) == 1 && m.To[0] == "sam@example.com" {
				toSam++
			}
		}
		if toSam != 2 || len(srv.Messages()) != 4 {
			t.Errorf("%d emails to Sam of %d", toSam, len(srv.Messages()))
		}
	})
}
