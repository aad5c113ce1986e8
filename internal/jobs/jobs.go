// Package jobs runs Leadline's background work on River, in the database the store
// already uses: riverdatabasesql over the store's pool on PostgreSQL, riversqlite over a
// pool of one connection of its own on the embedded file. River brings retries with
// backoff, unique jobs, inserts in the caller's transaction, periodic jobs, and any
// number of instances working one queue, each job once.
//
// What is here: the client for both databases, the workers (the emails and the webhook
// deliveries), the daily digest's schedule, the retry policy, the store's change hook
// that turns events into jobs (OnChange), and what the admin pages need (MailJobs,
// RetryMail, SendTestEvent, Redeliver).
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/leadline/leadline/internal/mail"
	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/internal/webhook"
	"github.com/leadline/leadline/models"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
)

// Settings of the client, chosen for a few emails a minute that must not be lost.
const (
	// FetchPollInterval is how often an idle client looks for new jobs: riverdatabasesql
	// has no LISTEN, so this is an email's latency after its lead is stored.
	FetchPollInterval = time.Second
	// FetchCooldown is the least time between two looks.
	FetchCooldown = 100 * time.Millisecond
	// JobTimeout bounds one attempt: an email is one SMTP conversation (mail.Timeout a
	// step), a digest sweep a few queries and inserts.
	JobTimeout = time.Minute
	// RescueStuckJobsAfter is how long a job may stay "running" before River takes it
	// for stuck (its process died mid-send) and retries it: a crash delays an email by
	// minutes, not River's default hour.
	RescueStuckJobsAfter = 5 * time.Minute
	// CompletedRetention is how long a sent email's job is kept; River then deletes it.
	// It must cover a day: a digest's uniqueness (one per user per day) is checked
	// against the jobs still kept.
	CompletedRetention = 24 * time.Hour
	// DiscardedRetention is how long a failed email stays on the admin page.
	DiscardedRetention = 30 * 24 * time.Hour
	// MailWorkers is how many emails one instance sends at once.
	MailWorkers = 4
)

// Store is what the jobs read; *store.Store implements it.
type Store interface {
	Lead(ctx context.Context, id int64) (*models.Lead, error)
	UserByID(ctx context.Context, id int64) (*models.User, error)
	Users(ctx context.Context) ([]models.User, error)
	OwnersWithDueLeads(ctx context.Context, now time.Time) ([]int64, error)
	DueLeadsOf(ctx context.Context, owner int64, now time.Time, limit int) ([]models.Lead, int64, error)

	Subscribed(ctx context.Context, event string) (bool, error)
	SubscribersTx(ctx context.Context, tx *sql.Tx, event string) ([]int64, error)
	Webhook(ctx context.Context, id int64) (*models.Webhook, error)
	LogDelivery(ctx context.Context, d *models.WebhookDelivery) error
	EraseUntouched(ctx context.Context, cutoff, at time.Time) (int, error)
}

// Mailer sends one email; *mail.Sender implements it.
type Mailer interface {
	Send(ctx context.Context, m mail.Message) error
}

// Options build an Engine.
type Options struct {
	// Dialect is the store's database. On PostgreSQL River works through DB, the
	// store's pool; on SQLite it opens a pool of one connection on SQLitePath.
	Dialect    store.Dialect
	DB         *sql.DB
	SQLitePath string
	Store      Store
	// Mailer sends the emails; nil turns mail off: no mail job is queued and the client
	// is not started.
	Mailer Mailer
	// NotifyTo is the team's address for new leads; "" sends no new-lead email.
	NotifyTo string
	// BaseURL is the site's public URL, for links in the emails and Message-IDs.
	BaseURL *url.URL
	// Product names the site in the emails.
	Product string
	// Location is the site's zone: the digest goes at DigestHour there.
	Location *time.Location
	// Retention erases leads untouched for this long, daily; 0 never. With it on the
	// client runs even when mail is off.
	Retention time.Duration
	Logger    *slog.Logger
	// Clock is nil in production. Tests pass a fake one: River then takes its time from
	// it (scheduling, retries, the jobs it finds available), so a test moves time
	// forward instead of waiting for a retry.
	Clock clockwork.Clock
	// Tuning shortens River's waits in tests; zero values keep the production ones.
	Tuning Tuning
	// WebhookGuard keeps deliveries off internal addresses (SSRF) unless it allows them
	// (LEADLINE_WEBHOOK_ALLOW_PRIVATE).
	WebhookGuard webhook.Guard
}

