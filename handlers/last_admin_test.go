package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
)

// answer is what one concurrent request got back.
type answer struct {
	code     int
	location string
	body     []byte
	err      error
}

// TestLastAdminUnderConcurrentRequests has two admins, each signed in in their own
// browser, take each other's admin rights at the same moment over real connections,
// round after round, by role, by deactivation and both mixed. Exactly one change may go
// through; the other is refused with 422 (the store saw the first) or finds its session
// ended by the first. Never may both go through and leave Leadline without an admin.
func TestLastAdminUnderConcurrentRequests(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		ada := s.AddUser(t, adminEmail, "Ada Admin", models.RoleAdmin, goodPass)
		bea := s.AddUser(t, "bea@example.com", "Bea Admin", models.RoleAdmin, goodPass)
		base := s.Listen()
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		pairs := []struct {
			email  string
			target int64
		}{{ada.Email, bea.ID}, {bea.Email, ada.ID}}
		seen := map[string]int{}
		for round := 0; round < 20; round++ {
			reqs := make([]*http.Request, len(pairs))
			for i, p := range pairs {
				reqs[i] = takeAdminRequest(t, s, base, p.email, p.target, (round>>i)&1 == 1)
			}
			answers := sendTogether(client, reqs)
			won := 0
			for i, a := range answers {
				switch {
				case a.err != nil:
					t.Fatalf("round %d, request %d: %v", round, i, a.err)
				case a.code == http.StatusSeeOther && a.location == "/app/users":
					won++
					seen["changed"]++
				case a.code == http.StatusUnprocessableEntity:
					doc, err := goquery.NewDocumentFromReader(bytes.NewReader(a.body))
					if err != nil || doc.Find("[data-testid=error-page]").Length() != 1 {
						t.Errorf("round %d: 422 without the error page: %s", round, a.body)
					} else if msg := doc.Find("[data-testid=error-message]").Text(); msg != "Leadline needs at least one active admin." {
						t.Errorf("round %d: 422 says %q", round, msg)
					}
					seen["refused: last admin"]++
				case a.code == http.StatusSeeOther && strings.HasPrefix(a.location, "/login"):
					seen["signed out by the other's change"]++
				default:
					t.Fatalf("round %d, request %d: status %d, location %q", round, i, a.code, a.location)
				}
			}
			if n := activeAdminCount(t, s); n != 1 || won != 1 {
				t.Fatalf("round %d: %d changes went through, %d active admins left", round, won, n)
			}
			for _, id := range []int64{ada.ID, bea.ID} {
				if _, err := s.Store.SetRole(context.Background(), id, models.RoleAdmin); err != nil {
					t.Fatal(err)
				}
				if _, err := s.Store.SetActive(context.Background(), id, true); err != nil {
					t.Fatal(err)
				}
			}
		}
		t.Logf("answers: %v", seen)
	})
}

// takeAdminRequest signs email in and prepares the post that demotes (or, with
// deactivate, deactivates) user target, carrying the session and its CSRF token.
func takeAdminRequest(t *testing.T, s *apptest.Site, base, email string, target int64, deactivate bool) *http.Request {
	t.Helper()
	c := s.Client(t)
	c.Login(email, goodPass)
	path, form := fmt.Sprintf("/app/users/%d/role", target), url.Values{"role": {"staff"}}
	if deactivate {
		path, form = fmt.Sprintf("/app/users/%d/active", target), url.Values{"active": {"false"}}
	}
	form.Set("_csrf", c.CSRF())
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for name, value := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	return req
}

// sendTogether sends the requests at the same moment, each on its own connection.
func sendTogether(client *http.Client, reqs []*http.Request) []answer {
	out := make([]answer, len(reqs))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, req := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			resp, err := client.Do(req)
			if err != nil {
				out[i].err = err
				return
			}
			defer resp.Body.Close()
			out[i].code, out[i].location = resp.StatusCode, resp.Header.Get("Location")
			out[i].body, out[i].err = io.ReadAll(resp.Body)
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// activeAdminCount counts the admins who can sign in.
func activeAdminCount(t *testing.T, s *apptest.Site) int {
	t.Helper()
	users, err := s.Store.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, u := range users {
		if u.Role == models.RoleAdmin && u.Active {
			n++
		}
	}
	return n
}
