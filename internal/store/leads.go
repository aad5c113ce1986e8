package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
)

// insertLead is the lead insert, written out: it is the landing form's hot path, and
// GORM's reflection and statement building cost more than the database's work.
const insertLead = `INSERT INTO leads (name, email, company, phone, message, status, utm_source, utm_medium,
	utm_campaign, referrer, landing_path, form_key, owner_id, created_by, next_action_at, version, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (form_key) DO NOTHING RETURNING id`

// CreateLead stores a lead. A lead whose FormKey is already stored is not stored again:
// created is then false and err nil, because the visitor's first post already counted.
func (s *Store) CreateLead(ctx context.Context, l *models.Lead) (created bool, err error) {
	now := time.Now().UTC()
	if l.CreatedAt.IsZero() {
		l.CreatedAt = now
	}
	if l.UpdatedAt.IsZero() {
		l.UpdatedAt = l.CreatedAt
	}
	if l.Version == 0 {
		l.Version = 1
	}
	err = s.sql.QueryRowContext(ctx, s.insertLead, l.Name, l.Email, l.Company, l.Phone, l.Message, l.Status,
		l.UTMSource, l.UTMMedium, l.UTMCampaign, l.Referrer, l.LandingPath, l.FormKey, l.OwnerID, l.CreatedBy,
		l.NextActionAt, l.Version, l.CreatedAt.UTC(), l.UpdatedAt.UTC()).Scan(&l.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // the form key is stored already
	}
	if err != nil {
		return false, classify(fmt.Errorf("create lead: %w", err))
	}
	return true, nil
}

// CountLeads returns how many leads are stored.
func (s *Store) CountLeads(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&models.Lead{}).Count(&n).Error; err != nil {
		return 0, classify(fmt.Errorf("count leads: %w", err))
	}
	return n, nil
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
