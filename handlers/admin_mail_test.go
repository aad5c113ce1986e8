package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/mailtest"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

// mailSite is a site that mails through srv and gives up on an email after one
// attempt, with an admin and a staff user.
func mailSite(t *testing.T, dialect string, srv *mailtest.Server) *apptest.Site {
	t.Helper()
	tuning := apptest.JobTuning
	tuning.MaxAttempts = 1
	env := map[string]string{"LEADLINE_SMTP_URL": srv.URL(), "LEADLINE_NOTIFY_TO": "team@example.com"}
	s := apptest.NewWith(t, testdb.New(t, dialect), env, tuning)
	s.AddUser(t, adminEmail, "Ada Admin", models.RoleAdmin, goodPass)
	s.AddUser(t, staffEmail, "Sam Staff", models.RoleStaff, goodPass)
	s.StartJobs()
	return s
}

// eventually polls cond every 20 ms for up to 20 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		<-tick.C
	}
}

func TestAdminMail(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		srv := mailtest.Start(t)
		srv.Down(true)
		s := mailSite(t, dialect, srv)
		admin := s.Client(t)
		admin.Login(adminEmail, goodPass)
		t.Run("StaffRefused", func(t *testing.T) { adminMailStaffRefused(t, s) })
		t.Run("EmptyState", func(t *testing.T) { adminMailEmpty(t, admin) })
		t.Run("FailedListedAndRetried", func(t *testing.T) { adminMailRetry(t, s, admin, srv) })
	})
}

func adminMailStaffRefused(t *testing.T, s *apptest.Site) {
	staff := s.Client(t)
	staff.Login(staffEmail, goodPass)
	if resp := staff.Get("/app/admin/mail"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("staff: %d", resp.StatusCode)
	}
	if resp := staff.PostForm("/app/admin/mail/1/retry", url.Values{"_csrf": {staff.CSRF()}}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("staff retry: %d", resp.StatusCode)
	}
}

func adminMailEmpty(t *testing.T, admin *apptest.Client) {
	resp := admin.Get("/app/admin/mail")
	doc := apptest.Doc(t, resp)
	if resp.StatusCode != http.StatusOK || doc.Find("h1").Text() != "Mail" || doc.Find("[data-testid=mail-empty]").Length() != 1 {
		t.Fatalf("%d %q", resp.StatusCode, doc.Text())
	}
	if !strings.Contains(doc.Find("[data-testid=mail-settings]").Text(), "Each new lead is sent to team@example.com") {
		t.Errorf("settings: %q", doc.Find("[data-testid=mail-settings]").Text())
	}
}

func adminMailRetry(t *testing.T, s *apptest.Site, admin *apptest.Client, srv *mailtest.Server) {
	l := seedLead(t, s, "Grace Hopper", "grace@example.com", "Navy", "")
	eventually(t, "the email failed", func() bool {
		jobs, err := s.Jobs.MailJobs(context.Background())
		return err == nil && len(jobs) == 1 && jobs[0].State == "failed"
	})
	doc := apptest.Doc(t, admin.Get("/app/admin/mail"))
	row := doc.Find("[data-testid=mail-jobs] tbody tr")
	if row.Length() != 1 || row.Find("[data-testid=mail-state]").Text() != "Failed" ||
		!strings.Contains(row.Text(), "team@example.com") || !strings.Contains(row.Text(), "421") ||
		!strings.Contains(row.Text(), "1 of 1") || !strings.Contains(row.Text(), fmt.Sprintf("Lead %d", l.ID)) {
		t.Fatalf("row: %q", row.Text())
	}
	action, _ := row.Find("form").Attr("action")
	if resp := admin.PostForm(action, url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("retry without CSRF: %d", resp.StatusCode)
	}
	srv.Down(false)
	resp := admin.PostForm(action, url.Values{"_csrf": {admin.CSRF()}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/app/admin/mail" {
		t.Fatalf("retry: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	srv.WaitFor(t, 1, 20*time.Second, nil)
	eventually(t, "the list is empty", func() bool {
		return apptest.Doc(t, admin.Get("/app/admin/mail")).Find("[data-testid=mail-empty]").Length() == 1
	})
	if resp := admin.PostForm("/app/admin/mail/999999/retry", url.Values{"_csrf": {admin.CSRF()}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("retry of no job: %d", resp.StatusCode)
	}
}

func TestAdminMailOff(t *testing.T) {
	s, _, _ := staffSite(t, "sqlite", nil)
	admin := s.Client(t)
	admin.Login(adminEmail, goodPass)
	doc := apptest.Doc(t, admin.Get("/app/admin/mail"))
	if doc.Find("[data-testid=mail-off]").Length() != 1 || doc.Find("[data-testid=mail-empty]").Length() != 1 {
		t.Fatalf("mail off: %q", doc.Text())
	}
}

// TestAssignmentEmail: giving a lead to a colleague emails them; taking it oneself
// emails nobody.
func TestAssignmentEmail(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		srv := mailtest.Start(t)
		s := apptest.New(t, dialect, map[string]string{"LEADLINE_SMTP_URL": srv.URL(), "LEADLINE_BASE_URL": "https://leads.example.com"})
		admin := s.AddUser(t, adminEmail, "Ada Admin", models.RoleAdmin, goodPass)
		staff := s.AddUser(t, staffEmail, "Sam Staff", models.RoleStaff, goodPass)
		s.StartJobs()
		w := &workspace{s: s, c: s.Client(t)}
		w.c.Login(adminEmail, goodPass)
		mine := seedLead(t, s, "Self Served", "self@example.com", "", "")
		if resp := w.setOwner(t, mine, admin.ID); resp.StatusCode != http.StatusOK {
			t.Fatalf("assign to self: %d", resp.StatusCode)
		}
		l := seedLead(t, s, "Grace Hopper", "grace@example.com", "Navy", "Compilers")
		if resp := w.setOwner(t, l, staff.ID); resp.StatusCode != http.StatusOK {
			t.Fatalf("assign: %d", resp.StatusCode)
		}
		got := srv.WaitFor(t, 1, 20*time.Second, nil)
		m := mailtest.Parse(t, got[0].Raw)
		if got[0].To[0] != staffEmail || m.Subject != "Ada Admin gave you a lead: Grace Hopper" ||
			!strings.Contains(m.Text, fmt.Sprintf("https://leads.example.com/app/leads/%d", l.ID)) || !strings.Contains(m.Text, "Hello Sam Staff") {
			t.Fatalf("to %v: %q\n%s", got[0].To, m.Subject, m.Text)
		}
		var jobs int
		if err := s.Store.SQLDB().QueryRow("SELECT count(*) FROM river_job WHERE kind = 'mail_lead_assigned'").Scan(&jobs); err != nil || jobs != 1 {
			t.Fatalf("%d assignment jobs (%v): taking a lead oneself queued one", jobs, err)
		}
	})
}
