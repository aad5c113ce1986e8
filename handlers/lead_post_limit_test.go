package handlers_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
)

// TestLeadPostLimitCountsEveryPost: invalid posts, honeypot posts and stored ones count
// against one limit whichever way they are counted (PostgreSQL counts a valid post in
// the statement that stores it), and the next window lets the client post again.
func TestLeadPostLimitCountsEveryPost(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		post := func(i int, kv ...string) int {
			t.Helper()
			v := with(validLead(), append([]string{"form_key", fmt.Sprintf("%022d", i)}, kv...)...)
			return s.PostForm("/leads", v).StatusCode
		}
		for i := range 10 {
			var got, want int
			switch i % 3 {
			case 0:
				got, want = post(i, "email", "not-an-address"), http.StatusUnprocessableEntity
			case 1:
				got, want = post(i, "website", "https://spam.example"), http.StatusSeeOther
			default:
				got, want = post(i), http.StatusSeeOther
			}
			if got != want {
				t.Fatalf("post %d: %d, want %d", i+1, got, want)
			}
		}
		resp := s.PostForm("/leads", with(validLead(), "form_key", fmt.Sprintf("%022d", 10)))
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("11th post: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		if got := post(11, "email", "not-an-address"); got != http.StatusTooManyRequests {
			t.Errorf("an invalid 12th post: %d, want 429", got)
		}
		s.Clock.Advance(time.Minute)
		if got := post(12); got != http.StatusSeeOther {
			t.Errorf("first post of the next window: %d", got)
		}
		if n := len(leads(t, s)); n != 4 {
			t.Errorf("%d leads stored, want 4 (3 valid posts in the first window, 1 in the next)", n)
		}
	})
}
