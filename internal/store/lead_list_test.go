package store_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
)

// TestListLeadsBoundedTotal counts exactly up to the bound and says "at least the
// bound" past it (unless the page shows the end), and the pages still say whether
// another follows.
func TestListLeadsBoundedTotal(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		s.SetTotalBound(3)
		for i := range 5 {
			addLead(t, s, fmt.Sprintf("Ada %d", i), fmt.Sprintf("ada%d@example.com", i), "", "")
		}
		addLead(t, s, "Bob", "bob@example.com", "", "")
		list := func(f models.LeadFilter) models.LeadPage {
			t.Helper()
			page, err := s.ListLeads(ctx, f, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			return page
		}
		cases := []struct {
			name      string
			f         models.LeadFilter
			want      models.LeadCount
			rows      int
			more      bool
			firstName string
		}{
			{"PastTheBound", models.LeadFilter{Query: "ada", Page: 1, PerPage: 2}, models.LeadCount{N: 3, AtLeast: true}, 2, true, "Ada 4"},
			// The last page shows where the results end: the total is exact without a count.
			{"LastPageIsExact", models.LeadFilter{Query: "ada", Page: 3, PerPage: 2}, models.LeadCount{N: 5}, 1, false, "Ada 0"},
			{"BeyondTheLastPage", models.LeadFilter{Query: "ada", Page: 4, PerPage: 2}, models.LeadCount{N: 3, AtLeast: true}, 0, false, ""},
			{"OnePageIsExact", models.LeadFilter{Query: "ada", Status: models.StatusNew, OwnerNone: true, Page: 1, PerPage: 25},
				models.LeadCount{N: 5}, 5, false, "Ada 4"},
			{"UnderTheBound", models.LeadFilter{Query: "bob", Page: 1, PerPage: 25}, models.LeadCount{N: 1}, 1, false, "Bob"},
			// Without a search or an owner the total comes from the kept counts, exact at any size.
			{"EveryLeadExact", models.LeadFilter{Page: 1, PerPage: 2}, models.LeadCount{N: 6}, 2, true, "Bob"},
			{"StatusExact", models.LeadFilter{Status: models.StatusNew, Page: 1, PerPage: 25}, models.LeadCount{N: 6}, 6, false, "Bob"},
			{"StatusNone", models.LeadFilter{Status: models.StatusWon, Page: 1, PerPage: 25}, models.LeadCount{}, 0, false, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				tc.f.Sort = models.SortNewest
				page := list(tc.f)
				if page.Total != tc.want || len(page.Leads) != tc.rows || page.More != tc.more {
					t.Errorf("total %+v, %d rows, more %v; want %+v, %d, %v", page.Total, len(page.Leads), page.More, tc.want, tc.rows, tc.more)
				}
				if len(page.Leads) > 0 && page.Leads[0].Name != tc.firstName {
					t.Errorf("first lead %q, want %q", page.Leads[0].Name, tc.firstName)
				}
			})
		}
	})
}

