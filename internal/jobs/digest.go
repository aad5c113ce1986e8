package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/leadline/leadline/internal/mail"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/riverqueue/river"
)

// DigestHour is the hour, in the site's zone, at which each user with follow-ups due
// gets the day's digest.
const DigestHour = 8

// digestLimit is the most leads one digest lists; it says how many more there are.
const digestLimit = 50

// dailyAt is River's schedule for the digest sweep: every day at DigestHour in loc.
type dailyAt struct {
	hour int
	loc  *time.Location
}

// Next is the first DigestHour o'clock in loc after t. A day that skips or repeats the
// hour (a daylight-saving change at that hour) still gets one run, as time.Date
// normalises the hour.
func (d dailyAt) Next(t time.Time) time.Time {
	local := t.In(d.loc)
	next := time.Date(local.Year(), local.Month(), local.Day(), d.hour, 0, 0, 0, d.loc)
	if !next.After(t) {
		next = time.Date(local.Year(), local.Month(), local.Day()+1, d.hour, 0, 0, 0, d.loc)
	}
	return next
}

// digestPeriodicJob inserts a sweep at DigestHour, and one at every start (River's
// RunOnStart): an instance that was down at DigestHour catches up when it comes back,
// and the digests' uniqueness keeps that from sending a second one the same day.
func digestPeriodicJob(loc *time.Location) *river.PeriodicJob {
	return river.NewPeriodicJob(dailyAt{hour: DigestHour, loc: loc},
		func() (river.JobArgs, *river.InsertOpts) { return DigestSweep{}, nil },
		&river.PeriodicJobOpts{ID: KindDigestSweep, RunOnStart: true})
}

// digestSweepWorker queues one digest per active user with follow-ups due, once the
// day's DigestHour has come.
type digestSweepWorker struct {
	river.WorkerDefaults[DigestSweep]
	e *Engine
}

func (w *digestSweepWorker) Work(ctx context.Context, _ *river.Job[DigestSweep]) error {
	e := w.e
	now := e.now()
	if now.Hour() < DigestHour {
		return nil // a start before DigestHour: today's run is still to come
	}
	owners, err := e.store.OwnersWithDueLeads(ctx, now)
	if err != nil {
		return err
	}
	if len(owners) == 0 {
		return nil
	}
	users, err := e.store.Users(ctx)
	if err != nil {
		return err
	}
	active := map[int64]bool{}
	for _, u := range users {
		active[u.ID] = u.Active
	}
	day := now.Format(time.DateOnly)
	var params []river.InsertManyParams
	for _, id := range owners {
		if active[id] {
			params = append(params, river.InsertManyParams{Args: DigestMail{UserID: id, Day: day}})
		}
	}
	if len(params) == 0 {
		return nil
	}
	_, err = e.client.InsertMany(ctx, params)
	return err
}

// digestWorker sends one user's digest, listing their due follow-ups as they are when
// it runs.
type digestWorker struct {
	river.WorkerDefaults[DigestMail]
	e *Engine
}

func (w *digestWorker) Work(ctx context.Context, job *river.Job[DigestMail]) error {
	e := w.e
	user, err := e.store.UserByID(ctx, job.Args.UserID)
	if errors.Is(err, models.ErrNotFound) || (err == nil && !user.Active) {
		return nil
	}
	if err != nil {
		return err
	}
	day, err := time.ParseInLocation(time.DateOnly, job.Args.Day, e.loc)
	if err != nil {
		return river.JobCancel(err) // not ours: no attempt can fix it
	}
	// Due as of the digest's day, even if the job runs after midnight (a retry).
	asOf := time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, e.loc)
	leads, total, err := e.store.DueLeadsOf(ctx, user.ID, asOf, digestLimit)
	if err != nil {
		return err
	}
	if total == 0 {
		return nil // done or moved since the sweep
	}
	d := mail.Digest{Product: e.product, UserName: user.Name, Day: day.Format("Monday 2 January 2006"), ListURL: e.url(dueListPath())}
	today := models.Today(asOf)
	for _, l := range leads {
		d.Leads = append(d.Leads, mail.DueLead{
			Name: l.Name, Company: l.Company, Due: l.NextActionAt.Format("2 Jan 2006"),
			Overdue: l.NextActionAt.Before(today), URL: e.url(paths.Lead(l.ID)),
		})
	}
	d.More = int(total) - len(leads)
	m, err := mail.DigestMessage(user.Email, d)
	if err != nil {
		return err
	}
	return e.send(ctx, job.JobRow, m)
}
