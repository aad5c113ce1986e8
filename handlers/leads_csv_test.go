package handlers_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
)

func TestLeadsCSV(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		seedLead(t, w.s, "-Minus", "m@example.com", "@Corp", "+1 call\ttab")
		resp := w.c.Get("/app/leads.csv?sort=created")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("status %d type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Error("not a download")
		}
		records, err := csv.NewReader(resp.Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(records) != 5 || records[0][2] != "name" {
			t.Fatalf("records %v", records)
		}
		col := map[string]int{}
		for i, h := range records[0] {
			col[h] = i
		}
		if got := records[2][col["message"]]; got != `'=HYPERLINK("http://evil")` {
			t.Errorf("formula not neutralised: %q", got)
		}
		if got := records[2][col["name"]]; got != "Bob <b>Bold</b>" {
			t.Errorf("name %q", got)
		}
		last := records[4]
		if last[col["name"]] != "'-Minus" || last[col["company"]] != "'@Corp" || last[col["message"]] != "'+1 call\ttab" {
			t.Errorf("neutralised row %q", last)
		}
		filtered, _ := csv.NewReader(w.c.Get("/app/leads.csv?q=engines").Body).ReadAll()
		if len(filtered) != 2 || filtered[1][col["name"]] != "Ada Lovelace" {
			t.Errorf("filtered %v", filtered)
		}
	})
}
