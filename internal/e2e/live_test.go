package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
)

// secondPerson opens a browser context of its own (its own cookies, as another
// person's browser) in the same Chromium.
func secondPerson(t *testing.T, b context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("second browser context: %v", err)
	}
	return ctx
}

// openLiveList opens the lead list and waits until its live stream is open.
func openLiveList(t *testing.T, b context.Context, url string) {
	t.Helper()
	do(t, b, "open the list", chromedp.Navigate(url), chromedp.WaitVisible(byTestID("lead-results")))
	waitFor(t, b, "the live stream is open", `document.getElementById('live').dataset.state === 'open'`)
	get(t, b, "mark the page", chromedp.Evaluate[bool](`window.__noReload = true`))
}

// TestLiveArrival: two people work the list at once. A lead sent from the landing page
// appears at the top of the other's list, marked new, without a reload; a colleague's
// change updates the row, except the row being edited, whose editor is told instead
// and still meets the version check when saving.
func TestLiveArrival(t *testing.T) {
	s := apptest.New(t, "postgres", nil)
	s.AddUser(t, "sam@example.com", "Sam Seller", models.RoleStaff, "correct horse battery staple")
	s.AddUser(t, "ada@example.com", "Ada Admin", models.RoleAdmin, "correct horse battery staple")
	for _, n := range []string{"Alan Turing", "Grace Hopper"} {
		l := models.Submission{LeadInput: models.LeadInput{Name: n, Email: strings.ToLower(strings.Fields(n)[0]) + "@example.com"}}.NewLead("")
		if _, err := s.Store.CreateLead(context.Background(), l); err != nil {
			t.Fatal(err)
		}
	}
	base := s.Listen()
	sam := newBrowser(t)
	ada := secondPerson(t, sam)
	signIn(t, sam, base, "sam@example.com", "correct horse battery staple")
	signIn(t, ada, base, "ada@example.com", "correct horse battery staple")
	openLiveList(t, sam, base+"/app/leads")

	// A visitor's lead, sent from Ada's browser, arrives at the top of Sam's list.
	do(t, ada, "send the landing form", chromedp.Navigate(base+"/"),
		fillLead("Katherine Johnson", "kj@example.com", "Orbital", "Call me"),
		chromedp.Click(chromedp.CSS("#lead-form button[type=submit]")),
	)
	waitFor(t, sam, "the new lead at the top, marked new",
		`(r => r && r.textContent.includes('Katherine Johnson') && !!r.querySelector('[data-testid=live-new]'))(document.querySelector('[data-testid=lead-row]'))`)
	waitFor(t, sam, "announced", `document.getElementById('announcer').textContent.includes('1 new lead')`)
	checkAccessibility(t, sam, "the list with a lead that arrived live")

	// Ada moves Grace along; Sam's row follows.
	grace := leadID(t, s, "Grace Hopper")
	openLiveList(t, ada, base+"/app/leads")
	setStatus(t, ada, grace, "contacted")
	waitFor(t, sam, "Grace's new status in Sam's list", fmt.Sprintf(`document.querySelector('#lead-%d [data-testid=status-select]').value === 'contacted'`, grace))

	editWhileChanged(t, sam, ada, leadID(t, s, "Alan Turing"))
	if !eval[bool](t, sam, `window.__noReload === true`) {
		t.Error("Sam's list reloaded")
	}
	dashboardArrival(t, sam, ada, base)
}

// dashboardArrival: a new lead appears among the dashboard's newest, marked new, and
// the total follows.
func dashboardArrival(t *testing.T, sam, ada context.Context, base string) {
	t.Helper()
	do(t, sam, "open the dashboard", chromedp.Navigate(base+"/app"), chromedp.WaitVisible(byTestID("recent-leads")))
	waitFor(t, sam, "the live stream is open", `document.getElementById('live').dataset.state === 'open'`)
	get(t, sam, "mark the page", chromedp.Evaluate[bool](`window.__noReload = true`))
	do(t, ada, "send the landing form", chromedp.Navigate(base+"/"),
		fillLead("Dorothy Vaughan", "dv@example.com", "", ""),
		chromedp.Click(chromedp.CSS("#lead-form button[type=submit]")),
	)
	waitFor(t, sam, "the new lead first among the newest, marked new",
		`(r => r && r.textContent.includes('Dorothy Vaughan') && !!r.querySelector('[data-testid=live-new]'))(document.querySelector('[data-testid=recent-row]'))`)
	waitFor(t, sam, "the total follows", `document.querySelector('[data-testid=lead-total]').textContent.trim() === '4'`)
	if !eval[bool](t, sam, `window.__noReload === true`) {
		t.Error("the dashboard reloaded")
	}
	checkAccessibility(t, sam, "the dashboard after a live update")
}

// editWhileChanged: Sam edits Alan's row while Ada sets its status. Sam's form stays,
// with a notice; saving then meets the 409 rule.
func editWhileChanged(t *testing.T, sam, ada context.Context, alan int64) {
	t.Helper()
	row := fmt.Sprintf("#lead-%d", alan)
	do(t, sam, "edit Alan's row", chromedp.Click(chromedp.CSS(row+" [data-testid=edit-row]")), chromedp.WaitVisible(chromedp.CSS(row+" input[name=company]")))
	do(t, sam, "type a company", chromedp.SendKeys(chromedp.CSS(row+" input[name=company]"), "Bletchley"))
	setStatus(t, ada, alan, "qualified")
	waitFor(t, sam, "the notice in the row being edited", fmt.Sprintf(
		`(p => !!p && p.textContent.includes('Ada Admin changed this lead; saving will show what changed'))(document.querySelector('%s [data-testid=live-changed]'))`, row))
	if v := eval[string](t, sam, fmt.Sprintf(`document.querySelector('%s input[name=company]').value`, row)); v != "Bletchley" {
		t.Errorf("Sam's typing was swapped away: %q", v)
	}
	checkAccessibility(t, sam, "the row with the notice")
	do(t, sam, "save", chromedp.Click(chromedp.CSS(row+" [data-testid=save-row]")))
	waitFor(t, sam, "the conflict, not an overwrite", `!!document.querySelector('[data-testid=conflict]')`)
}

// setStatus sets a lead's status from the list in one move, as a person does.
func setStatus(t *testing.T, b context.Context, id int64, status string) {
	t.Helper()
	sel := fmt.Sprintf("#lead-%d [data-testid=status-select]", id)
	do(t, b, "set the status to "+status, chromedp.SetValue(chromedp.CSS(sel), status),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).dispatchEvent(new Event('change', {bubbles: true}))`, sel)))
}

func leadID(t *testing.T, s *apptest.Site, name string) int64 {
	t.Helper()
	leads, err := s.Store.RecentLeads(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range leads {
		if l.Name == name {
			return l.ID
		}
	}
	t.Fatalf("no lead %q", name)
	return 0
}
