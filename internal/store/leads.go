package store

import (
	"context"
	"fmt"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm/clause"
)

// CreateLead stores a lead. A lead whose FormKey is already stored is not stored again:
// created is then false and err nil, because the visitor's first post already counted.
func (s *Store) CreateLead(ctx context.Context, lead *models.Lead) (created bool, err error) {
	res := s.db.WithContext(ctx).
		Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "form_key"}}, DoNothing: true}).
		Create(lead)
	if res.Error != nil {
		return false, classify(fmt.Errorf("create lead: %w", res.Error))
	}
	return res.RowsAffected == 1, nil
}

// CountLeads returns how many leads are stored.
func (s *Store) CountLeads(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&models.Lead{}).Count(&n).Error; err != nil {
		return 0, classify(fmt.Errorf("count leads: %w", err))
	}
	return n, nil
}

// LeadByID returns one lead.
func (s *Store) LeadByID(ctx context.Context, id int64) (*models.Lead, error) {
	var l models.Lead
	if err := s.db.WithContext(ctx).First(&l, id).Error; err != nil {
		return nil, classify(fmt.Errorf("lead %d: %w", id, err))
	}
	return &l, nil
}

// RecentLeads returns the newest leads first.
func (s *Store) RecentLeads(ctx context.Context, limit int) ([]models.Lead, error) {
	var out []models.Lead
	err := s.leads(ctx).Order("leads.created_at DESC, leads.id DESC").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, classify(fmt.Errorf("recent leads: %w", err))
	}
	return out, nil
}
