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
// within a few hundred leads of the order. A word in more than one lead in twenty fills
// the first page within the walk; a rarer one costs the walk (about 3 ms) and then the
// index.
const DefaultSearchWalk = 500

// SetSearchWalk sets how many leads a search on SQLite reads in order before it turns
// to the index (DefaultSearchWalk unless set); 0 turns to the index at once. Tests set
// it. Call it before the store is shared.
func (s *Store) SetSearchWalk(n int) { s.searchWalk = n }

// walked is what a walk of the order found.
type walked struct {
	// ids is the page's ids (one more than the page when another follows) when
	// settled: the walk found the page.
	ids     []int64
	settled bool
	// total, when the walk tells it: all of the filter's leads were read (a bounded
	// count), or a word's share of the leads read, times how many leads the status
	// has, is more than EstimateAbove (an estimate).
	total *models.LeadCount
}

// walkSearch reads the first leads of f's order that f selects but for its search and
// keeps those that match the search. Searches the index cannot serve, and pages past
// the walk, are not walked.
func (s *Store) walkSearch(ctx context.Context, f models.LeadFilter, now time.Time) (walked, error) {
	limit := s.searchWalk
	if limit < 0 {
		limit = DefaultSearchWalk
	}
	want := f.Offset() + f.PerPage + 1
	if !s.searchIndexed(f) || want > limit {
		return walked{}, nil
	}
	read := order(whereFilters(s.db.WithContext(ctx).Model(&models.Lead{}).
		Select("leads.id, leads.created_at, leads.name, leads.status, leads.email, leads.company, leads.message"), f, now), f.Sort).
		Limit(limit)
	like := searchLike(f.Query)
	rows, err := order(s.db.WithContext(ctx).Table("(?) AS leads", read).Select("leads.id, "+like.SQL+" AS hit", like.Vars...), f.Sort).
		Rows()
	if err != nil {
		return walked{}, err
	}
	defer rows.Close()
	// Read row by row, not through gorm's Scan: its reflection over 500 rows cost more
	// than the walk's query.
	var hits []int64
	n := 0
	for ; rows.Next(); n++ {
		var id int64
		var hit bool
		if err := rows.Scan(&id, &hit); err != nil {
			return walked{}, err
		}
		if hit {
			hits = append(hits, id)
		}
	}
	if err := rows.Err(); err != nil {
		return walked{}, err
	}
	complete := n < limit
	w := walked{settled: complete || len(hits) >= want}
	if w.settled {
		w.ids = hits[min(f.Offset(), len(hits)):min(want, len(hits))]
	}
	switch {
	case complete:
		c := s.bounded(int64(len(hits)))
		w.total = &c
	case len(hits) > 0 && f.OwnerID == 0 && !f.OwnerNone && !f.Due:
		kept, err := s.keptCount(ctx, f.Status)
		if est := int64(len(hits)) * kept / int64(n); err == nil && est > EstimateAbove {
			w.total = &models.LeadCount{N: roundEstimate(est), Estimated: true}
		}
		return w, err
	}
	return w, nil
}
