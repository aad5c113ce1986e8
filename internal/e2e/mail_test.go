package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/jobs"
	"github.com/leadline/leadline/internal/mailtest"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

// TestAdminMailPage: while the mail server is down an email fails; the admin finds it
// on the mail page, sends it again once the server is back, and the page empties.
func TestAdminMailPage(t *testing.T) {
	srv := mailtest.Start(t)
	srv.Down(true)
	tuning := apptest.JobTuning
	tuning.MaxAttempts = 1
	s := apptest.NewWith(t, testdb.New(t, "postgres"), map[string]string{
		"LEADLINE_SMTP_URL": srv.URL(), "LEADLINE_NOTIFY_TO": "team@example.com"}, tuning)
	s.AddUser(t, "ada@example.com", "Ada Admin", models.RoleAdmin, "correct horse battery staple")
	s.StartJobs()
	l := models.Submission{LeadInput: models.LeadInput{Name: "Grace Hopper", Email: "grace@example.com"}}.NewLead("")
	if _, err := s.Store.CreateLead(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	waitForDB(t, func() bool {
		list, err := s.Jobs.MailJobs(context.Background())
		return err == nil && len(list) == 1 && list[0].State == jobs.MailFailed
	})
	base := s.Listen()
	b := newBrowser(t)
	signIn(t, b, base, "ada@example.com", "correct horse battery staple")
	do(t, b, "open the mail page", chromedp.Navigate(base+"/app/admin/mail"), chromedp.WaitVisible(byTestID("mail-jobs")))
	checkAccessibility(t, b, "the mail page with a failed email")

	srv.Down(false)
	do(t, b, "send it again", chromedp.Click(byTestID("mail-retry")), chromedp.WaitVisible(byTestID("flash")))
	checkAccessibility(t, b, "the mail page after a retry")
	srv.WaitFor(t, 1, 20*time.Second, nil)
	waitForDB(t, func() bool {
		list, err := s.Jobs.MailJobs(context.Background())
		return err == nil && len(list) == 0
	})
	do(t, b, "reload", chromedp.Navigate(base+"/app/admin/mail"), chromedp.WaitVisible(byTestID("mail-empty")))
	checkAccessibility(t, b, "the mail page with nothing waiting")
}
