package store

import (
	"context"
	"fmt"

	"github.com/leadline/leadline/models"
)

// Events returns a lead's history, newest first.
func (s *Store) Events(ctx context.Context, leadID int64) ([]models.LeadEvent, error) {
	var out []models.LeadEvent
	err := s.db.WithContext(ctx).Table("lead_events").Select("lead_events.*, users.name AS user_name").
		Joins("LEFT JOIN users ON users.id = lead_events.user_id").
		Where("lead_events.lead_id = ?", leadID).Order("lead_events.id DESC").Find(&out).Error
	if err != nil {
		return nil, classify(fmt.Errorf("history of lead %d: %w", leadID, err))
	}
	return out, nil
}