// Tuning are River's waits, for tests.
type Tuning struct {
	FetchPollInterval time.Duration
	FetchCooldown     time.Duration
	// TestOnly skips River's jittered start-up sleeps.
	TestOnly bool
	// MaxAttempts replaces MaxAttempts when not zero, so a test sees a job give up.
	MaxAttempts int
}

// Engine is the River client with Leadline's workers.
type Engine struct {
	client    *river.Client[*sql.Tx]
	db        *sql.DB // the store's pool, for counting the queue
	ownDB     *sql.DB // River's own pool on SQLite, closed by Close
	failures  *prometheus.CounterVec
	store     Store
	mailer    Mailer
	notifyTo  string
	baseURL   *url.URL
	product   string
	loc       *time.Location
	retention time.Duration
	log       *slog.Logger
	clock     clockwork.Clock
	hooks     *http.Client // webhook deliveries, through the guard
	started   bool
}

// New builds the engine; Start sets it working. It opens River's own pool on SQLite.
func New(ctx context.Context, o Options) (*Engine, error) {
	e := &Engine{
		store: o.Store, mailer: o.Mailer, notifyTo: o.NotifyTo, baseURL: o.BaseURL,
		product: o.Product, loc: o.Location, retention: o.Retention, log: o.Logger, clock: o.Clock, db: o.DB,
		hooks: webhook.NewClient(o.WebhookGuard),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "leadline_job_failures_total",
			Help: "Failed attempts of background jobs (each is retried until it runs out of attempts), by kind.",
		}, []string{"kind"}),
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.clock == nil {
		e.clock = clockwork.NewRealClock()
	}
	if e.loc == nil {
		e.loc = time.UTC
	}
	if e.baseURL == nil {
		e.baseURL = &url.URL{Scheme: "http", Host: "localhost:3000"}
	}
	if e.product == "" {
		e.product = "Leadline"
	}
	driver, err := e.driver(ctx, o)
	if err != nil {
		return nil, err
	}
	cfg := e.riverConfig(o)
	client, err := river.NewClient(driver, cfg)
	if err != nil {
		e.closeOwn()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	e.client = client
	return e, nil
}

// driver is River's driver for the dialect: over the store's pool on PostgreSQL, over
// a pool of its own on SQLite.
func (e *Engine) driver(ctx context.Context, o Options) (riverdriver.Driver[*sql.Tx], error) {
	switch o.Dialect {
	case store.Postgres:
		return riverdatabasesql.New(o.DB), nil
	case store.SQLite:
		// riversqlite wants a pool of one connection (its package doc): River's own
		// statements then queue on it instead of failing with SQLITE_BUSY, and the
		// store's four connections stay the landing form's. WAL lets River read while
		// a lead is written; the busy timeout queues the writers.
		db, err := store.OpenSQLite(ctx, o.SQLitePath, 1)
		if err != nil {
			return nil, err
		}
		e.ownDB = db
		return riversqlite.New(db), nil
	}
	return nil, fmt.Errorf("jobs: unknown database %q", o.Dialect)
}

