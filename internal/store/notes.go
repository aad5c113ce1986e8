package store

import (
	"context"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
)

// AddNote stores a note on a lead.
func (s *Store) AddNote(ctx context.Context, n *models.Note) error {
	n.CreatedAt = time.Now().UTC()
	if err := s.db.WithContext(ctx).Omit("AuthorName").Create(n).Error; err != nil {
		if failureOf(err) == failForeignKey {
			return fmt.Errorf("lead %d: %w", n.LeadID, models.ErrNotFound)
		}
		return classify(fmt.Errorf("add note: %w", err))
	}
	return nil
}

// Notes returns a lead's notes, newest first.
func (s *Store) Notes(ctx context.Context, leadID int64) ([]models.Note, error) {
	var out []models.Note
	err := s.db.WithContext(ctx).Table("lead_notes").Select("lead_notes.*, users.name AS author_name").
		Joins("LEFT JOIN users ON users.id = lead_notes.user_id").
		Where("lead_notes.lead_id = ?", leadID).Order("lead_notes.id DESC").Find(&out).Error
	if err != nil {
		return nil, classify(fmt.Errorf("notes of lead %d: %w", leadID, err))
	}
	return out, nil
}
