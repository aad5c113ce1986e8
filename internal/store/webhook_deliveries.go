package store

import (
	"context"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
)

// deliveriesKept is how many attempts the log keeps per endpoint: enough to see a day
// of failures and their retries, bounded so a busy endpoint does not grow the table.
const deliveriesKept = 200

// LogDelivery records one attempt and drops the endpoint's attempts beyond the newest
// deliveriesKept. An endpoint deleted meanwhile is models.ErrNotFound.
func (s *Store) LogDelivery(ctx context.Context, d *models.WebhookDelivery) error {
	if d.CreatedAt.IsZero() {
		d.CreatedAt = time.Now()
	}
	d.CreatedAt, d.OccurredAt = d.CreatedAt.UTC(), d.OccurredAt.UTC()
	db := s.db.WithContext(ctx)
	if err := db.Create(d).Error; err != nil {
		if failureOf(err) == failForeignKey {
			return fmt.Errorf("webhook %d: %w", d.WebhookID, models.ErrNotFound)
		}
		return classify(fmt.Errorf("log delivery: %w", err))
	}
	var cut []int64
	if err := db.Model(&models.WebhookDelivery{}).Where("webhook_id = ?", d.WebhookID).
		Order("id DESC").Offset(deliveriesKept).Limit(1).Pluck("id", &cut).Error; err != nil {
		return classify(fmt.Errorf("log delivery: %w", err))
	}
	if len(cut) == 1 {
		if err := db.Where("webhook_id = ? AND id <= ?", d.WebhookID, cut[0]).
			Delete(&models.WebhookDelivery{}).Error; err != nil {
			return classify(fmt.Errorf("log delivery: trim: %w", err))
		}
	}
	return nil
}

// Deliveries lists an endpoint's latest attempts, newest first.
func (s *Store) Deliveries(ctx context.Context, webhookID int64, limit int) ([]models.WebhookDelivery, error) {
	var out []models.WebhookDelivery
	if err := s.db.WithContext(ctx).Where("webhook_id = ?", webhookID).Order("id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, classify(fmt.Errorf("deliveries of webhook %d: %w", webhookID, err))
	}
	return out, nil
}

// Delivery finds one attempt of an endpoint; another endpoint's is not found.
func (s *Store) Delivery(ctx context.Context, webhookID, id int64) (*models.WebhookDelivery, error) {
	var d models.WebhookDelivery
	if err := s.db.WithContext(ctx).Where("id = ? AND webhook_id = ?", id, webhookID).Take(&d).Error; err != nil {
		return nil, classify(fmt.Errorf("delivery %d: %w", id, err))
	}
	return &d, nil
}
