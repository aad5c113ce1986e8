package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
)

// webhookEvent is one row of webhook_events: an endpoint receives an event.
type webhookEvent struct {
	WebhookID int64  `gorm:"primaryKey"`
	Event     string `gorm:"primaryKey"`
}

func (webhookEvent) TableName() string { return "webhook_events" }

// CreateWebhook stores an endpoint with the events it receives.
func (s *Store) CreateWebhook(ctx context.Context, w *models.Webhook) error {
	if w.CreatedAt.IsZero() {
		w.CreatedAt = time.Now()
	}
	w.CreatedAt = w.CreatedAt.UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(w).Error; err != nil {
			return err
		}
		rows := make([]webhookEvent, 0, len(w.Events))
		for _, e := range w.Events {
			rows = append(rows, webhookEvent{WebhookID: w.ID, Event: e})
		}
		if len(rows) == 0 {
			return nil
		}
		return tx.Create(&rows).Error
	})
	s.forgetSubscriptions()
	if err != nil {
		return classify(fmt.Errorf("create webhook: %w", err))
	}
	return nil
}

// Webhooks lists every endpoint with its events, newest first.
func (s *Store) Webhooks(ctx context.Context) ([]models.Webhook, error) {
	var out []models.Webhook
	if err := s.db.WithContext(ctx).Order("id DESC").Find(&out).Error; err != nil {
		return nil, classify(fmt.Errorf("webhooks: %w", err))
	}
	var events []webhookEvent
	if err := s.db.WithContext(ctx).Order("webhook_id, event").Find(&events).Error; err != nil {
		return nil, classify(fmt.Errorf("webhook events: %w", err))
	}
	byID := make(map[int64][]string, len(out))
	for _, e := range events {
		byID[e.WebhookID] = append(byID[e.WebhookID], e.Event)
	}
	for i := range out {
		out[i].Events = inFormOrder(byID[out[i].ID])
	}
	return out, nil
}

// Webhook finds one endpoint with its events.
func (s *Store) Webhook(ctx context.Context, id int64) (*models.Webhook, error) {
	var w models.Webhook
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&w).Error; err != nil {
		return nil, classify(fmt.Errorf("webhook %d: %w", id, err))
	}
	var events []string
	if err := s.db.WithContext(ctx).Model(&webhookEvent{}).Where("webhook_id = ?", id).Pluck("event", &events).Error; err != nil {
		return nil, classify(fmt.Errorf("webhook %d events: %w", id, err))
	}
	w.Events = inFormOrder(events)
	return &w, nil
}

// inFormOrder sorts event names as models.WebhookEvents lists them.
func inFormOrder(events []string) []string {
	n := models.NewWebhook{Events: events}
	n.Normalize()
	return n.Events
}

// SetWebhookActive turns an endpoint's deliveries on or off; jobs already queued for a
// disabled endpoint send nothing.
func (s *Store) SetWebhookActive(ctx context.Context, id int64, active bool) error {
	res := s.db.WithContext(ctx).Model(&models.Webhook{}).Where("id = ?", id).Update("active", active)
	s.forgetSubscriptions()
	if res.Error != nil {
		return classify(fmt.Errorf("webhook %d: set active: %w", id, res.Error))
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("webhook %d: %w", id, models.ErrNotFound)
	}
	return nil
}

// DeleteWebhook removes an endpoint with its events and delivery log; jobs already
// queued for it find it gone and send nothing.
func (s *Store) DeleteWebhook(ctx context.Context, id int64) error {
	res := s.db.WithContext(ctx).Delete(&models.Webhook{}, id)
	s.forgetSubscriptions()
	if res.Error != nil {
		return classify(fmt.Errorf("delete webhook %d: %w", id, res.Error))
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("webhook %d: %w", id, models.ErrNotFound)
	}
	return nil
}

// SubscribersTx lists the active endpoints that receive event, inside tx: the change
// hook queues one delivery for each, in the change's transaction.
func (s *Store) SubscribersTx(ctx context.Context, tx *sql.Tx, event string) ([]int64, error) {
	q := `SELECT w.id FROM webhooks w JOIN webhook_events e ON e.webhook_id = w.id
WHERE e.event = ? AND w.active ORDER BY w.id`
	if s.dialect == Postgres {
		q = numberPlaceholders(q)
	}
	rows, err := tx.QueryContext(ctx, q, event)
	if err != nil {
		return nil, classify(fmt.Errorf("webhooks for %s: %w", event, err))
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, classify(fmt.Errorf("webhooks for %s: %w", event, err))
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, classify(fmt.Errorf("webhooks for %s: %w", event, err))
	}
	return ids, nil
}
