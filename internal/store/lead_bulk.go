package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
)

// Bulk changes go through the same steps as a single change (updateLeadTx), lead by
// lead: each lead's version is checked on its own, so a lead someone else changed
// meanwhile is reported and left alone while the others go through, and each change
// writes its history and raises its events (an assignment's email, a webhook) exactly
// as one click on that lead would. The leads are taken bulkBatch to a transaction: one
// commit per lead cost 5 ms a lead on PostgreSQL (BenchmarkBulkStatus1000), and a
// batch holds its row locks (SQLite: the write lock) for a fraction of a second only.
// Leads are locked in id order, so two bulk actions over the same leads queue rather
// than deadlock. A failure of the database rolls back its batch and stops the run; the
// batches before it stay done.

// bulkBatch is how many leads one transaction of a bulk action takes.
const bulkBatch = 100

// BulkUpdateLeads applies edit to every item still at its version, as actor.
func (s *Store) BulkUpdateLeads(ctx context.Context, items []models.BulkItem, actor int64, edit func(*models.Lead)) (models.BulkResult, error) {
	return s.bulk(ctx, items, func(tx *gorm.DB, it models.BulkItem, res *models.BulkResult, raised *[]models.Event) error {
		l, events, err := s.updateLeadTx(ctx, tx, it.ID, it.Version, actor, edit)
		if done, err := sortOutcome(res, it, err); done || err != nil {
			return err
		}
		*raised = append(*raised, events...)
		if l.Version == it.Version {
			res.Unchanged = append(res.Unchanged, it.ID)
		} else {
			res.Changed = append(res.Changed, it.ID)
		}
		return nil
	})
}

// BulkDeleteLeads deletes every item still at its version, with its notes and history.
func (s *Store) BulkDeleteLeads(ctx context.Context, items []models.BulkItem) (models.BulkResult, error) {
	return s.bulk(ctx, items, func(tx *gorm.DB, it models.BulkItem, res *models.BulkResult, raised *[]models.Event) error {
		if done, err := sortOutcome(res, it, s.deleteLeadTx(ctx, tx, it)); done || err != nil {
			return err
		}
		*raised = append(*raised, models.LeadDeleted{LeadID: it.ID})
		res.Changed = append(res.Changed, it.ID)
		return nil
	})
}

// bulk runs one per item, in id order, bulkBatch items to a transaction, and gathers
// what each did; the events one raised reach the after-commit hooks when its batch
// has committed.
func (s *Store) bulk(ctx context.Context, items []models.BulkItem, one func(*gorm.DB, models.BulkItem, *models.BulkResult, *[]models.Event) error) (models.BulkResult, error) {
	sorted := slices.Clone(items)
	slices.SortFunc(sorted, func(a, b models.BulkItem) int { return cmp.Compare(a.ID, b.ID) })
	var res models.BulkResult
	for start := 0; start < len(sorted); start += bulkBatch {
		var part models.BulkResult
		var raised []models.Event
		err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			part, raised = models.BulkResult{}, nil
			for _, it := range sorted[start:min(start+bulkBatch, len(sorted))] {
				if err := one(tx, it, &part, &raised); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return res, classify(fmt.Errorf("bulk change: %w", err))
		}
		s.committed(raised...)
		res.Changed = append(res.Changed, part.Changed...)
		res.Unchanged = append(res.Unchanged, part.Unchanged...)
		res.Conflicts = append(res.Conflicts, part.Conflicts...)
		res.Missing = append(res.Missing, part.Missing...)
		res.Erased = append(res.Erased, part.Erased...)
	}
	return res, nil
}

// sortOutcome files a lead that conflicted, was missing or was erased into res (done true) and
// passes any other error on. Neither is an error of the database, so the batch's
// transaction carries on.
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
	case errors.Is(err, gorm.ErrRecordNotFound):
		res.Missing = append(res.Missing, it.ID)
		return true, nil
	case errors.Is(err, models.ErrErased):
		res.Erased = append(res.Erased, it.ID)
		return true, nil
	}
	return true, err
}

// deleteLeadTx deletes the lead inside tx if it is still at the item's version.
func (s *Store) deleteLeadTx(ctx context.Context, tx *gorm.DB, it models.BulkItem) error {
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
// its first page whatever page it names, and how many it selects in all (see
// ListLeads): "all that match" in the list.
func (s *Store) MatchingLeads(ctx context.Context, f models.LeadFilter, now time.Time, limit int) ([]models.Lead, int64, error) {
	f.Page, f.PerPage = 1, limit
	page, err := s.ListLeads(ctx, f, now)
	// The total is exact up to the list's bound (well past any limit a bulk action
	// takes) unless the planner expects many more matches than that: then its estimate
	// is over the limit too.
	return page.Leads, page.Total.N, err
}
