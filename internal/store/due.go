package store

import (
	"context"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
)

// OwnersWithDueLeads returns the users who own at least one lead whose follow-up date
// has come (today or earlier, today in now's zone): the daily digest's recipients.
func (s *Store) OwnersWithDueLeads(ctx context.Context, now time.Time) ([]int64, error) {
	var ids []int64
	err := s.where(s.db.WithContext(ctx).Model(&models.Lead{}), models.LeadFilter{Due: true}, now).
		Where("leads.owner_id IS NOT NULL").Distinct("leads.owner_id").Order("leads.owner_id").
		Pluck("leads.owner_id", &ids).Error
	if err != nil {
		return nil, classify(fmt.Errorf("owners with due leads: %w", err))
	}
	return ids, nil
}

// DueLeadsOf returns the leads of one owner whose follow-up date has come, the longest
// waiting first, and how many there are in all.
func (s *Store) DueLeadsOf(ctx context.Context, owner int64, now time.Time, limit int) ([]models.Lead, int64, error) {
	f := models.LeadFilter{Due: true, OwnerID: owner}
	var total int64
	if err := s.where(s.db.WithContext(ctx).Model(&models.Lead{}), f, now).Count(&total).Error; err != nil {
		return nil, 0, classify(fmt.Errorf("due leads of %d: %w", owner, err))
	}
	var out []models.Lead
	err := s.where(s.leads(ctx), f, now).Order("leads.next_action_at ASC, leads.id ASC").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, 0, classify(fmt.Errorf("due leads of %d: %w", owner, err))
	}
	return out, total, nil
}
