package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
)

// TestSalesDay is a sales person's day in the workspace: sign in, search, edit a row in
// place, move a lead along the pipeline, add a note, delete a lead after confirming.
func TestSalesDay(t *testing.T) {
	s := apptest.New(t, "postgres", nil)
	sam := s.AddUser(t, "sam@example.com", "Sam Seller", models.RoleStaff, "correct horse battery staple")
	ctx := context.Background()
	seed := []struct{ name, email, company, message string }{
		{"Grace Hopper", "grace@navy.example", "Compilers Inc", "Wants 40 seats for the night shift."},
		{"Alan Turing", "alan@bletchley.example", "Enigma Ltd", "Asked about SSO."},
		{"Katherine Johnson", "kj@nasa.example", "Orbital Logistics", "Budget approved for Q1."},
		{"Edsger Dijkstra", "ewd@tue.example", "Shortest Path BV", ""},
		{"Barbara Liskov", "liskov@mit.example", "Substitution Co", "Send pricing."},
		{"Grace Hopper", "GRACE@navy.example", "Compilers Inc", "Following up on my first request."},
	}
	for _, l := range seed {
		lead := models.Submission{LeadInput: models.LeadInput{Name: l.name, Email: l.email, Company: l.company, Message: l.message}}.NewLead("")
		if _, err := s.Store.CreateLead(ctx, lead); err != nil {
			t.Fatal(err)
		}
	}
	base := s.Listen()
	b := newBrowser(t)

	signIn(t, b, base, "sam@example.com", "correct horse battery staple")
	checkAccessibility(t, b, "the dashboard")
	day := &salesDay{t: t, s: s, b: b, base: base}
	day.searchAndGoBack()
	id := day.editRowAndStatus()
	day.noteAndHistory(id)
	day.conflict(id, sam.ID)
	day.deleteFromList()
}

// salesDay is one staff member's browser through TestSalesDay; each method is a step
// of the day, in order.
type salesDay struct {
	t    *testing.T
	s    *apptest.Site
	b    context.Context
	base string
}

// searchAndGoBack: active search filters without a page load, the address bar follows,
// and back and forward restore the list.
func (d *salesDay) searchAndGoBack() {
	t, b, base := d.t, d.b, d.base
	do(t, b, "open the list", chromedp.Navigate(base+"/app/leads"), chromedp.WaitVisible(byTestID("lead-results")))
	checkAccessibility(t, b, "the lead list")
	rows := func() int { return eval[int](t, b, `document.querySelectorAll('[data-testid=lead-row]').length`) }
	if n := rows(); n != 6 {
		t.Fatalf("%d rows, want 6", n)
	}

	// Active search: typing filters without a page load and puts the query in the URL.
	get(t, b, "mark the page", chromedp.Evaluate[bool](`window.__noReload = true`))
	do(t, b, "search", chromedp.SendKeys(chromedp.ID("q"), "grace"))
	waitFor(t, b, "two results", `document.querySelectorAll('[data-testid=lead-row]').length === 2`)
	waitFor(t, b, "the query in the address bar", `location.search.includes('q=grace')`)
	// The address bar shows the filter the server read, not the form's empty fields.
	waitFor(t, b, "no empty field in the address bar", `location.search === '?q=grace'`)
	if !eval[bool](t, b, `window.__noReload === true`) {
		t.Error("the search reloaded the page")
	}
	// Back and forward restore the list as it was, search box included.
	do(t, b, "go back", chromedp.NavigateBack())
	waitFor(t, b, "the whole list again", `document.querySelectorAll('[data-testid=lead-row]').length === 6 && document.getElementById('q').value === ''`)
	do(t, b, "go forward", chromedp.NavigateForward())
	waitFor(t, b, "the search again", `document.querySelectorAll('[data-testid=lead-row]').length === 2 && document.getElementById('q').value === 'grace'`)
	repeatBadges := eval[int](t, b, `document.querySelectorAll('[data-testid=repeat-badge]').length`)
	if repeatBadges != 1 {
		t.Errorf("%d repeat badges, want 1", repeatBadges)
	}

}