// riverConfig is the client's configuration: the workers, the queues, the digest's
// schedule, the retry policy and the timings, with a test's tuning on top.
func (e *Engine) riverConfig(o Options) *river.Config {
	workers := river.NewWorkers()
	river.AddWorker(workers, &leadCreatedWorker{e: e})
	river.AddWorker(workers, &assignedWorker{e: e})
	river.AddWorker(workers, &digestWorker{e: e})
	river.AddWorker(workers, &digestSweepWorker{e: e})
	river.AddWorker(workers, &webhookWorker{e: e})
	river.AddWorker(workers, &retentionWorker{e: e})

	cfg := &river.Config{
		Logger:  slog.New(atLeast{e.log.Handler(), slog.LevelInfo}).With("component", "river"),
		Workers: workers,
		Queues: map[string]river.QueueConfig{
			QueueMail: {MaxWorkers: MailWorkers}, QueueWebhooks: {MaxWorkers: WebhookWorkers}, river.QueueDefault: {MaxWorkers: 1},
		},
		PeriodicJobs:                e.periodicJobs(),
		FetchPollInterval:           FetchPollInterval,
		FetchCooldown:               FetchCooldown,
		JobTimeout:                  JobTimeout,
		RescueStuckJobsAfter:        RescueStuckJobsAfter,
		MaxAttempts:                 MaxAttempts,
		RetryPolicy:                 &RetryPolicy{now: e.clock.Now},
		CompletedJobRetentionPeriod: CompletedRetention,
		DiscardedJobRetentionPeriod: DiscardedRetention,
		ErrorHandler:                &errorLogger{log: e.log, failures: e.failures},
		TestOnly:                    o.Tuning.TestOnly,
		// No LISTEN through database/sql: the client polls (FetchPollInterval).
		PollOnly: o.Dialect == store.Postgres,
	}
	if o.Tuning.FetchPollInterval > 0 {
		cfg.FetchPollInterval = o.Tuning.FetchPollInterval
	}
	if o.Tuning.MaxAttempts > 0 {
		cfg.MaxAttempts = o.Tuning.MaxAttempts
	}
	if o.Tuning.FetchCooldown > 0 {
		cfg.FetchCooldown = o.Tuning.FetchCooldown
	}
	if o.Clock != nil {
		cfg.Test.Time = riverTime{o.Clock}
	}
	return cfg
}

// periodicJobs are the daily jobs of what is on: the digest with mail, the retention
// sweep with a retention.
func (e *Engine) periodicJobs() []*river.PeriodicJob {
	var out []*river.PeriodicJob
	if e.Mail() {
		out = append(out, digestPeriodicJob(e.loc))
	}
	if e.retention > 0 {
		out = append(out, retentionPeriodicJob(e))
	}
	return out
}

// Mail reports whether emails are sent.
func (e *Engine) Mail() bool { return e.mailer != nil }

// Start sets the client fetching and working jobs, and the leader among the instances
// scheduling the daily jobs (the digest with mail, the retention sweep with a
// retention). With mail off it still starts: webhooks are delivered whether or not
// email is sent.
func (e *Engine) Start(ctx context.Context) error {
	if !e.Mail() {
		e.log.Info("mail is off (no LEADLINE_SMTP_URL): no email is queued or sent")
	}
	// The client's context must outlive the request or signal that started it: Stop
	// ends it, after the HTTP server has stopped.
	if err := e.client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	e.started = true
	return nil
}

// Stop stops fetching jobs and lets the running ones finish until ctx ends (the
// server's shutdown timeout); jobs still running then are cancelled, and River runs
// them again later (they were not completed). Jobs not yet fetched stay queued for the
// next start or another instance.
func (e *Engine) Stop(ctx context.Context) error {
	if !e.started {
		return nil
	}
	e.started = false
	err := e.client.Stop(ctx)
	if err == nil || ctx.Err() == nil {
		return err
	}
	e.log.Warn("jobs still running at the end of the shutdown timeout; cancelling them (they will run again)")
	hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	return errors.Join(err, e.client.StopAndCancel(hard))
}

// Close releases River's own pool (SQLite), after Stop.
func (e *Engine) Close() error { return e.closeOwn() }

func (e *Engine) closeOwn() error {
	if e.ownDB == nil {
		return nil
	}
	err := e.ownDB.Close()
	e.ownDB = nil
	return err
}

