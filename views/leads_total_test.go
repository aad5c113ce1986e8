package views

import (
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestLeadResultsTotal: the count a person reads says whether it is exact, a lower
// bound or the database's estimate, and the pages say "of N" only when N is exact.
func TestLeadResultsTotal(t *testing.T) {
	row := LeadRow{ID: 1, URL: "/app/leads/1", Name: "Ada", Status: "new", StatusLabel: "New"}
	for _, tc := range []struct {
		name        string
		r           LeadResults
		total, page string
	}{
		{"Exact", LeadResults{Total: 1234, Pages: 50, NextURL: "/n"}, "1,234", "Page 1 of 50"},
		{"AtLeast", LeadResults{Total: 10000, TotalAtLeast: true, NextURL: "/n"}, "10,000+", "Page 1"},
		{"Estimated", LeadResults{Total: 20000, TotalEstimated: true, NextURL: "/n"}, "about 20,000", "Page 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.r.Rows, tc.r.Page, tc.r.From, tc.r.To = []LeadRow{row}, 1, 1, 1
			var b strings.Builder
			if err := LeadResultsView(tc.r).Render(context.Background(), &b); err != nil {
				t.Fatal(err)
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.Find("[data-testid=results-total]").Text(); got != tc.total {
				t.Errorf("total %q, want %q", got, tc.total)
			}
			if got := strings.Join(strings.Fields(doc.Find("[data-testid=page-of]").Text()), " "); got != tc.page {
				t.Errorf("pages %q, want %q", got, tc.page)
			}
		})
	}
}
