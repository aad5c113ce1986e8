package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
)

func names(ls []models.Lead) string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Name)
	}
	return strings.Join(out, ",")
}

func TestCreateLead(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		sub := models.Submission{LeadInput: models.LeadInput{Name: "Ada", Email: "ada@example.com", Message: "<script>x</script>"}}

		t.Run("OK", func(t *testing.T) {
			created, err := s.CreateLead(ctx, sub.NewLead("key-1"))
			if err != nil || !created {
				t.Fatalf("created %v, %v", created, err)
			}
		})
		t.Run("SameKeyStoredOnce", func(t *testing.T) {
			created, err := s.CreateLead(ctx, sub.NewLead("key-1"))
			if err != nil || created {
				t.Fatalf("created %v, %v", created, err)
			}
		})
		t.Run("NoKeyAlwaysStored", func(t *testing.T) {
			for i := 0; i < 2; i++ {
				if created, err := s.CreateLead(ctx, sub.NewLead("")); err != nil || !created {
					t.Fatalf("created %v, %v", created, err)
				}
			}
		})
		t.Run("ReadBack", func(t *testing.T) {
			n, err := s.CountLeads(ctx)
			if err != nil || n != 3 {
				t.Fatalf("count %d, %v", n, err)
			}
			recent, err := s.RecentLeads(ctx, 10)
			if err != nil || len(recent) != 3 || recent[0].ID < recent[2].ID {
				t.Fatalf("recent %v, %v", recent, err)
			}
			l, err := s.Lead(ctx, recent[2].ID)
			if err != nil || l.Message != "<script>x</script>" || l.Status != models.StatusNew {
				t.Errorf("lead %+v, %v", l, err)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			if _, err := s.Lead(ctx, 999999); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("err %v", err)
			}
		})
		t.Run("ErrStatusChecked", func(t *testing.T) {
			l := sub.NewLead("")
			l.Status = "archived"
			var ve *models.ValidationError
			if _, err := s.CreateLead(ctx, l); !errors.Is(err, models.ErrInvalid) || !errors.As(err, &ve) {
				t.Errorf("unknown status: %v, want a validation error", err)
			}
		})
	})
}

// TestCreateLeadBytesPostgresRefuses stores names PostgreSQL will not take (invalid
// UTF-8, NUL). Validation refuses them first; if a path ever skips it, the database's
// refusal still answers 422, not 500. (SQLite stores any bytes.)
func TestCreateLeadBytesPostgresRefuses(t *testing.T) {
	s, _ := MustOpen(t, "postgres")
	for _, name := range []string{"Ada \xc3\x28", "Ada\x00"} {
		l := models.Submission{LeadInput: models.LeadInput{Name: name, Email: "ada@example.com"}}.NewLead("")
		var ve *models.ValidationError
		if _, err := s.CreateLead(context.Background(), l); !errors.Is(err, models.ErrInvalid) || !errors.As(err, &ve) {
			t.Errorf("%q: %v, want a validation error", name, err)
		}
	}
}

func TestListLeads(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		now := time.Now()
		owner, a, b, c := seedList(t, s)
		list := func(f models.LeadFilter) string {
			t.Helper()
			if f.Page == 0 {
				f.Page, f.PerPage = 1, 25
			}
			page, err := s.ListLeads(ctx, f, now)
			if err != nil {
				t.Fatal(err)
			}
			if f.Page == 1 && (int64(len(page.Leads)) != page.Total.N || page.Total.AtLeast || page.More) {
				t.Errorf("total %+v and more %v but %d rows", page.Total, page.More, len(page.Leads))
			}
			return names(page.Leads)
		}
		for _, tc := range listCases(owner.ID) {
			t.Run(tc.name, func(t *testing.T) {
				if got := list(tc.f); got != tc.want {
					t.Errorf("got %q, want %q", got, tc.want)
				}
			})
		}
		t.Run("RepeatAndOwnerName", func(t *testing.T) {
			got, err := s.Lead(ctx, c.ID)
			if err != nil || got.RepeatOf == nil || *got.RepeatOf != a.ID {
				t.Errorf("repeat of %v, want %d (%v)", got.RepeatOf, a.ID, err)
			}
			if first, _ := s.Lead(ctx, a.ID); first.RepeatOf != nil {
				t.Error("the first lead is marked as a repeat")
			}
			if got, _ := s.Lead(ctx, b.ID); got.OwnerName != "Olga Owner" {
				t.Errorf("owner name %q", got.OwnerName)
			}
		})
		t.Run("EachLeadStreamsTheFilter", func(t *testing.T) {
			var seen []string
			err := s.EachLead(ctx, models.LeadFilter{Query: "example.com", Sort: models.SortOldest}, now, func(l *models.Lead) error {
				seen = append(seen, l.Name)
				return nil
			})
			if err != nil || strings.Join(seen, ",") != "Ada,bob,Cleo" {
				t.Errorf("%v %v", seen, err)
			}
		})
		t.Run("DueLeads", func(t *testing.T) {
			due, err := s.DueLeads(ctx, now, 10)
			if err != nil || names(due) != "bob" {
				t.Errorf("%q %v", names(due), err)
			}
		})
	})
}