// TestListLeadsEstimatedTotal: where PostgreSQL's planner expects many matches, the
// total is its estimate, said as such, and no match is counted.
func TestListLeadsEstimatedTotal(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpen(t, "postgres")
	err := s.ExecForTest(ctx, `INSERT INTO leads (name, email, status, created_at, updated_at)
		SELECT 'Ada ' || i, 'ada' || i || '@example.com', 'new', now(), now() FROM generate_series(1, 3000) AS i;
		ANALYZE leads`)
	if err != nil {
		t.Fatal(err)
	}
	page, err := s.ListLeads(ctx, models.LeadFilter{Query: "ada", Sort: models.SortNewest, Page: 1, PerPage: 10}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !page.Total.Estimated || page.Total.N < 1000 || page.Total.N > 10000 || len(page.Leads) != 10 || !page.More {
		t.Errorf("total %+v, %d rows, more %v; want an estimate near 3,000", page.Total, len(page.Leads), page.More)
	}
}

// TestListLeadsPagesGiveEveryLeadOnce walks the pages of every order over leads that
// tie on the sorted column (same name, same moment, same status) and finds each lead
// exactly once, in the order one query over all of them gives.
func TestListLeadsPagesGiveEveryLeadOnce(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		s.SetTotalBound(4)
		at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		for i := range 23 {
			l := models.Submission{LeadInput: models.LeadInput{Name: []string{"Ada", "ada", "Bob"}[i%3], Email: fmt.Sprintf("p%d@example.com", i)}}.NewLead("")
			l.CreatedAt = at.Add(time.Duration(i/4) * time.Hour) // four leads a moment
			l.Status = models.Statuses()[i%2]
			if _, err := s.CreateLead(ctx, l); err != nil {
				t.Fatal(err)
			}
		}
		for _, sort := range models.LeadSorts() {
			for _, q := range []string{"", "example"} { // exact total; bounded total
				t.Run(fmt.Sprintf("%s/q=%s", sort, q), func(t *testing.T) {
					all, err := s.ListLeads(ctx, models.LeadFilter{Query: q, Sort: sort, Page: 1, PerPage: 100}, at)
					if err != nil || len(all.Leads) != 23 {
						t.Fatalf("one page of all: %d leads, %v", len(all.Leads), err)
					}
					var paged []int64
					for p := 1; ; p++ {
						page, err := s.ListLeads(ctx, models.LeadFilter{Query: q, Sort: sort, Page: p, PerPage: 5}, at)
						if err != nil {
							t.Fatal(err)
						}
						for _, l := range page.Leads {
							paged = append(paged, l.ID)
						}
						if !page.More {
							break
						}
					}
					if want := ids(all.Leads); !slices.Equal(paged, want) {
						t.Errorf("pages gave %v, want %v", paged, want)
					}
				})
			}
		}
	})
}

func ids(ls []models.Lead) []int64 {
	out := make([]int64, len(ls))
	for i := range ls {
		out[i] = ls[i].ID
	}
	return out
}

// TestStatusCountsFollowEveryChange checks the counts the dashboard and the list's
// total read (kept by triggers: per status, and per quarter hour on PostgreSQL) against
// a plain count after inserts, a status change, a deletion and bulk changes.
func TestStatusCountsFollowEveryChange(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		check := func(step string) { t.Helper(); checkKeptCounts(t, s, step) }
		u := &models.User{Email: "one@example.com", Name: "One", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		var leads []*models.Lead
		for i := range 40 {
			leads = append(leads, addLead(t, s, "Lead", fmt.Sprintf("l%d@example.com", i), "", ""))
		}
		check("after inserts")
		for i, l := range leads[:10] {
			if _, err := s.UpdateLead(ctx, l.ID, 1, u.ID, func(l *models.Lead) { l.Status = models.Statuses()[1+i%4] }); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.UpdateLead(ctx, leads[11].ID, 1, u.ID, func(l *models.Lead) { l.Name = "Renamed" }); err != nil {
			t.Fatal(err)
		}
		check("after status changes")
		for _, l := range leads[5:15] {
			if err := s.DeleteLead(ctx, l.ID); err != nil {
				t.Fatal(err)
			}
		}
		check("after deletions")
		if err := s.ExecForTest(ctx, "UPDATE leads SET status = CASE WHEN id % 3 = 0 THEN 'won' ELSE 'lost' END WHERE id % 2 = 0"); err != nil {
			t.Fatal(err)
		}
		check("after a bulk change")
		if err := s.ExecForTest(ctx, "DELETE FROM leads WHERE status <> 'new'"); err != nil {
			t.Fatal(err)
		}
		check("after a bulk deletion")
	})
}

func sum(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

// checkKeptCounts compares the counts the triggers keep with a plain count, after step.
func checkKeptCounts(t *testing.T, s *store.Store, step string) {
	t.Helper()
	ctx := context.Background()
	want, err := s.CountByStatusForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx, 1, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	var total int64
	for status, n := range st.ByStatus {
		if n != 0 {
			got[string(status)] = n
		}
		total += n
	}
	if !maps.Equal(got, want) || st.Total != sum(want) || total != st.Total {
		t.Errorf("%s: kept counts %v (total %d), plain count %v", step, got, st.Total, want)
	}
	// Every lead was made today: the chart's day counts them all.
	if len(st.PerDay) != 1 || st.PerDay[0].Count != st.Total {
		t.Errorf("%s: today's count %+v, want %d", step, st.PerDay, st.Total)
	}

}
