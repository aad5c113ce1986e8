package store

import (
	"context"
	"time"

	"github.com/leadline/leadline/models"
)

// DefaultSearchWalk is how many leads, in the list's order, a search reads before it
// turns to its index (or, for one or two characters on SQLite, which have no trigram,
// to a scan). A word in more than one lead in twenty fills the first page within the
// walk, which reads the order's index as the list without a search does: a plan that
// does not hang on how common the planner thinks the word is. On SQLite the index
// lists every match of a word before the page can be sorted out of them (28,000
// matches of "security" among 100,000 leads take 100 ms); on PostgreSQL a filter and a
// search together led its planner, on some samples of its statistics, to a plan that
// read every match (a second at a million leads). A rarer word costs the walk (about
// 3 ms) and then the index, which serves rare words well.
const DefaultSearchWalk = 500

// minSampleHits is how many matches a walk must see for their share of it to estimate
// the total. Five keeps the estimate's error within about half (rounded to two digits,
// said as "about"); it lets "ada" (one lead in forty, a dozen in a walk of 500) be
// estimated rather than counted through the 2,400 matches SQLite's index lists.
const minSampleHits = 5

// SetSearchWalk sets how many leads a search reads in order before it turns to the
// index (DefaultSearchWalk unless set); 0 turns to the index at once. Tests set it.
// Call it before the store is shared.
func (s *Store) SetSearchWalk(n int) { s.searchWalk = n }

func (s *Store) walkLimit() int {
	if s.searchWalk < 0 {
		return DefaultSearchWalk
	}
	return s.searchWalk
}

// walked is what a walk of the order found.
type walked struct {
	// ids is the page's ids (one more than the page when another follows) when
	// settled: the walk found the page.
	ids     []int64
	settled bool
	// rare is true when the walk was taken and found fewer than minSampleHits
	// matches: the search is in fewer than one in a hundred of the first leads of the
	// order, and listing its matches costs less than reading the order until the page
	// fills. (A word in one lead in forty, "ada", has 25,000 matches at a million
	// leads, 150 ms to list and sort, and fills a page within 1,100 leads of the order.)
	rare bool
	// total, when the walk tells it: all of the filter's leads were read (a bounded
	// count), or a word's share of the leads read, times how many leads the status
	// has (an estimate; see walkTotal).
	total *models.LeadCount
}

// walkSearch reads the first leads of f's order that f selects but for its search and
// keeps those that match the search. Pages past the walk are not walked.
func (s *Store) walkSearch(ctx context.Context, f models.LeadFilter, now time.Time) (walked, error) {
	limit := s.walkLimit()
	want := f.Offset() + f.PerPage + 1
	if f.Query == "" || want > limit {
		return walked{}, nil
	}
	hits, n, err := s.walkOrder(ctx, f, now, limit)
	if err != nil {
		return walked{}, err
	}
	w := walked{settled: n < limit || len(hits) >= want}
	w.rare = len(hits) < minSampleHits
	if w.settled {
		w.ids = hits[min(f.Offset(), len(hits)):min(want, len(hits))]
	}
	if n < limit {
		c := s.bounded(int64(len(hits)))
		w.total = &c
		return w, nil
	}
	w.total, err = s.walkTotal(ctx, f, now, walkSample{hits: len(hits), read: n}, w.settled)
	return w, err
}

// walkSample is how many of the leads a walk read match the search.
type walkSample struct{ hits, read int }

// walkTotal estimates f's total from a walk that did not reach the end of f's leads: the
// search's share of the leads read times how many leads the status has (kept by the
// triggers), said as an estimate. Without a kept count to scale (an owner or due
// filter), with fewer than minSampleHits matches to judge by, or, when the walk did not
// find the page, an estimate of at most EstimateAbove (a rare word, cheap to count),
// it leaves the total to countLeads (nil).
//
// The leads first in a name order share the start of their name, so a search for a
// name is not judged by them (the first 500 of "ada" in name order are all Adas: "about
// 100,000" where 2,600 match); the share is taken on the newest leads instead.
func (s *Store) walkTotal(ctx context.Context, f models.LeadFilter, now time.Time, sample walkSample, settled bool) (*models.LeadCount, error) {
	if f.OwnerID != 0 || f.OwnerNone || f.Due {
		return nil, nil
	}
	found := sample.hits
	if f.Sort == models.SortName || f.Sort == models.SortNameDesc {
		byTime := f
		byTime.Sort = models.SortNewest
		hits, n, err := s.walkOrder(ctx, byTime, now, sample.read)
		if err != nil {
			return nil, err
		}
		if n < sample.read { // the newest walk read all of the status's leads
			c := s.bounded(int64(len(hits)))
			return &c, nil
		}
		sample = walkSample{hits: len(hits), read: n}
	}
	if sample.hits < minSampleHits {
		return nil, nil
	}
	kept, err := s.keptCount(ctx, f.Status)
	if err != nil {
		return nil, err
	}
	est := max(int64(sample.hits)*kept/int64(sample.read), int64(found))
	if !settled && est <= EstimateAbove {
		return nil, nil
	}
	return &models.LeadCount{N: roundEstimate(est), Estimated: true}, nil
}

// walkOrder reads the first limit leads of f's order that f selects but for its
// search, and returns the ids of those that match the search, in order, and how many
// it read.
func (s *Store) walkOrder(ctx context.Context, f models.LeadFilter, now time.Time, limit int) ([]int64, int, error) {
	read := order(whereFilters(s.db.WithContext(ctx).Model(&models.Lead{}).
		Select("leads.id, leads.created_at, leads.name, leads.status, leads.email, leads.company, leads.message"), f, now), f.Sort).
		Limit(limit)
	like := searchLike(f.Query)
	rows, err := order(s.db.WithContext(ctx).Table("(?) AS leads", read).Select("leads.id, "+like.SQL+" AS hit", like.Vars...), f.Sort).
		Rows()
	if err != nil {
		return nil, 0, err
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
			return nil, 0, err
		}
		if hit {
			hits = append(hits, id)
		}
	}
	return hits, n, rows.Err()
}
