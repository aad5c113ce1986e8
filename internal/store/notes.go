package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// AddNote stores a note on a lead. A lead whose personal data was erased takes no
// notes (models.ErrErased): the lead is locked while the note goes in, so an erasure
// cannot miss a note added beside it.
func (s *Store) AddNote(ctx context.Context, n *models.Note) error {
	n.CreatedAt = time.Now().UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var lead models.Lead
		q := tx.Select("id", "erased_at")
		if s.dialect == Postgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		if err := q.Where("id = ?", n.LeadID).Take(&lead).Error; err != nil {
			return err
		}
		if lead.Erased() {
			return models.ErrErased
		}
		return tx.Omit("AuthorName").Create(n).Error
	})
	switch {
	case err == nil:
		return nil
	case errors.Is(err, models.ErrErased):
		return err
	case errors.Is(err, gorm.ErrRecordNotFound) || failureOf(err) == failForeignKey:
		return fmt.Errorf("lead %d: %w", n.LeadID, models.ErrNotFound)
	}
	return classify(fmt.Errorf("add note: %w", err))
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