// OnChange is the store's change hook: it turns the events of a change into jobs,
// inserted in the change's transaction tx: the emails (mailJobs) and one webhook
// delivery per endpoint subscribed to the event (webhookJobs). An erased lead takes
// its unsent emails with it instead (webhook deliveries carry only the lead's id and
// read it when they are sent, so they send the erased lead).
func (e *Engine) OnChange(ctx context.Context, tx *sql.Tx, ev models.Event) error {
	if er, ok := ev.(models.LeadErased); ok {
		return e.forgetLead(ctx, tx, er.LeadID)
	}
	params := e.mailJobs(ev)
	hooks, err := e.webhookJobs(ctx, tx, ev)
	if err != nil {
		return fmt.Errorf("webhooks for %s: %w", ev.EventName(), err)
	}
	params = append(params, hooks...)
	if len(params) == 0 {
		return nil
	}
	if _, err := e.client.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("queue %s: %w", ev.EventName(), err)
	}
	return nil
}

// Wants says, before a new lead's transaction begins, whether OnChange may have work
// for ev: an erasure (it takes unsent emails with it), an email the event queues, or a
// webhook endpoint subscribed to it as far as the store's subscription cache knows. It
// says yes when the cache cannot be read: OnChange then looks for itself.
func (e *Engine) Wants(ctx context.Context, ev models.Event) bool {
	if _, ok := ev.(models.LeadErased); ok || len(e.mailJobs(ev)) > 0 {
		return true
	}
	subscribed, err := e.store.Subscribed(ctx, ev.EventName())
	if err != nil {
		e.log.WarnContext(ctx, "cannot read the webhook subscriptions; the change looks for its endpoints itself", "err", err)
		return true
	}
	return subscribed
}

// mailJobs are the emails of an event. A new lead queues the team's email (when
// LEADLINE_NOTIFY_TO is set); a lead given to someone by someone else queues the
// owner's email. With mail off there are none.
func (e *Engine) mailJobs(ev models.Event) []river.InsertManyParams {
	if !e.Mail() {
		return nil
	}
	var params []river.InsertManyParams
	switch ev := ev.(type) {
	case models.LeadCreated:
		if e.notifyTo != "" {
			params = append(params, river.InsertManyParams{Args: LeadCreatedMail{LeadID: ev.Lead.ID}})
		}
		// A lead entered by hand for a colleague is an assignment too.
		if o := ev.Lead.OwnerID; o != nil && ev.Lead.CreatedBy != nil && *o != *ev.Lead.CreatedBy {
			params = append(params, river.InsertManyParams{Args: AssignedMail{
				LeadID: ev.Lead.ID, OwnerID: *o, ByID: *ev.Lead.CreatedBy, Version: ev.Lead.Version}})
		}
	case models.LeadAssigned:
		if ev.To != nil && *ev.To != ev.By {
			params = append(params, river.InsertManyParams{Args: AssignedMail{
				LeadID: ev.Lead.ID, OwnerID: *ev.To, ByID: ev.By, Version: ev.Lead.Version}})
		}
	}
	return params
}

// now is the time in the site's zone.
func (e *Engine) now() time.Time { return e.clock.Now().In(e.loc) }

// errorLogger logs and counts each failed attempt once, as River retries it.
type errorLogger struct {
	log      *slog.Logger
	failures *prometheus.CounterVec
}

func (h *errorLogger) HandleError(ctx context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	h.failures.WithLabelValues(job.Kind).Inc()
	h.log.WarnContext(ctx, "job failed; it will be retried unless out of attempts",
		"job_id", job.ID, "kind", job.Kind, "attempt", job.Attempt, "max_attempts", job.MaxAttempts, "err", err)
	return nil
}

func (h *errorLogger) HandlePanic(ctx context.Context, job *rivertype.JobRow, panicVal any, trace string) *river.ErrorHandlerResult {
	h.failures.WithLabelValues(job.Kind).Inc()
	h.log.ErrorContext(ctx, "job panicked", "job_id", job.ID, "kind", job.Kind, "panic", fmt.Sprint(panicVal), "trace", trace)
	return nil
}

// atLeast passes on River's records of level min and above: River logs every poll at
// debug, which would drown the site's own debug lines.
type atLeast struct {
	slog.Handler
	min slog.Level
}

func (h atLeast) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h atLeast) WithAttrs(attrs []slog.Attr) slog.Handler {
	return atLeast{h.Handler.WithAttrs(attrs), h.min}
}

func (h atLeast) WithGroup(name string) slog.Handler {
	return atLeast{h.Handler.WithGroup(name), h.min}
}
