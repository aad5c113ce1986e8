package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
)

// TestConcurrentSubmits posts 100 different leads at once over keep-alive connections
// (where fasthttp reuses its buffers) and checks that exactly the acknowledged leads are
// stored, each with its own data. Run with -race.
func TestConcurrentSubmits(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, map[string]string{"LEADLINE_TRUSTED_PROXIES": "127.0.0.1/32"})
		base := s.Listen()
		const n = 100
		acked := postVisitorsAtOnce(t, base, n)

		stored := storedVisitors(t, s)
		for i, ok := range acked {
			if ok != stored[fmt.Sprintf("Visitor %03d", i)] {
				t.Errorf("lead %d: acknowledged %v, stored %v", i, ok, !ok)
			}
		}
		if len(stored) != n {
			t.Errorf("%d leads stored, want %d", len(stored), n)
		}
	})
}

// postVisitorsAtOnce posts n different leads at once over 8 keep-alive connections,
// each from its own client address, and reports which were acknowledged.
func postVisitorsAtOnce(t *testing.T, base string, n int) []bool {
	t.Helper()
	client := &http.Client{
		Transport:     &http.Transport{MaxIdleConnsPerHost: 8, MaxConnsPerHost: 8},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	var wg sync.WaitGroup
	acked := make([]bool, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			v := with(validLead(),
				"name", fmt.Sprintf("Visitor %03d", i),
				"email", fmt.Sprintf("visitor%03d@example.com", i),
				"company", fmt.Sprintf("Company %03d", i),
				"message", strings.Repeat(fmt.Sprintf("m%03d ", i), 50),
				"form_key", fmt.Sprintf("k%021d", i))
			req, _ := http.NewRequest(http.MethodPost, base+"/leads", strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.%d.%d", i/200, i%200+1))
			resp, err := client.Do(req)
			if err != nil {
				t.Errorf("post %d: %v", i, err)
				return
			}
			resp.Body.Close()
			acked[i] = resp.StatusCode == http.StatusSeeOther
			if !acked[i] {
				t.Errorf("post %d: status %d", i, resp.StatusCode)
			}
		}(i)
	}
	wg.Wait()
	return acked
}

// storedVisitors reads back the leads postVisitorsAtOnce stored, failing on any that
// carries another visitor's data or is stored twice.
func storedVisitors(t *testing.T, s *apptest.Site) map[string]bool {
	t.Helper()
	stored := map[string]bool{}
	for _, l := range leads(t, s) {
		var i int
		if _, err := fmt.Sscanf(l.Name, "Visitor %03d", &i); err != nil {
			t.Errorf("unexpected lead %q", l.Name)
			continue
		}
		if l.Email != fmt.Sprintf("visitor%03d@example.com", i) || l.Company != fmt.Sprintf("Company %03d", i) ||
			l.Message != strings.TrimSpace(strings.Repeat(fmt.Sprintf("m%03d ", i), 50)) {
			t.Errorf("lead %d carries another visitor's data: %+v", i, l)
		}
		if stored[l.Name] {
			t.Errorf("lead %d stored twice", i)
		}
		stored[l.Name] = true
	}
	return stored
}

// TestDoubleSubmit sends one form twice at the same moment, as a double click does.
func TestDoubleSubmit(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		base := s.Listen()
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		body := validLead().Encode()
		var wg sync.WaitGroup
		codes := make([]int, 2)
		for i := range codes {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				resp, err := client.Post(base+"/leads", "application/x-www-form-urlencoded", strings.NewReader(body))
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				codes[i] = resp.StatusCode
			}(i)
		}
		wg.Wait()
		if codes[0] != http.StatusSeeOther || codes[1] != http.StatusSeeOther {
			t.Errorf("answers %v, want two successes", codes)
		}
		if n := len(leads(t, s)); n != 1 {
			t.Errorf("%d leads, want 1", n)
		}
	})
}
