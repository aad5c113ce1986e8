package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
)

// TestLeadsListBoundedTotal: past the count bound (a small one here; 10,000 in
// production) the list says "1+" rather than a number it did not count and pages on
// without "of N" until the end shows; the API says its total is not exact.
func TestLeadsListBoundedTotal(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		w.s.Store.SetTotalBound(1)
		page := func(query string) (total, pageOf, rows string, prev, next bool) {
			t.Helper()
			resp := w.c.Get("/app/leads?"+query, "HX-Request", "true")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, resp)
			total = strings.TrimSpace(doc.Find("[data-testid=results-total]").Text())
			pageOf = strings.Join(strings.Fields(doc.Find("[data-testid=page-of]").Text()), " ")
			return total, pageOf, rowNames(doc), doc.Find("[data-testid=prev-page]").Length() == 1,
				doc.Find("[data-testid=next-page]").Length() == 1
		}
		t.Run("PastTheBound", func(t *testing.T) {
			total, pageOf, rows, prev, next := page("q=example&per_page=1")
			if total != "1+" || pageOf != "Page 1" || rows != "Cy Repeat" || prev || !next {
				t.Errorf("total %q, %q, rows %q, prev %v, next %v", total, pageOf, rows, prev, next)
			}
			// The last page shows where the results end: the total is exact again.
			total, pageOf, rows, prev, next = page("q=example&per_page=1&page=3")
			if total != "3" || pageOf != "Page 3 of 3" || rows != "Ada Lovelace" || !prev || next {
				t.Errorf("last page: total %q, %q, rows %q, prev %v, next %v", total, pageOf, rows, prev, next)
			}
		})
		t.Run("WithoutASearchTheTotalIsExact", func(t *testing.T) {
			total, pageOf, _, _, next := page("per_page=1")
			if total != "3" || pageOf != "Page 1 of 3" || !next {
				t.Errorf("total %q, %q, next %v", total, pageOf, next)
			}
		})
		t.Run("API", func(t *testing.T) {
			c := apiSignIn(t, w.s, staffEmail, goodPass)
			list := c.must(http.StatusOK, "GET", "/api/v1/leads?q=example&per_page=2", "")
			if list["total"] != 1.0 || list["total_exact"] != false || list["has_more"] != true || len(list["data"].([]any)) != 2 {
				t.Errorf("bounded list %v", list)
			}
			all := c.must(http.StatusOK, "GET", "/api/v1/leads?per_page=2&page=2", "")
			if all["total"] != 3.0 || all["total_exact"] != true || all["has_more"] != false || len(all["data"].([]any)) != 1 {
				t.Errorf("exact list %v", all)
			}
		})
	})
}
