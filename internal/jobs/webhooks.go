package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/leadline/leadline/internal/leadjson"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/internal/webhook"
	"github.com/leadline/leadline/models"
	"github.com/riverqueue/river"
)

// QueueWebhooks is the queue of webhook deliveries, apart from the emails so that a
// slow receiver cannot hold up the team's mail.
const QueueWebhooks = "webhooks"

// WebhookWorkers is how many deliveries one instance makes at once.
const WebhookWorkers = 4

// KindWebhook is a delivery's job kind.
const KindWebhook = "webhook_delivery"

// WebhookDelivery sends one event to one endpoint. Like the emails it carries ids, not
// the lead: the worker reads the lead when it sends, so no person's data waits in the
// queue, and a receiver gets the lead as it is then.
type WebhookDelivery struct {
	WebhookID  int64     `json:"webhook_id"`
	Event      string    `json:"event"`
	EventID    string    `json:"event_id"`
	LeadID     int64     `json:"lead_id"`
	OccurredAt time.Time `json:"occurred_at"`
}

// Kind is the job's kind.
func (WebhookDelivery) Kind() string { return KindWebhook }

// InsertOpts puts it on the webhooks queue.
func (WebhookDelivery) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: QueueWebhooks} }

// webhookJobs are the deliveries of ev, one per active endpoint subscribed to it,
// looked up in the change's transaction tx.
func (e *Engine) webhookJobs(ctx context.Context, tx *sql.Tx, ev models.Event) ([]river.InsertManyParams, error) {
	ids, err := e.store.SubscribersTx(ctx, tx, ev.EventName())
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	args := WebhookDelivery{Event: ev.EventName(), EventID: webhook.NewEventID(), LeadID: leadOf(ev), OccurredAt: e.clock.Now().UTC()}
	params := make([]river.InsertManyParams, 0, len(ids))
	for _, id := range ids {
		args.WebhookID = id
		params = append(params, river.InsertManyParams{Args: args})
	}
	return params, nil
}

// leadOf is the id of the lead an event is about.
func leadOf(ev models.Event) int64 {
	switch ev := ev.(type) {
	case models.LeadCreated:
		return ev.Lead.ID
	case models.LeadUpdated:
		return ev.Lead.ID
	case models.LeadAssigned:
		return ev.Lead.ID
	case models.LeadDeleted:
		return ev.LeadID
	}
	return 0
}

// SendTestEvent queues a webhook.test delivery to the endpoint, whatever it subscribes to.
func (e *Engine) SendTestEvent(ctx context.Context, webhookID int64) error {
	args := WebhookDelivery{WebhookID: webhookID, Event: models.EventWebhookTest, EventID: webhook.NewEventID(), OccurredAt: e.clock.Now().UTC()}
	if _, err := e.client.Insert(ctx, args, nil); err != nil {
		return fmt.Errorf("queue test event: %w", err)
	}
	return nil
}

// Redeliver queues the event of one logged attempt again, with its event id, so that
// the receiver can tell it is the same event.
func (e *Engine) Redeliver(ctx context.Context, d *models.WebhookDelivery) error {
	args := WebhookDelivery{WebhookID: d.WebhookID, Event: d.Event, EventID: d.EventID, LeadID: d.LeadID, OccurredAt: d.OccurredAt}
	if _, err := e.client.Insert(ctx, args, nil); err != nil {
		return fmt.Errorf("queue redelivery: %w", err)
	}
	return nil
}

// webhookWorker makes one attempt at a delivery and logs it. A failure returns its
// error, and River retries on RetryPolicy's schedule until MaxAttempts.
type webhookWorker struct {
	river.WorkerDefaults[WebhookDelivery]
	e *Engine
}

// Timeout leaves the HTTP client's own timeout room to end the attempt first.
func (w *webhookWorker) Timeout(*river.Job[WebhookDelivery]) time.Duration {
	return webhook.Timeout + 10*time.Second
}

func (w *webhookWorker) Work(ctx context.Context, job *river.Job[WebhookDelivery]) error {
	e, a := w.e, job.Args
	hook, err := e.store.Webhook(ctx, a.WebhookID)
	if errors.Is(err, models.ErrNotFound) {
		return nil // deleted since: it receives nothing more
	}
	if err != nil {
		return err
	}
	if !hook.Active && a.Event != models.EventWebhookTest {
		return nil // disabled since
	}
	d := &models.WebhookDelivery{WebhookID: hook.ID, Event: a.Event, EventID: a.EventID, LeadID: a.LeadID,
		JobID: job.ID, Attempt: job.Attempt, OccurredAt: a.OccurredAt, CreatedAt: e.clock.Now()}
	body, err := e.webhookBody(ctx, hook, a)
	if err != nil {
		return err
	}
	// Latency is measured on the monotonic clock: it is a measurement, not a time
	// anything is scheduled by, so the injected clock (fake in tests) does not apply.
	start := time.Now()
	d.StatusCode, err = webhook.Send(ctx, e.hooks, webhook.Delivery{
		URL: hook.URL, Secret: hook.Secret, Event: a.Event, ID: strconv.FormatInt(job.ID, 10), Body: body, At: e.clock.Now(),
	})
	d.DurationMS = time.Since(start).Milliseconds()
	if err != nil {
		d.Error = err.Error()
	}
	return e.logDelivery(ctx, d, err)
}

// webhookBody is the body of the delivery: the payload with the lead as it is now, or
// with no lead if it was deleted since (the event is still sent: every event reaches
// its endpoints, and lead.deleted follows).
func (e *Engine) webhookBody(ctx context.Context, hook *models.Webhook, a WebhookDelivery) ([]byte, error) {
	p := webhook.Payload{ID: a.EventID, Event: a.Event, OccurredAt: a.OccurredAt, LeadID: a.LeadID}
	link := ""
	if a.LeadID != 0 && a.Event != models.EventLeadDeleted {
		l, err := e.store.Lead(ctx, a.LeadID)
		switch {
		case err == nil:
			lj := leadjson.From(l)
			p.Lead, link = &lj, e.url(paths.Lead(l.ID))
		case !errors.Is(err, models.ErrNotFound):
			return nil, err
		}
	}
	return webhook.Body(hook.Format, p, link)
}

// logDelivery records the attempt and returns sendErr, which River retries on. An
// endpoint deleted during the attempt has no log to write to.
func (e *Engine) logDelivery(ctx context.Context, d *models.WebhookDelivery, sendErr error) error {
	if err := e.store.LogDelivery(ctx, d); err != nil && !errors.Is(err, models.ErrNotFound) {
		return errors.Join(sendErr, err)
	}
	if sendErr == nil && d.Error == "" {
		e.log.InfoContext(ctx, "webhook delivered", "webhook_id", d.WebhookID, "event", d.Event, "job_id", d.JobID, "status", d.StatusCode)
	}
	return sendErr
}
