package store

import (
	"context"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
)

// DefaultTotalBound is how many leads the list counts before it says "at least": an
// exact count of a common word among a million leads would read them all.
const DefaultTotalBound = 10_000

// SetTotalBound sets how far ListLeads counts (DefaultTotalBound unless set); tests set
// a small one. Call it before the store is shared.
func (s *Store) SetTotalBound(n int) { s.totalBound = n }

// ListLeads returns one page of the leads the filter selects, and how many it selects:
// exactly up to the store's bound, "at least the bound" past it.
func (s *Store) ListLeads(ctx context.Context, f models.LeadFilter, now time.Time) (models.LeadPage, error) {
	var page models.LeadPage
	total, err := s.countLeads(ctx, f, now)
	if err != nil {
		return page, classify(fmt.Errorf("count leads: %w", err))
	}
	page.Total = total
	if !total.AtLeast && total.N <= int64(f.Offset()) {
		return page, nil
	}
	// The page's ids first, from the index that serves the order (deep pages skip
	// index entries, not whole rows), then the leads of those ids with their owners
	// and repeat links. One more id than the page tells whether another page follows.
	ids := order(where(s.db.WithContext(ctx).Model(&models.Lead{}).Select("leads.id"), f, now), f.Sort).
		Limit(f.PerPage + 1).Offset(f.Offset())
	err = order(s.leads(ctx).Joins("JOIN (?) AS page ON page.id = leads.id", ids), f.Sort).Find(&page.Leads).Error
	if err != nil {
		return page, classify(fmt.Errorf("list leads: %w", err))
	}
	if len(page.Leads) > f.PerPage {
		page.Leads, page.More = page.Leads[:f.PerPage], true
	}
	return page, nil
}

// countLeads counts what f selects. A filter by status alone (or none) reads the
// counts the triggers keep in lead_counts; any other counts matching rows, stopping
// one past the bound.
func (s *Store) countLeads(ctx context.Context, f models.LeadFilter, now time.Time) (models.LeadCount, error) {
	var n int64
	if f.Query == "" && f.OwnerID == 0 && !f.OwnerNone && !f.Due {
		q := s.db.WithContext(ctx).Table("lead_counts").Select("COALESCE(sum(n), 0)")
		if f.Status != "" {
			q = q.Where("status = ?", f.Status)
		}
		err := q.Scan(&n).Error
		return models.LeadCount{N: n}, err
	}
	bound := s.totalBound
	if bound <= 0 {
		bound = DefaultTotalBound
	}
	matches := where(s.db.WithContext(ctx).Model(&models.Lead{}).Select("1"), f, now).Limit(bound + 1)
	if err := s.db.WithContext(ctx).Raw("SELECT count(*) FROM (?) AS matches", matches).Scan(&n).Error; err != nil {
		return models.LeadCount{}, err
	}
	if n > int64(bound) {
		return models.LeadCount{N: int64(bound), AtLeast: true}, nil
	}
	return models.LeadCount{N: n}, nil
}

// statusCounts reads how many leads have each status from lead_counts.
func (s *Store) statusCounts(db *gorm.DB) (map[models.Status]int64, error) {
	var rows []struct {
		Status models.Status
		N      int64
	}
	if err := db.Table("lead_counts").Select("status, sum(n) AS n").Group("status").Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[models.Status]int64, len(rows))
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}
