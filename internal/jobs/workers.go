package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/leadline/leadline/internal/mail"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Every email job may run twice: SMTP may take the message and the process die (or
// the database fail) before River records the job as completed, and River then runs
// it again. Here that means a duplicate email at worst, never a lost one; and the
// Message-ID is the job's own (messageID), so a mail system that de-duplicates by
// Message-ID shows one. A job whose lead or user is gone completes without sending.

// leadCreatedWorker sends the team's email about a new lead.
type leadCreatedWorker struct {
	river.WorkerDefaults[LeadCreatedMail]
	e *Engine
}

func (w *leadCreatedWorker) Work(ctx context.Context, job *river.Job[LeadCreatedMail]) error {
	e := w.e
	if e.notifyTo == "" {
		return nil // the team's address was removed since the job was queued
	}
	l, err := e.store.Lead(ctx, job.Args.LeadID)
	if errors.Is(err, models.ErrNotFound) || (err == nil && l.Erased()) {
		e.log.InfoContext(ctx, "new-lead email not sent: the lead was deleted or erased", "lead_id", job.Args.LeadID)
		return nil
	}
	if err != nil {
		return err
	}
	summary, err := e.leadSummary(ctx, l)
	if err != nil {
		return err
	}
	m, err := mail.NewLeadMessage(e.notifyTo, mail.NewLead{Product: e.product, Lead: summary})
	if err != nil {
		return err
	}
	return e.send(ctx, job.JobRow, m)
}

// assignedWorker sends a lead's new owner their email.
type assignedWorker struct {
	river.WorkerDefaults[AssignedMail]
	e *Engine
}

func (w *assignedWorker) Work(ctx context.Context, job *river.Job[AssignedMail]) error {
	e, a := w.e, job.Args
	l, err := e.store.Lead(ctx, a.LeadID)
	if errors.Is(err, models.ErrNotFound) || (err == nil && l.Erased()) {
		return nil
	}
	if err != nil {
		return err
	}
	if l.OwnerID == nil || *l.OwnerID != a.OwnerID {
		e.log.InfoContext(ctx, "assignment email not sent: the lead has another owner now", "lead_id", a.LeadID)
		return nil
	}
	owner, err := e.store.UserByID(ctx, a.OwnerID)
	if errors.Is(err, models.ErrNotFound) || (err == nil && !owner.Active) {
		return nil
	}
	if err != nil {
		return err
	}
	by := "A colleague"
	if u, err := e.store.UserByID(ctx, a.ByID); err == nil {
		by = u.Name
	} else if !errors.Is(err, models.ErrNotFound) {
		return err
	}
	summary, err := e.leadSummary(ctx, l)
	if err != nil {
		return err
	}
	m, err := mail.AssignedMessage(owner.Email, mail.Assigned{Product: e.product, OwnerName: owner.Name, ByName: by, Lead: summary})
	if err != nil {
		return err
	}
	return e.send(ctx, job.JobRow, m)
}

// send sends m with the job's Message-ID.
func (e *Engine) send(ctx context.Context, job *rivertype.JobRow, m mail.Message) error {
	m.ID = e.messageID(job)
	if err := e.mailer.Send(ctx, m); err != nil {
		return err
	}
	e.log.InfoContext(ctx, "email sent", "kind", job.Kind, "job_id", job.ID, "attempt", job.Attempt)
	return nil
}

// messageID is the job's Message-ID: the same for every attempt of the job, different
// for every job.
func (e *Engine) messageID(job *rivertype.JobRow) string {
	return fmt.Sprintf("%s.%d@%s", job.Kind, job.ID, e.baseURL.Hostname())
}

// leadSummary is what an email says of a lead.
func (e *Engine) leadSummary(ctx context.Context, l *models.Lead) (mail.Lead, error) {
	s := mail.Lead{
		Name: l.Name, Company: l.Company, Email: l.Email, Phone: l.Phone, Message: l.Message,
		Source: l.UTMSource, Medium: l.UTMMedium, Campaign: l.UTMCampaign, Referrer: l.Referrer,
		LandingPath: l.LandingPath, Created: l.CreatedAt.In(e.loc).Format("2 Jan 2006 15:04 MST"),
		URL: e.url(paths.Lead(l.ID)),
	}
	if l.CreatedBy != nil {
		u, err := e.store.UserByID(ctx, *l.CreatedBy)
		switch {
		case err == nil:
			s.EnteredBy = u.Name
		case errors.Is(err, models.ErrNotFound):
			s.EnteredBy = "a former user"
		default:
			return s, err
		}
	}
	return s, nil
}

// url is the absolute URL of a path on the site.
func (e *Engine) url(path string) string { return e.baseURL.String() + path }

// dueListPath is the list of the signed-in user's due follow-ups, the longest waiting
// first.
func dueListPath() string {
	f := models.DefaultLeadFilter()
	f.Owner, f.Due, f.Sort = models.OwnerMe, true, models.SortOldest
	return paths.WithQuery(paths.Leads, f.Encode())
}
