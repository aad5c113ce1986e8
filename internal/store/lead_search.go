package store

import (
	"context"
	"time"

	"github.com/leadline/leadline/models"
)

// DefaultSearchWalk is how many leads, in the list's order, a search on SQLite reads
// before it turns to the trigram index. The index lists every match of a word before
// the page can be sorted out of them: quick for a rare word, slow for a common one
// (28,000 matches of "security" among 100,000 leads take 100 ms), which fills a page
// within a few hundred leads of the order. A rare word costs the walk (a few ms) and
// then the index.
const DefaultSearchWalk = 2000

// SetSearchWalk sets how many leads a search on SQLite reads in order before it turns
// to the index (DefaultSearchWalk unless set); 0 turns to the index at once. Tests set
// it. Call it before the store is shared.
func (s *Store) SetSearchWalk(n int) { s.searchWalk = n }

// walkSearch reads the first leads of f's order that f selects but for its search and
// keeps those that match the search. When they settle the page it returns the page's
// ids (one more than the page when another follows) and ok; total is set when the
// walk tells the total too: all of the filter's leads read (a bounded count), or a
// common word's share of the leads read times how many leads the status has (an
// estimate). Searches the index cannot serve, and pages past the walk, are not walked.
func (s *Store) walkSearch(ctx context.Context, f models.LeadFilter, now time.Time) (ids []int64, total *models.LeadCount, ok bool, err error) {
	limit := s.searchWalk
	if limit < 0 {
		limit = DefaultSearchWalk
	}
	want := f.Offset() + f.PerPage + 1
	if !s.searchIndexed(f) || want > limit {
		return nil, nil, false, nil
	}
	read := order(whereFilters(s.db.WithContext(ctx).Model(&models.Lead{}).
		Select("leads.id, leads.created_at, leads.name, leads.status, leads.email, leads.company, leads.message"), f, now), f.Sort).
		Limit(limit)
	var rows []struct {
		ID  int64
		Hit bool
	}
	like := searchLike(f.Query)
	err = order(s.db.WithContext(ctx).Table("(?) AS leads", read).Select("leads.id, "+like.SQL+" AS hit", like.Vars...), f.Sort).
		Scan(&rows).Error
	if err != nil {
		return nil, nil, false, err
	}
	var hits []int64
	for _, r := range rows {
		if r.Hit {
			hits = append(hits, r.ID)
		}
	}
	complete := len(rows) < limit
	if !complete && len(hits) < want {
		return nil, nil, false, nil
	}
	ids = hits[min(f.Offset(), len(hits)):min(want, len(hits))]
	if complete {
		c := s.bounded(int64(len(hits)))
		return ids, &c, true, nil
	}
	if f.OwnerID != 0 || f.OwnerNone || f.Due {
		return ids, nil, true, nil
	}
	n, err := s.keptCount(ctx, f.Status)
	if est := int64(len(hits)) * n / int64(len(rows)); err == nil && est > EstimateAbove {
		return ids, &models.LeadCount{N: roundEstimate(est), Estimated: true}, true, nil
	}
	return ids, nil, true, err
}
