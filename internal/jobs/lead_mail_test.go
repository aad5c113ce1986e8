package jobs_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/jobs"
	"github.com/leadline/leadline/internal/mailtest"
	"github.com/leadline/leadline/internal/testdb"
)

const waitMail = 20 * time.Second

func TestNewLeadEmail(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		srv := mailtest.Start(t)
		s := apptest.New(t, dialect, mailEnv(srv))
		s.StartJobs()
		post(t, s, lead("name", "Ada <b>Lovelace</b>"))
		id := newestLeadID(t, s)

		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("logs: %s", s.Logs.String())
			}
		})
		got := srv.WaitFor(t, 1, waitMail, nil)
		waitUntil(t, "the job is completed", func() bool { return jobCount(t, s, jobs.KindLeadCreatedMail, "completed") == 1 }, nil)
		if n := len(srv.Messages()); n != 1 || len(got[0].To) != 1 || got[0].To[0] != "team@example.com" {
			t.Fatalf("%d messages, envelope %+v", n, got[0])
		}
		m := mailtest.Parse(t, got[0].Raw)
		if m.Subject != "New lead: Ada <b>Lovelace</b> (Analytical Engines Ltd)" {
			t.Errorf("subject %q", m.Subject)
		}
		if !strings.Contains(m.From, "leads@example.com") || !strings.Contains(m.ReplyTo, "ada@example.com") {
			t.Errorf("from %q reply-to %q", m.From, m.ReplyTo)
		}
		link := fmt.Sprintf("https://leads.example.com/app/leads/%d", id)
		for _, want := range []string{
			"Name:     Ada <b>Lovelace</b>", "Company:  Analytical Engines Ltd", "Email:    ada@example.com",
			"  We need 40 seats.\n  Can you call on Monday?", "Source:       newsletter", "Medium:       email",
			"Campaign:     autumn", "Referrer:     https://news.example.org/", "Open the lead: " + link,
		} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("text lacks %q:\n%s", want, m.Text)
			}
		}
		if !strings.Contains(m.HTML, `href="`+link+`"`) || strings.Contains(m.HTML, "<b>Lovelace") {
			t.Errorf("HTML link or escaping:\n%s", m.HTML)
		}
		if !strings.HasPrefix(m.MessageID, "<mail_lead_created.") || !strings.HasSuffix(m.MessageID, "@leads.example.com>") {
			t.Errorf("message-id %q", m.MessageID)
		}
	})
}

// TestNoEmail: a filled honeypot and a repeated form key store nothing new, so they
// queue nothing; and a site without SMTP settings queues nothing at all.
func TestNoEmail(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		srv := mailtest.Start(t)
		s := apptest.New(t, dialect, mailEnv(srv))
		s.StartJobs()
		post(t, s, lead("website", "https://spam.example", "name", "Spammer"))
		form := lead()
		post(t, s, form)
		post(t, s, form) // a double click, or a retry after an error
		srv.WaitFor(t, 1, waitMail, nil)
		waitUntil(t, "the job is completed", func() bool { return jobCount(t, s, jobs.KindLeadCreatedMail, "completed") == 1 }, nil)
		if n := jobCount(t, s, jobs.KindLeadCreatedMail); n != 1 {
			t.Fatalf("%d jobs for one real lead", n)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d emails for one real lead", n)
		}
		if m := mailtest.Parse(t, srv.Messages()[0].Raw); strings.Contains(m.Text, "Spammer") {
			t.Fatal("the spam was mailed")
		}

		t.Run("WithoutSMTP", func(t *testing.T) {
			quiet := apptest.New(t, dialect, nil)
			quiet.StartJobs()
			post(t, quiet, lead())
			if n := jobCount(t, quiet, jobs.KindLeadCreatedMail); n != 0 {
				t.Fatalf("%d jobs without SMTP settings", n)
			}
		})
	})
}

// TestSMTPRefusesAtFirst: the server answers 451 twice; River retries on its schedule,
// which the test moves through with the clock, and the email arrives once.
func TestSMTPRefusesAtFirst(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		srv := mailtest.Start(t)
		srv.Refuse(2)
		s := apptest.New(t, dialect, mailEnv(srv))
		s.StartJobs()
		post(t, s, lead())
		srv.WaitFor(t, 1, waitMail, func() { s.Clock.Advance(time.Minute) })
		waitUntil(t, "the job is completed", func() bool { return jobCount(t, s, jobs.KindLeadCreatedMail, "completed") == 1 }, nil)
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d emails", n)
		}
		var attempt int
		if err := s.Store.SQLDB().QueryRow("SELECT attempt FROM river_job WHERE kind = 'mail_lead_created'").Scan(&attempt); err != nil || attempt != 3 {
			t.Fatalf("attempt %d, %v", attempt, err)
		}
	})
}

