package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
)

// Bounds of the list's total. A filter by status alone (or none) reads the counts the
// triggers keep, exact at any size. A search is exact when its walk of the order read
// all of the filter's leads, and estimated from the walk when the walk found its page
// (see walkTotal). Otherwise a filter is counted exactly when its page shows the end of
// the results, or when the estimate (the walk's, or on PostgreSQL the planner's) is at
// most EstimateAbove matches; past that the estimate is shown as such. Counting stops
// past DefaultTotalBound either way: counting every match of a common word among a
// million leads would read them all.
const (
	DefaultTotalBound = 10_000
	EstimateAbove     = 1_000
)

// SetTotalBound sets how far ListLeads counts (DefaultTotalBound unless set); tests set
// a small one. Call it before the store is shared.
func (s *Store) SetTotalBound(n int) { s.totalBound = n }

// ListLeads returns one page of the leads the filter selects and how many it selects
// (see models.LeadCount).
func (s *Store) ListLeads(ctx context.Context, f models.LeadFilter, now time.Time) (models.LeadPage, error) {
	var page models.LeadPage
	// The page's ids first, from the index that serves the order (deep pages skip
	// index entries, not whole rows), then the leads of those ids with their owners
	// and repeat links. One more id than the page tells whether another page follows.
	// A search may find its page on a short walk of the order instead.
	walk, err := s.walkSearch(ctx, f, now)
	if err != nil {
		return page, classify(fmt.Errorf("list leads: %w", err))
	}
	q := s.leads(ctx).Where("leads.id IN ?", walk.ids)
	if !walk.settled {
		ids := order(s.pageSource(ctx, f, now, walk).Select("leads.id"), f.Sort).
			Limit(f.PerPage + 1).Offset(f.Offset())
		q = s.leads(ctx).Joins("JOIN (?) AS page ON page.id = leads.id", ids)
	}
	if err := order(q, f.Sort).Find(&page.Leads).Error; err != nil {
		return page, classify(fmt.Errorf("list leads: %w", err))
	}
	if len(page.Leads) > f.PerPage {
		page.Leads, page.More = page.Leads[:f.PerPage], true
	}
	if walk.total != nil && page.More {
		page.Total = *walk.total
		return page, nil
	}
	if page.Total, err = s.countLeads(ctx, f, now, page); err != nil {
		return page, classify(fmt.Errorf("count leads: %w", err))
	}
	return page, nil
}

// pageSource is the leads f selects, for a page the walk did not find. When the walk
// was taken and found the search rare among the first leads of the order (see
// walked.rare), PostgreSQL
// reads the search's matches from the trigram index and sorts them, whatever it
// estimates: a subquery with OFFSET 0 is planned apart from the order and the limit,
// so the planner cannot choose to filter the order's index through every lead (8 s
// for a word in no lead at a million, on statistics that took "zzqx" for one lead in
// 140). Deep pages, which the walk does not reach, keep the order's index.
func (s *Store) pageSource(ctx context.Context, f models.LeadFilter, now time.Time, walk walked) *gorm.DB {
	db := s.db.WithContext(ctx)
	if !walk.rare || s.dialect != Postgres {
		return s.where(db.Model(&models.Lead{}), f, now)
	}
	like := searchLike(f.Query)
	matches := db.Raw("SELECT leads.id, leads.created_at, leads.name, leads.status, leads.owner_id, leads.next_action_at"+
		" FROM leads WHERE "+like.SQL+" OFFSET 0", like.Vars...)
	return whereFilters(db.Table("(?) AS leads", matches), f, now)
}

// keptCount is how many leads have status (any status for ""), from lead_counts.
func (s *Store) keptCount(ctx context.Context, status models.Status) (int64, error) {
	var n int64
	q := s.db.WithContext(ctx).Table("lead_counts").Select("COALESCE(sum(n), 0)")
	if status != "" {
		q = q.Where("status = ?", status)
	}
	err := q.Scan(&n).Error
	return n, err
}

// bound is how far the list counts.
func (s *Store) bound() int {
	if s.totalBound <= 0 {
		return DefaultTotalBound
	}
	return s.totalBound
}

// bounded is a count of n said as the list says it: past the bound, "at least".
func (s *Store) bounded(n int64) models.LeadCount {
	if n > int64(s.bound()) {
		return models.LeadCount{N: int64(s.bound()), AtLeast: true}
	}
	return models.LeadCount{N: n}
}

// countLeads counts what f selects, page being its page of leads.
func (s *Store) countLeads(ctx context.Context, f models.LeadFilter, now time.Time, page models.LeadPage) (models.LeadCount, error) {
	if f.Query == "" && f.OwnerID == 0 && !f.OwnerNone && !f.Due {
		n, err := s.keptCount(ctx, f.Status)
		return models.LeadCount{N: n}, err
	}
	if !page.More && (len(page.Leads) > 0 || f.Page == 1) {
		return models.LeadCount{N: int64(f.Offset() + len(page.Leads))}, nil
	}
	matches := s.where(s.db.WithContext(ctx).Model(&models.Lead{}).Select("1"), f, now)
	if s.dialect == Postgres {
		est, err := s.estimateRows(ctx, matches)
		if err != nil {
			return models.LeadCount{}, err
		}
		if est > EstimateAbove {
			return models.LeadCount{N: roundEstimate(est), Estimated: true}, nil
		}
	}
	var n int64
	err := s.db.WithContext(ctx).Raw("SELECT count(*) FROM (?) AS matches", matches.Limit(s.bound()+1)).Scan(&n).Error
	return s.bounded(n), err
}

// estimateRows is the PostgreSQL planner's estimate of the rows q returns, read from
// its plan: no row is read.
func (s *Store) estimateRows(ctx context.Context, q *gorm.DB) (int64, error) {
	var plan string
	if err := s.db.WithContext(ctx).Raw("EXPLAIN (FORMAT JSON) ?", q).Row().Scan(&plan); err != nil {
		return 0, err
	}
	var out []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if err := json.Unmarshal([]byte(plan), &out); err != nil || len(out) == 0 {
		return 0, fmt.Errorf("read the plan %q: %w", plan, err)
	}
	return int64(out[0].Plan.Rows), nil
}

// roundEstimate keeps an estimate's two leading digits (20,202 reads "about 20,000"):
// more would claim a precision it does not have.
func roundEstimate(n int64) int64 {
	unit := int64(1)
	for n/unit >= 100 {
		unit *= 10
	}
	return (n + unit/2) / unit * unit
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
