package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
)

// Bulk changes run one transaction per lead, through the same path as a single change
// (updateLead): each lead's version is checked on its own, so a lead someone else
// changed meanwhile is reported and left alone while the others go through, and each
// change writes its history and raises its events (an assignment's email, a webhook)
// exactly as one click on that lead would. A failure of the database stops the run
// and is returned with what was done before it.

// BulkUpdateLeads applies edit to every item still at its version, as actor.
func (s *Store) BulkUpdateLeads(ctx context.Context, items []models.BulkItem, actor int64, edit func(*models.Lead)) (models.BulkResult, error) {
	var res models.BulkResult
	for _, it := range items {
		l, err := s.updateLead(ctx, it.ID, it.Version, actor, edit)
		done, err := sortOutcome(&res, it, err)
		if err != nil {
			return res, err
		}
		if done {
			continue
		}
		if l.Version == it.Version {
			res.Unchanged = append(res.Unchanged, it.ID)
		} else {
			res.Changed = append(res.Changed, it.ID)
		}
	}
	return res, nil
}

// BulkDeleteLeads deletes every item still at its version, with its notes and history.
func (s *Store) BulkDeleteLeads(ctx context.Context, items []models.BulkItem) (models.BulkResult, error) {
	var res models.BulkResult
	for _, it := range items {
		done, err := sortOutcome(&res, it, s.deleteLeadAt(ctx, it))
		if err != nil {
			return res, err
		}
		if done {
			continue
		}
		res.Changed = append(res.Changed, it.ID)
	}
	return res, nil
}

// sortOutcome files a lead that conflicted or was missing into res (done true) and
// passes any other error on.
func sortOutcome(res *models.BulkResult, it models.BulkItem, err error) (done bool, _ error) {
	var ce *models.ConflictError
	switch {
	case err == nil:
		return false, nil
	case errors.As(err, &ce):
		by := ""
		if len(ce.Since) > 0 {
			by = ce.Since[0].UserName
		}
		res.Conflicts = append(res.Conflicts, models.BulkConflict{Lead: ce.Current, By: by})
		return true, nil
	case errors.Is(err, models.ErrNotFound):
		res.Missing = append(res.Missing, it.ID)
		return true, nil
	}
	return true, err
}

// deleteLeadAt deletes the lead if it is still at the item's version.
func (s *Store) deleteLeadAt(ctx context.Context, it models.BulkItem) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := s.lockLead(tx, it.ID)
		if err != nil {
			return err
		}
		if cur.Version != it.Version {
			return s.conflict(tx, cur, it.Version)
		}
		res := tx.Where("version = ?", it.Version).Delete(&models.Lead{}, it.ID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return s.conflict(tx, cur, it.Version)
		}
		return s.emit(ctx, tx, models.LeadDeleted{LeadID: it.ID})
	})
	var ce *models.ConflictError
	if err == nil || errors.As(err, &ce) {
		return err
	}
	return classify(fmt.Errorf("delete lead %d: %w", it.ID, err))
}

// LeadsByID returns the leads with these ids that exist, in the order given, each
// with its owner's name.
func (s *Store) LeadsByID(ctx context.Context, ids []int64) ([]models.Lead, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var found []models.Lead
	// Chunks keep the statement under SQLite's and PostgreSQL's parameter limits.
	for start := 0; start < len(ids); start += 500 {
		var part []models.Lead
		chunk := ids[start:min(start+500, len(ids))]
		if err := s.leads(ctx).Where("leads.id IN ?", chunk).Find(&part).Error; err != nil {
			return nil, classify(fmt.Errorf("leads by id: %w", err))
		}
		found = append(found, part...)
	}
	byID := make(map[int64]models.Lead, len(found))
	for _, l := range found {
		byID[l.ID] = l
	}
	out := make([]models.Lead, 0, len(found))
	for _, id := range ids {
		if l, ok := byID[id]; ok {
			out = append(out, l)
		}
	}
	return out, nil
}

// MatchingLeads returns up to limit leads the filter selects, in its order and from
// its first page whatever page it names, and how many it selects in all: "all that
// match" in the list.
func (s *Store) MatchingLeads(ctx context.Context, f models.LeadFilter, now time.Time, limit int) ([]models.Lead, int64, error) {
	f.Page, f.PerPage = 1, limit
	return s.ListLeads(ctx, f, now)
}