// TestSMTPDown: while the server is down the email waits, listed with its error; once
// it is back the email arrives once.
func TestSMTPDown(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		srv := mailtest.Start(t)
		srv.Down(true)
		s := apptest.New(t, dialect, mailEnv(srv))
		s.StartJobs()
		post(t, s, lead())
		var listed []jobs.MailJob
		waitUntil(t, "the email waits for a retry", func() bool {
			var err error
			listed, err = s.Jobs.MailJobs(t.Context())
			return err == nil && len(listed) == 1 && listed[0].State == jobs.MailRetrying
		}, nil)
		j := listed[0]
		if j.To != "team@example.com" || j.Attempt != 1 || !strings.Contains(j.LastError, "421") || !j.NextAttempt.After(s.Clock.Now()) {
			t.Fatalf("listed %+v", j)
		}
		srv.Down(false)
		srv.WaitFor(t, 1, waitMail, func() { s.Clock.Advance(time.Minute) })
		waitUntil(t, "the job is completed", func() bool { return jobCount(t, s, jobs.KindLeadCreatedMail, "completed") == 1 }, nil)
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d emails", n)
		}
	})
}

// TestKilledBeforeTheSend: the lead is stored with its job by an instance that never
// works its queue (killed); the next instance on the database sends it.
func TestKilledBeforeTheSend(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		srv := mailtest.Start(t)
		db := testdb.New(t, dialect)
		first := apptest.NewOn(t, db, mailEnv(srv))
		post(t, first, lead())
		first.Close()
		if n := len(srv.Messages()); n != 0 {
			t.Fatalf("%d emails before any instance worked the queue", n)
		}
		second := apptest.NewOn(t, db, mailEnv(srv))
		second.StartJobs()
		srv.WaitFor(t, 1, waitMail, nil)
		waitUntil(t, "the job is completed", func() bool { return jobCount(t, second, jobs.KindLeadCreatedMail, "completed") == 1 }, nil)
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d emails", n)
		}
	})
}

// TestTwoInstances: two instances on one database work one queue; every lead is
// mailed once.
func TestTwoInstances(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		srv := mailtest.Start(t)
		db := testdb.New(t, dialect)
		a := apptest.NewOn(t, db, mailEnv(srv))
		b := apptest.NewOn(t, db, mailEnv(srv))
		a.StartJobs()
		b.StartJobs()
		const leads = 8
		for i := range leads {
			s := a
			if i%2 == 1 {
				s = b
			}
			post(t, s, lead("name", fmt.Sprintf("Lead %d", i)))
		}
		srv.WaitFor(t, leads, waitMail, nil)
		waitUntil(t, "every job is completed", func() bool { return jobCount(t, a, jobs.KindLeadCreatedMail, "completed") == leads }, nil)
		seen := map[string]int{}
		for _, r := range srv.Messages() {
			seen[mailtest.Parse(t, r.Raw).Subject]++
		}
		if len(seen) != leads || len(srv.Messages()) != leads {
			t.Fatalf("%d emails for %d leads: %v", len(srv.Messages()), leads, seen)
		}
	})
}

// TestGivesUpAndRetry: a job that fails every attempt is discarded and listed as
// failed; an admin's retry sends it once the server is back.
func TestGivesUpAndRetry(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		srv := mailtest.Start(t)
		srv.Down(true)
		tuning := apptest.JobTuning
		tuning.MaxAttempts = 2
		s := apptest.NewWith(t, testdb.New(t, dialect), mailEnv(srv), tuning)
		s.StartJobs()
		post(t, s, lead())
		var listed []jobs.MailJob
		waitUntil(t, "the email fails for good", func() bool {
			var err error
			listed, err = s.Jobs.MailJobs(t.Context())
			return err == nil && len(listed) == 1 && listed[0].State == jobs.MailFailed
		}, func() { s.Clock.Advance(time.Minute) })
		if j := listed[0]; j.Attempt != 2 || j.MaxAttempts != 2 || !j.NextAttempt.IsZero() || j.LastError == "" {
			t.Fatalf("failed job %+v", j)
		}
		srv.Down(false)
		if err := s.Jobs.RetryMail(t.Context(), listed[0].ID); err != nil {
			t.Fatal(err)
		}
		srv.WaitFor(t, 1, waitMail, nil)
		waitUntil(t, "the job is completed", func() bool { return jobCount(t, s, jobs.KindLeadCreatedMail, "completed") == 1 }, nil)
		if listed, err := s.Jobs.MailJobs(t.Context()); err != nil || len(listed) != 0 {
			t.Fatalf("still listed: %+v %v", listed, err)
		}
		if err := s.Jobs.RetryMail(t.Context(), 999999); err == nil {
			t.Error("retrying a job that does not exist worked")
		}
	})
}
