package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// MailState is where an email job stands, as the admin page says it.
type MailState string

// The states the admin page lists. Sent emails (completed jobs) are not listed; River
// deletes them after CompletedRetention.
const (
	MailQueued   MailState = "queued"
	MailSending  MailState = "sending"
	MailRetrying MailState = "retrying"
	MailFailed   MailState = "failed"
)

// MailJob is one email job that is not sent yet, or failed for good.
type MailJob struct {
	ID int64
	// Kind is what the email is: KindLeadCreatedMail, KindAssignedMail, KindDigestMail.
	Kind  string
	State MailState
	// To is the recipient's address, as it would be sent now ("" if the user is gone).
	To string
	// LeadID is the lead the email is about, 0 for a digest.
	LeadID int64
	// Attempt is how many times it was tried; MaxAttempts how many it may be.
	Attempt     int
	MaxAttempts int
	// LastError is the latest attempt's error, "" before any failed.
	LastError   string
	LastErrorAt time.Time
	// NextAttempt is when it is tried next; zero when it will not be (failed).
	NextAttempt time.Time
	CreatedAt   time.Time
}

// mailListLimit is the most jobs the admin page lists.
const mailListLimit = 200

// MailJobs lists the email jobs that are queued, being sent, waiting to be retried, or
// failed for good, newest first.
func (e *Engine) MailJobs(ctx context.Context) ([]MailJob, error) {
	res, err := e.client.JobList(ctx, river.NewJobListParams().Queues(QueueMail).
		States(rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStatePending,
			rivertype.JobStateRunning, rivertype.JobStateRetryable, rivertype.JobStateDiscarded).
		OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(mailListLimit))
	if err != nil {
		return nil, fmt.Errorf("mail jobs: %w", err)
	}
	users, err := e.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	emails := map[int64]string{}
	for _, u := range users {
		emails[u.ID] = u.Email
	}
	out := make([]MailJob, 0, len(res.Jobs))
	for _, j := range res.Jobs {
		out = append(out, e.mailJob(j, emails))
	}
	return out, nil
}

func (e *Engine) mailJob(j *rivertype.JobRow, emails map[int64]string) MailJob {
	m := MailJob{
		ID: j.ID, Kind: j.Kind, Attempt: j.Attempt, MaxAttempts: j.MaxAttempts, CreatedAt: j.CreatedAt,
	}
	switch j.State {
	case rivertype.JobStateRunning:
		m.State = MailSending
	case rivertype.JobStateRetryable:
		m.State = MailRetrying
	case rivertype.JobStateDiscarded, rivertype.JobStateCancelled:
		m.State = MailFailed
	default:
		m.State = MailQueued
		if j.Attempt > 0 {
			m.State = MailRetrying
		}
	}
	if m.State != MailFailed && m.State != MailSending {
		m.NextAttempt = j.ScheduledAt
	}
	if n := len(j.Errors); n > 0 {
		m.LastError, m.LastErrorAt = j.Errors[n-1].Error, j.Errors[n-1].At
	}
	var args struct {
		LeadID  int64 `json:"lead_id"`
		OwnerID int64 `json:"owner_id"`
		UserID  int64 `json:"user_id"`
	}
	_ = json.Unmarshal(j.EncodedArgs, &args) // an unreadable job still lists, without them
	m.LeadID = args.LeadID
	switch j.Kind {
	case KindLeadCreatedMail:
		m.To = e.notifyTo
	case KindAssignedMail:
		m.To = emails[args.OwnerID]
	case KindDigestMail:
		m.To = emails[args.UserID]
	}
	return m
}

// RetryMail makes an email job that failed or waits for a retry run now. A job that is
// not an email job, or does not exist, is models.ErrNotFound; one being sent is left
// alone.
func (e *Engine) RetryMail(ctx context.Context, id int64) error {
	j, err := e.client.JobGet(ctx, id)
	if errors.Is(err, river.ErrNotFound) || (err == nil && j.Queue != QueueMail) {
		return fmt.Errorf("mail job %d: %w", id, models.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("mail job %d: %w", id, err)
	}
	if _, err := e.client.JobRetry(ctx, id); err != nil {
		return fmt.Errorf("retry mail job %d: %w", id, err)
	}
	e.log.InfoContext(ctx, "mail job retried by an admin", "job_id", id, "kind", j.Kind)
	return nil
}
