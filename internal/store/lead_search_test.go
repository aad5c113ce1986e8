package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
)

// searchLeads are leads whose text tests the search's edges: LIKE's wildcards and its
// escape character as plain text, quotes (FTS5's and SQL's), letters beyond ASCII in
// both cases, and words that run across two fields.
var searchLeads = [][4]string{
	{"Ada Lovelace", "ada@example.com", "Analytical Engines", "Interested in 50% off_sale"},
	{"Grace O'Hopper", "grace@navy.example", "US Navy", `She said "hello" twice`},
	{"Zoë Ångström", "zoe@example.se", "Ünïcode AB", "Café crème, naïve"},
	{"Percy Under_score", "percy@x.example", "100%Pure", `back\slash \% text`},
	{"MIXED Case", "MiXeD@Example.COM", "ACME", "security review"},
	{"Plain", "p@p.example", "", ""},
	{"Émile Zola", "emile@example.fr", "ÉCOLE", "ÉCOLE école"},
}

// searchQueries are compared between the store's search and a scan of every lead.
var searchQueries = []string{
	"%", "_", "%%", "50%", "50% off_", "off_s", "_s", "0%p", "o'h", "'", `"hello"`, `"`, `""`, `\`, `\%`,
	`slash \`, "zoë", "ZOË", "ångström", "ÅNGSTRÖM", "café", "crè", "École", "ÉCOLE", "école", "a", "ad",
	"Ad", "ADA", "aDa lOVE", "lace ada@", "example.com", "security", "SECURITY REV", "zzqx", "   ",
	"e ", " ", "é", "ë", "ab", "abc", "navy us", "navy.example us navy", "augusta", "70% off", "example", "xample.", "EXAMPLE.",
}

// TestSearchMatchesTheScan compares every search's leads with a scan of every lead's
// text (the search's meaning), on fresh leads and again after an edit, a deletion and
// an erasure. On SQLite searches of three characters or more read the trigram index.
func TestSearchMatchesTheScan(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		staff := &models.User{Email: "staff@example.com", Name: "Sam Staff", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		if err := s.CreateUser(ctx, staff); err != nil {
			t.Fatal(err)
		}
		var leads []*models.Lead
		for _, l := range searchLeads {
			leads = append(leads, addLead(t, s, l[0], l[1], l[2], l[3]))
		}
		compareSearches(t, s, "fresh")
		_, err := s.UpdateLead(ctx, leads[0].ID, leads[0].Version, staff.ID, func(n *models.Lead) {
			n.Name, n.Message = "Augusta King", "Now 70% off"
		})
		if err != nil {
			t.Fatal(err)
		}
		compareSearches(t, s, "after an edit")
		if err := s.DeleteLead(ctx, leads[1].ID); err != nil {
			t.Fatal(err)
		}
		compareSearches(t, s, "after a deletion")
		if err := s.EraseLead(ctx, leads[2].ID, models.Erasure{At: time.Now()}); err != nil {
			t.Fatal(err)
		}
		compareSearches(t, s, "after an erasure")
		for _, q := range []string{"augusta", "70% off", "café", "zoë", "hopper"} {
			if got := searched(t, s, q); (len(got) > 0) != (q == "augusta" || q == "70% off") {
				t.Errorf("%q finds %v", q, got)
			}
		}
	})
}

// TestSearchIndexBackfill: leads stored before SQLite's search index existed are found
// once the migration that makes it has run.
func TestSearchIndexBackfill(t *testing.T) {
	ctx := context.Background()
	s, db := MustOpen(t, "sqlite")
	for _, l := range searchLeads {
		addLead(t, s, l[0], l[1], l[2], l[3])
	}
	// Back to the schema before the migration, its leads kept.
	for _, q := range []string{
		"DROP TRIGGER leads_fts_insert", "DROP TRIGGER leads_fts_update", "DROP TRIGGER leads_fts_delete",
		"DROP TABLE leads_fts", "DROP INDEX leads_status_name_idx", "DELETE FROM schema_migrations WHERE name = 'lead_search'",
	} {
		if _, err := s.SQLDB().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	s, err := store.Open(ctx, options(db))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	compareSearches(t, s, "after the migration")
	if got := searched(t, s, "lovelace"); len(got) != 1 {
		t.Errorf("lovelace finds %v after the migration", got)
	}
}

// compareSearches checks that each of searchQueries finds what the scan finds, in the
// list (all at once and two at a time) and in the export, whether the search walks the
// order first (on SQLite: no walk, five leads, the default).
func compareSearches(t *testing.T, s *store.Store, when string) {
	t.Helper()
	defer s.SetSearchWalk(-1)
	for _, walk := range []int{0, 5, -1} {
		s.SetSearchWalk(walk)
		compareSearchesOnce(t, s, fmt.Sprintf("%s, walk %d", when, walk))
	}
}

func compareSearchesOnce(t *testing.T, s *store.Store, when string) {
	t.Helper()
	for _, q := range searchQueries {
		want := scanned(t, s, q)
		if got := searched(t, s, q); !slices.Equal(got, want) {
			t.Errorf("%s: %q finds %v, the scan %v", when, q, got, want)
		}
		if got := pagedThrough(t, s, q, 2); !slices.Equal(got, want) {
			t.Errorf("%s: %q finds %v two at a time, the scan %v", when, q, got, want)
		}
		var exported []int64
		err := s.EachLead(context.Background(), models.LeadFilter{Query: q, Sort: models.SortOldest}, time.Now(),
			func(l *models.Lead) error { exported = append(exported, l.ID); return nil })
		if err != nil || !slices.Equal(exported, want) {
			t.Errorf("%s: the export of %q holds %v (%v), the scan %v", when, q, exported, err, want)
		}
	}
}

// searched is the ids of the leads the store's search for q lists, in order of id.
func searched(t *testing.T, s *store.Store, q string) []int64 {
	t.Helper()
	f := models.LeadFilter{Query: q, Sort: models.SortOldest, Page: 1, PerPage: 100}
	page, err := s.ListLeads(context.Background(), f, time.Now())
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	if page.Total.N != int64(len(page.Leads)) {
		t.Errorf("search %q: total %+v for %d leads", q, page.Total, len(page.Leads))
	}
	return ids(page.Leads)
}

// pagedThrough is the ids of the leads the store's search for q lists, page by page.
func pagedThrough(t *testing.T, s *store.Store, q string, per int) []int64 {
	t.Helper()
	out := []int64{}
	for p := 1; p < 100; p++ {
		f := models.LeadFilter{Query: q, Sort: models.SortOldest, Page: p, PerPage: per}
		page, err := s.ListLeads(context.Background(), f, time.Now())
		if err != nil {
			t.Fatalf("search %q page %d: %v", q, p, err)
		}
		out = append(out, ids(page.Leads)...)
		if !page.More {
			break
		}
	}
	return out
}

// scanned is the ids of the leads whose text holds q, lowered, as a substring: the
// search's meaning, written as a scan of every lead.
func scanned(t *testing.T, s *store.Store, q string) []int64 {
	t.Helper()
	pattern := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(q)) + "%"
	query := `SELECT id FROM leads WHERE lower(name || ' ' || email || ' ' || company || ' ' || message)
		LIKE $1 ESCAPE '\' ORDER BY id`
	if s.Dialect() == store.SQLite {
		query = strings.Replace(query, "$1", "?", 1)
	}
	rows, err := s.SQLDB().QueryContext(context.Background(), query, pattern)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// checkSearchIndexForgets checks that SQLite's search index keeps none of the erased
// values: no trigram of theirs that the kept text lacks is left in any block of the
// index (secure-delete removes a row's trigrams at once; without it they would stay,
// marked deleted, until a merge).
func checkSearchIndexForgets(t *testing.T, db *sql.DB, erased []string, kept string) {
	t.Helper()
	var secure string
	if err := db.QueryRow(`SELECT v FROM leads_fts_config WHERE k = 'secure-delete'`).Scan(&secure); err != nil || secure != "1" {
		t.Errorf("leads_fts secure-delete is %q (%v), want 1", secure, err)
	}
	kept = strings.ToLower(kept)
	for _, v := range erased {
		r := []rune(strings.ToLower(v))
		for i := 0; i+3 <= len(r); i++ {
			tri := string(r[i : i+3])
			if strings.Contains(kept, tri) {
				continue
			}
			var n int
			err := db.QueryRow(`SELECT count(*) FROM leads_fts_data WHERE instr(block, CAST(? AS BLOB)) > 0`, tri).Scan(&n)
			if err != nil || n > 0 {
				t.Errorf("trigram %q of %q is in %d blocks of leads_fts (%v)", tri, v, n, err)
				break
			}
		}
	}
}