// listCase is one filter of the list and the leads it shows, by name.
type listCase struct {
	name string
	f    models.LeadFilter
	want string
}

// listCases are the list's filters over TestListLeads' three leads: Ada (new), bob (won,
// owned by ownerID, due yesterday) and Cleo (new, a repeat of Ada's email).
func listCases(ownerID int64) []listCase {
	return []listCase{
		{"NewestFirst", models.LeadFilter{}, "Cleo,bob,Ada"},
		{"Oldest", models.LeadFilter{Sort: models.SortOldest}, "Ada,bob,Cleo"},
		{"NameCaseInsensitive", models.LeadFilter{Sort: models.SortName}, "Ada,bob,Cleo"},
		{"NameDesc", models.LeadFilter{Sort: models.SortNameDesc}, "Cleo,bob,Ada"},
		{"StatusPipelineOrder", models.LeadFilter{Sort: models.SortStatus}, "Cleo,Ada,bob"},
		{"SearchCaseInsensitive", models.LeadFilter{Query: "ADA@"}, "Cleo,Ada"},
		{"SearchCompany", models.LeadFilter{Query: "engines"}, "Ada"},
		{"PercentIsLiteral", models.LeadFilter{Query: "100%"}, "Ada"},
		{"PercentAloneMatchesOnlyPercent", models.LeadFilter{Query: "%"}, "Ada"},
		{"UnderscoreIsLiteral", models.LeadFilter{Query: "e_c"}, "bob"},
		{"UnderscoreNotWildcard", models.LeadFilter{Query: "a_a"}, ""},
		{"Status", models.LeadFilter{Status: models.StatusWon}, "bob"},
		{"Owner", models.LeadFilter{OwnerID: ownerID}, "bob"},
		{"NoOwner", models.LeadFilter{OwnerNone: true}, "Cleo,Ada"},
		{"Due", models.LeadFilter{Due: true}, "bob"},
		{"Page2", models.LeadFilter{Page: 2, PerPage: 2}, "Ada"},
		{"PastTheEnd", models.LeadFilter{Page: 9, PerPage: 2}, ""},
	}

}

// seedList stores TestListLeads' owner and three leads: Ada, bob (won, owned, due
// yesterday) and Cleo (a repeat of Ada's email, in another case).
func seedList(t *testing.T, s *store.Store) (owner *models.User, a, b, c *models.Lead) {
	t.Helper()
	ctx := context.Background()
	owner = &models.User{Email: "o@example.com", Name: "Olga Owner", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
	if err := s.CreateUser(ctx, owner); err != nil {
		t.Fatal(err)
	}
	a = addLead(t, s, "Ada", "ada@example.com", "Engines", "100% sure")
	b = addLead(t, s, "bob", "bob@example.com", "Acme_Corp", "maybe")
	c = addLead(t, s, "Cleo", "ADA@example.com", "Zeta", "call me")
	_, err := s.UpdateLead(ctx, b.ID, 1, owner.ID, func(l *models.Lead) {
		l.Status = models.StatusWon
		l.OwnerID = &owner.ID
		yesterday := time.Now().UTC().AddDate(0, 0, -1).Truncate(24 * time.Hour)
		l.NextActionAt = &yesterday
	})
	if err != nil {
		t.Fatal(err)
	}
	return owner, a, b, c
}
