package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
)

// addWalkLeads adds 60 leads for the walk's tests: first names Ada, Bob, Cy and Dee in
// turn, last names Stark, Kent and Lane in turn (so Ada Stark, Bob Kent, ...), every
// other one won, three at each moment (ties on the time orders), every email holding
// an "a" (example.com).
func addWalkLeads(t *testing.T, s *store.Store) time.Time {
	t.Helper()
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	first, last := []string{"Ada", "Bob", "Cy", "Dee"}, []string{"Stark", "Kent", "Lane"}
	for i := range 60 {
		in := models.LeadInput{Name: first[i%4] + " " + last[i%3], Email: fmt.Sprintf("p%d@example.com", i)}
		l := models.Submission{LeadInput: in}.NewLead("")
		l.CreatedAt = at.Add(time.Duration(i/3) * time.Hour)
		l.Status = []models.Status{models.StatusNew, models.StatusWon}[i%2]
		if _, err := s.CreateLead(context.Background(), l); err != nil {
			t.Fatal(err)
		}
	}
	return at
}

// TestSearchWalkPagesFollowTheList pages through searches of every order, with and
// without a status filter, whether the walk finds the page (one character, a common
// word), finds some of it or none (a rarer word, no match) or is not taken, and checks
// that the pages give each lead the search selects once, in the list's order (the list
// without the search, kept to the leads a scan of their text selects), and that no
// page's total says less than is known or claims an exact count it does not have.
func TestSearchWalkPagesFollowTheList(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		at := addWalkLeads(t, s)
		defer s.SetSearchWalk(-1)
		for _, sort := range models.LeadSorts() {
			for _, status := range []models.Status{"", models.StatusWon} {
				all, err := s.ListLeads(ctx, models.LeadFilter{Status: status, Sort: sort, Page: 1, PerPage: 100}, at)
				if err != nil {
					t.Fatal(err)
				}
				for _, q := range []string{"a", "ad", "ada", "stark", "zz"} {
					matches := scanned(t, s, q)
					want := []int64{}
					for _, id := range ids(all.Leads) {
						if slices.Contains(matches, id) {
							want = append(want, id)
						}
					}
					for _, walk := range []int{0, 7, 20, -1} {
						s.SetSearchWalk(walk)
						f := models.LeadFilter{Query: q, Status: status, Sort: sort, PerPage: 4}
						if got := pagesOf(t, s, f, at, len(want)); !slices.Equal(got, want) {
							t.Errorf("%s status=%q q=%q walk %d: pages gave %v, want %v", sort, status, q, walk, got, want)
						}
					}
				}
			}
		}
	})
}

// pagesOf pages through f and checks each page's total against n, the number of leads
// f selects: exact only when it is n, at least only when n is at least as many, an
// estimate never below the leads the pages have shown.
func pagesOf(t *testing.T, s *store.Store, f models.LeadFilter, now time.Time, n int) []int64 {
	t.Helper()
	out := []int64{}
	for f.Page = 1; f.Page < 50; f.Page++ {
		page, err := s.ListLeads(context.Background(), f, now)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ids(page.Leads)...)
		shown := int64(len(out))
		if page.More {
			shown++
		}
		switch c := page.Total; {
		case c.Exact() && c.N != int64(n), c.AtLeast && c.N > int64(n), c.Estimated && c.N < shown:
			t.Errorf("%+v page %d: total %+v, %d leads match", f, f.Page, c, n)
		}
		if !page.More {
			break
		}
	}
	return out
}

// TestSearchWalkTotals checks the kind of total each way of finding a search's page
// gives: exact when the walk reads all of the filter's leads, an estimate from the
// walk's share when it finds the page among more, and a count when the walk's share
// cannot be trusted (too few matches in it, or an owner filter without a kept count).
func TestSearchWalkTotals(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		at := addWalkLeads(t, s)
		defer s.SetSearchWalk(-1)
		cases := []struct {
			name string
			walk int
			f    models.LeadFilter
			want models.LeadCount
		}{
			// 20 of the 20 newest hold an "a": 20/20 of 60.
			{"ShareOfTheWalk", 20, models.LeadFilter{Query: "a"}, models.LeadCount{N: 60, Estimated: true}},
			{"ShareOfTheStatus", 20, models.LeadFilter{Query: "a", Status: models.StatusWon, Sort: models.SortNameDesc},
				models.LeadCount{N: 30, Estimated: true}},
			{"WalkReadsAll", 100, models.LeadFilter{Query: "stark"}, models.LeadCount{N: 20}},
			{"WalkReadsTheStatus", 40, models.LeadFilter{Query: "stark", Status: models.StatusWon}, models.LeadCount{N: 10}},
			// In name order the walk's 12 are all Adas: 12/12 of 60 would say "about
			// 60". The newest 12 hold 3 Adas, too few to judge by: counted.
			{"NameOrderIsNotTheSample", 12, models.LeadFilter{Query: "ada", Sort: models.SortName}, models.LeadCount{N: 15}},
			// The newest 40 hold 10 Adas: 10/40 of 60.
			{"NameOrderSampledByTime", 40, models.LeadFilter{Query: "ada", Sort: models.SortName}, models.LeadCount{N: 15, Estimated: true}},
			{"OwnerFilterIsCounted", 20, models.LeadFilter{Query: "a", OwnerNone: true}, models.LeadCount{N: 60}},
			{"NoWalk", 0, models.LeadFilter{Query: "a"}, models.LeadCount{N: 60}},
			{"NoMatch", 20, models.LeadFilter{Query: "zz"}, models.LeadCount{}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				s.SetSearchWalk(tc.walk)
				tc.f.Page, tc.f.PerPage = 1, 4
				if tc.f.Sort == "" {
					tc.f.Sort = models.SortNewest
				}
				page, err := s.ListLeads(ctx, tc.f, at)
				if err != nil {
					t.Fatal(err)
				}
				if page.Total != tc.want {
					t.Errorf("total %+v, want %+v", page.Total, tc.want)
				}
			})
		}
	})
}
