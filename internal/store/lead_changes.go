package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// UpdateLead changes a lead if it is still at version: edit mutates a copy, every
// changed field is recorded in the history under actor, and the version moves on. A
// stale version gets a *models.ConflictError with the lead as saved now; nothing is
// overwritten.
func (s *Store) UpdateLead(ctx context.Context, id int64, version int, actor int64, edit func(*models.Lead)) (*models.Lead, error) {
	result, err := s.updateLead(ctx, id, version, actor, edit)
	if err != nil {
		return nil, err
	}
	// Re-read for the owner's name.
	return s.Lead(ctx, result.ID)
}

// updateLead is UpdateLead in a transaction of its own, without the re-read: the one
// path every change of a lead takes, one at a time or in bulk, so that each writes its
// history and raises its events (an assignment's email) alike.
func (s *Store) updateLead(ctx context.Context, id int64, version int, actor int64, edit func(*models.Lead)) (*models.Lead, error) {
	var result *models.Lead
	var raised []models.Event // committed once the transaction is
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		result, raised, err = s.updateLeadTx(ctx, tx, id, version, actor, edit)
		return err
	})
	var ce *models.ConflictError
	if errors.As(err, &ce) || errors.Is(err, models.ErrErased) {
		return nil, err
	}
	if err != nil {
		return nil, classify(fmt.Errorf("update lead %d: %w", id, err))
	}
	s.committed(raised...)
	return result, nil
}

// updateLeadTx is the change itself, inside tx. It returns the events it raised, for
// the after-commit hooks once tx has committed.
func (s *Store) updateLeadTx(ctx context.Context, tx *gorm.DB, id int64, version int, actor int64, edit func(*models.Lead)) (*models.Lead, []models.Event, error) {
	cur, err := s.lockLead(tx, id)
	if err != nil {
		return nil, nil, err
	}
	if cur.Erased() {
		return nil, nil, models.ErrErased
	}
	if cur.Version != version {
		return nil, nil, s.conflict(tx, cur, version)
	}
	next := *cur
	edit(&next)
	changes := models.Changes(cur, &next)
	if len(changes) == 0 {
		return cur, nil, nil
	}
	now := time.Now().UTC()
	res := tx.Model(&models.Lead{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
		"name": next.Name, "email": next.Email, "company": next.Company, "phone": next.Phone,
		"message": next.Message, "status": next.Status, "owner_id": next.OwnerID,
		"next_action_at": next.NextActionAt, "version": version + 1, "updated_at": now,
	})
	if res.Error != nil {
		return nil, nil, res.Error
	}
	if res.RowsAffected != 1 {
		return nil, nil, s.conflict(tx, cur, version)
	}
	events := make([]models.LeadEvent, 0, len(changes))
	for _, ch := range changes {
		events = append(events, models.LeadEvent{
			LeadID: id, UserID: &actor, Field: ch.Field, OldValue: ch.Old, NewValue: ch.New,
			Version: version + 1, CreatedAt: now,
		})
	}
	if err := tx.Omit("UserName").Create(&events).Error; err != nil {
		return nil, nil, err
	}
	next.Version, next.UpdatedAt = version+1, now
	raised := changeEvents(cur, &next, actor, changes)
	return &next, raised, s.emit(ctx, tx, raised...)
}

// lockLead reads a lead inside tx, locking its row on PostgreSQL until tx ends (SQLite's
// immediate transactions hold the whole database already).
func (s *Store) lockLead(tx *gorm.DB, id int64) (*models.Lead, error) {
	var cur models.Lead
	q := tx
	if s.dialect == Postgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	if err := q.Where("id = ?", id).Take(&cur).Error; err != nil {
		return nil, err
	}
	return &cur, nil
}

// conflict builds the error for an editor at version, with what they missed.
func (s *Store) conflict(tx *gorm.DB, cur *models.Lead, version int) error {
	var since []models.LeadEvent
	err := tx.Table("lead_events").Select("lead_events.*, users.name AS user_name").
		Joins("LEFT JOIN users ON users.id = lead_events.user_id").
		Where("lead_events.lead_id = ? AND lead_events.version > ?", cur.ID, version).
		Order("lead_events.id DESC").Find(&since).Error
	if err != nil {
		return err
	}
	return &models.ConflictError{Current: cur, Since: since}
}

// changeEvents are the events of an edit: LeadUpdated, and LeadAssigned when the owner
// changed.
func changeEvents(cur, next *models.Lead, actor int64, changes []models.FieldChange) []models.Event {
	events := []models.Event{models.LeadUpdated{Lead: next, By: actor, Changes: changes}}
	for _, ch := range changes {
		if ch.Field == "owner" {
			events = append(events, models.LeadAssigned{Lead: next, By: actor, From: cur.OwnerID, To: next.OwnerID})
		}
	}
	return events
}

// emit hands events to the change hook, if any, inside GORM's transaction tx.
func (s *Store) emit(ctx context.Context, tx *gorm.DB, events ...models.Event) error {
	if len(s.onChange) == 0 {
		return nil
	}
	sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return fmt.Errorf("change hook: the transaction is a %T, not a *sql.Tx", tx.Statement.ConnPool)
	}
	for _, e := range events {
		if err := s.inTx(ctx, sqlTx, e); err != nil {
			return fmt.Errorf("change hook: %s: %w", e.EventName(), err)
		}
	}
	return nil
}

// DeleteLead removes a lead with its notes and history.
func (s *Store) DeleteLead(ctx context.Context, id int64) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Delete(&models.Lead{}, id)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("lead %d: %w", id, models.ErrNotFound)
		}
		return s.emit(ctx, tx, models.LeadDeleted{LeadID: id})
	})
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return classify(fmt.Errorf("delete lead %d: %w", id, err))
	}
	if err == nil {
		s.committed(models.LeadDeleted{LeadID: id})
	}
	return err
}