// editRowAndStatus edits the first row in place and sets its status in one click; it
// returns the lead's id.
func (d *salesDay) editRowAndStatus() int64 {
	t, b, s, ctx := d.t, d.b, d.s, context.Background()
	first := eval[string](t, b, `document.querySelector('[data-testid=lead-row]').id`)
	row := "#" + first
	do(t, b, "edit the row", chromedp.Click(chromedp.CSS(row+" [data-testid=edit-row]")))
	waitFor(t, b, "the row becomes a form", fmt.Sprintf(`!!document.querySelector(%q)`, row+" input[name=company]"))
	if t.Failed() {
		t.Logf("location %s; row: %s", eval[string](t, b, `location.href`), eval[string](t, b, fmt.Sprintf(`(document.querySelector(%q)||{}).outerHTML||"none"`, row)))
		t.FailNow()
	}
	do(t, b, "change the company and save",
		chromedp.Clear(chromedp.CSS(row+" input[name=company]")),
		chromedp.SendKeys(chromedp.CSS(row+" input[name=company]"), "Cobol Ltd"),
		chromedp.Click(chromedp.CSS(row+" [data-testid=save-row]")),
	)
	waitFor(t, b, "the saved row", fmt.Sprintf(`!!document.querySelector(%q)`, row+"[data-testid=lead-row]"))
	if t.Failed() {
		t.Logf("row: %s\nlog: %s", eval[string](t, b, fmt.Sprintf(`(document.querySelector(%q)||{}).outerHTML||"none"`, row)), s.Logs.String()[max(0, len(s.Logs.String())-3000):])
		t.FailNow()
	}
	if txt := get(t, b, "row text", chromedp.Text(chromedp.CSS(row))); !strings.Contains(txt, "Cobol Ltd") {
		t.Errorf("row after save: %q", txt)
	}

	// Change the status in one click.
	do(t, b, "set the status", chromedp.SetValue(chromedp.CSS(row+" [data-testid=status-select]"), "contacted"),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).dispatchEvent(new Event('change', {bubbles: true}))`, row+" [data-testid=status-select]")))
	var id int64
	fmt.Sscanf(first, "lead-%d", &id)
	waitForDB(t, func() bool {
		l, err := s.Store.Lead(ctx, id)
		return err == nil && l.Status == models.StatusContacted && l.Company == "Cobol Ltd"
	})

	return id
}

// noteAndHistory adds a note on the lead's page and reads the history.
func (d *salesDay) noteAndHistory(id int64) {
	t, b, base := d.t, d.b, d.base
	do(t, b, "open the lead", chromedp.Navigate(fmt.Sprintf("%s/app/leads/%d", base, id)), chromedp.WaitVisible(byTestID("lead-card")))
	do(t, b, "add a note",
		chromedp.SendKeys(chromedp.ID("note-body"), "Called: wants a demo on Tuesday."),
		chromedp.Click(byTestID("add-note")),
		chromedp.WaitVisible(byTestID("note")),
	)
	if txt := get(t, b, "note", chromedp.Text(byTestID("note"))); !strings.Contains(txt, "wants a demo") || !strings.Contains(txt, "Sam Seller") {
		t.Errorf("note %q", txt)
	}
	if txt := get(t, b, "history", chromedp.Text(chromedp.ID("history"))); !strings.Contains(txt, "Cobol Ltd") || !strings.Contains(txt, "Contacted") {
		t.Errorf("history %q", txt)
	}
	checkAccessibility(t, b, "a lead's page")

}

// conflict: someone else saves while the card is open, so saving gets the conflict, not
// an overwrite.
func (d *salesDay) conflict(id, other int64) {
	t, b, s, ctx := d.t, d.b, d.s, context.Background()
	do(t, b, "edit the card", chromedp.Click(byTestID("edit-card")), chromedp.WaitVisible(byTestID("lead-card-edit")))
	cur, err := s.Store.Lead(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Store.UpdateLead(ctx, id, cur.Version, other, func(l *models.Lead) { l.Phone = "+1 555 0199" }); err != nil {
		t.Fatal(err)
	}
	do(t, b, "save over the other change",
		chromedp.SetValue(chromedp.CSS("#lead-card input[name=phone]"), "+44 20 7946 0000"),
		chromedp.Click(byTestID("save-card")),
		chromedp.WaitVisible(byTestID("conflict")),
	)
	if txt := get(t, b, "conflict", chromedp.Text(byTestID("conflict"))); !strings.Contains(txt, "+1 555 0199") || !strings.Contains(txt, "+44 20 7946 0000") {
		t.Errorf("conflict view %q", txt)
	}
	checkAccessibility(t, b, "the conflict view")
	do(t, b, "reload the latest", chromedp.Click(byTestID("conflict-reload")), chromedp.WaitVisible(byTestID("lead-card")))
	if l, _ := s.Store.Lead(ctx, id); l.Phone != "+1 555 0199" {
		t.Errorf("the stale save overwrote the phone: %q", l.Phone)
	}

}

// deleteFromList deletes a lead from the list after confirming.
func (d *salesDay) deleteFromList() {
	t, b, s, base, ctx := d.t, d.b, d.s, d.base, context.Background()
	do(t, b, "back to the list", chromedp.Navigate(base+"/app/leads?q=dijkstra"), chromedp.WaitVisible(byTestID("lead-row")))
	do(t, b, "ask to delete",
		chromedp.Click(byTestID("delete-row")),
		chromedp.WaitVisible(byTestID("confirm-delete")),
	)
	checkAccessibility(t, b, "the delete confirmation")
	do(t, b, "confirm", chromedp.Click(byTestID("confirm-delete")))
	waitFor(t, b, "the row is gone", `document.querySelectorAll('[data-testid=lead-row], [data-testid=confirm-row]').length === 0`)
	leads, err := s.Store.RecentLeads(ctx, 100)
	if err != nil || len(leads) != 5 {
		t.Errorf("%d leads after the delete, want 5 (%v)", len(leads), err)
	}
}

// waitForDB polls the database until cond holds, or fails.
func waitForDB(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 50; i++ {
		if cond() {
			return
		}
		sleep()
	}
	t.Error("the change never reached the database")
}

// TestWorkspaceScreenshots fills a month of pipeline and photographs the dashboard and
// the list for the README (saved to docs/ with UPDATE_SCREENSHOTS=1), checking both
// with axe-core on the way.
func TestWorkspaceScreenshots(t *testing.T) {
	s := apptest.New(t, "postgres", nil)
	sam := s.AddUser(t, "sam@example.com", "Sam Seller", models.RoleStaff, "correct horse battery staple")
	ana := s.AddUser(t, "ana@example.com", "Ana Account", models.RoleStaff, "correct horse battery staple")
	ctx := context.Background()
	people := []string{"Grace Hopper", "Alan Turing", "Katherine Johnson", "Edsger Dijkstra", "Barbara Liskov",
		"Margaret Hamilton", "Ken Thompson", "Frances Allen", "John Backus", "Radia Perlman", "Donald Knuth", "Adele Goldberg"}
	companies := []string{"Compilers Inc", "Enigma Ltd", "Orbital Logistics", "Shortest Path BV", "Substitution Co", "Apollo Ops"}
	statuses := []models.Status{models.StatusNew, models.StatusContacted, models.StatusQualified, models.StatusWon, models.StatusLost, models.StatusNew}
	now := time.Now().UTC()
	for i := 0; i < 48; i++ {
		name := people[i%len(people)]
		l := models.Submission{LeadInput: models.LeadInput{
			Name: name, Email: fmt.Sprintf("%s%d@example.com", strings.ToLower(strings.Fields(name)[0]), i%20),
			Company: companies[i%len(companies)], Message: "Interested in a demo for the operations team.",
		}}.NewLead("")
		l.CreatedAt = now.Add(-time.Duration((i*i)%29)*24*time.Hour - time.Duration(i)*time.Hour)
		if _, err := s.Store.CreateLead(ctx, l); err != nil {
			t.Fatal(err)
		}
		owner := &sam.ID
		if i%3 == 0 {
			owner = &ana.ID
		}
		_, err := s.Store.UpdateLead(ctx, l.ID, 1, sam.ID, func(x *models.Lead) {
			x.Status = statuses[i%len(statuses)]
			if i%4 != 0 {
				x.OwnerID = owner
			}
			if i%7 == 0 {
				d := now.Truncate(24*time.Hour).AddDate(0, 0, -(i % 3))
				x.NextActionAt = &d
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	base := s.Listen()
	b := newBrowser(t)
	signIn(t, b, base, "sam@example.com", "correct horse battery staple")
	checkAccessibility(t, b, "a busy dashboard")
	screenshot(t, b, "dashboard.png")
	do(t, b, "open the list", chromedp.Navigate(base+"/app/leads"), chromedp.WaitVisible(byTestID("lead-results")))
	checkAccessibility(t, b, "a full lead list")
	screenshot(t, b, "leads.png")
}

// signIn signs in through the form and waits for the dashboard.
func signIn(t *testing.T, b context.Context, base, email, pass string) {
	t.Helper()
	do(t, b, "sign in as "+email,
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), pass),
		chromedp.Click(byTestID("login-submit")),
		chromedp.WaitVisible(byTestID("chart")),
	)
}
