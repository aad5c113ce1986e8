package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
)

// erasedLead is what an erasure writes over a lead: every field that holds the
// visitor's personal data or says where they came from is blanked. Status, owner,
// creation and the times stay, so the counts stay right; the follow-up date goes, as
// nobody can follow up an anonymous lead (and it could not be edited away).
func erasedLead(at time.Time, version int) map[string]any {
	return map[string]any{
		"name": "", "email": "", "company": "", "phone": "", "message": "",
		"utm_source": "", "utm_medium": "", "utm_campaign": "", "referrer": "", "landing_path": "",
		"next_action_at": nil,
		"erased_at":      at, "version": version + 1, "updated_at": at,
	}
}

// EraseLead removes a lead's personal data for good, in one transaction: the lead's
// contact fields and attribution, its notes, the personal values in its history, and
// (through the change hook's LeadErased) the emails queued about it. An anonymous row
// stays for the counts, with a history entry saying who erased it and when. A lead
// erased already gets models.ErrErased; a missing one models.ErrNotFound.
func (s *Store) EraseLead(ctx context.Context, id int64, e models.Erasure) error {
	at := e.At.UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := s.lockLead(tx, id)
		if err != nil {
			return err
		}
		if cur.Erased() {
			return models.ErrErased
		}
		if err := tx.Model(&models.Lead{}).Where("id = ?", id).Updates(erasedLead(at, cur.Version)).Error; err != nil {
			return err
		}
		if err := tx.Where("lead_id = ?", id).Delete(&models.Note{}).Error; err != nil {
			return err
		}
		err = tx.Model(&models.LeadEvent{}).Where("lead_id = ? AND field IN ?", id, models.PersonalFields).
			Updates(map[string]any{"old_value": "", "new_value": ""}).Error
		if err != nil {
			return err
		}
		record := models.LeadEvent{LeadID: id, UserID: e.By, Field: models.FieldErased, Version: cur.Version + 1, CreatedAt: at}
		if e.By == nil {
			record.NewValue = models.ActorRetention
		}
		if err := tx.Omit("UserName").Create(&record).Error; err != nil {
			return err
		}
		return s.emit(ctx, tx, models.LeadErased{LeadID: id})
	})
	if errors.Is(err, models.ErrErased) {
		return err
	}
	if err != nil {
		return classify(fmt.Errorf("erase lead %d: %w", id, err))
	}
	s.committed(models.LeadErased{LeadID: id})
	return nil
}

// retentionBatch is how many leads one pass of EraseUntouched reads at a time.
const retentionBatch = 200

// EraseUntouched erases every lead not erased yet whose last change (updated_at) is
// before cutoff, each in its own transaction as the retention sweep, and returns how
// many it erased. A lead erased or deleted meanwhile by someone else is skipped.
func (s *Store) EraseUntouched(ctx context.Context, cutoff, at time.Time) (int, error) {
	erased := 0
	for {
		var ids []int64
		err := s.db.WithContext(ctx).Model(&models.Lead{}).
			Where("erased_at IS NULL AND updated_at < ?", cutoff.UTC()).
			Order("id").Limit(retentionBatch).Pluck("id", &ids).Error
		if err != nil {
			return erased, classify(fmt.Errorf("untouched leads: %w", err))
		}
		if len(ids) == 0 {
			return erased, nil
		}
		for _, id := range ids {
			err := s.EraseLead(ctx, id, models.Erasure{At: at})
			switch {
			case err == nil:
				erased++
			case errors.Is(err, models.ErrErased), errors.Is(err, models.ErrNotFound):
			default:
				return erased, err
			}
		}
	}
}
