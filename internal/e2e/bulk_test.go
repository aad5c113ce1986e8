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

// TestBulkAndViews is a sales person working many leads at once: they tick three rows
// and set them to Won while a colleague changes one of them, read which lead was left
// alone and why, then save a search as a view and come back to it from the sidebar.
func TestBulkAndViews(t *testing.T) {
	s := apptest.New(t, "postgres", nil)
	s.AddUser(t, "sam@example.com", "Sam Seller", models.RoleStaff, "correct horse battery staple")
	ada := s.AddUser(t, "ada@example.com", "Ada Admin", models.RoleAdmin, "correct horse battery staple")
	var leads []*models.Lead
	for _, name := range []string{"Grace Hopper", "Alan Turing", "Katherine Johnson", "Barbara Liskov"} {
		l := models.Submission{LeadInput: models.LeadInput{Name: name, Email: strings.Fields(name)[0] + "@example.com"}}.NewLead("")
		if _, err := s.Store.CreateLead(context.Background(), l); err != nil {
			t.Fatal(err)
		}
		leads = append(leads, l)
	}
	base := s.Listen()
	b := newBrowser(t)
	signIn(t, b, base, "sam@example.com", "correct horse battery staple")

	do(t, b, "open the list", chromedp.Navigate(base+"/app/leads"), chromedp.WaitVisible(byTestID("bulk-form")))
	checkAccessibility(t, b, "the lead list with its bulk form and views")
	// Alan, Katherine and Barbara; Grace stays as she is.
	for _, l := range leads[1:] {
		do(t, b, "tick "+l.Name, chromedp.Click(chromedp.CSS(fmt.Sprintf("#lead-%d [data-testid=select-row]", l.ID))))
	}
	// Ada renames Katherine's company while Sam decides.
	if _, err := s.Store.UpdateLead(context.Background(), leads[2].ID, 1, ada.ID, func(l *models.Lead) { l.Company = "NASA" }); err != nil {
		t.Fatal(err)
	}
	// The live list tells Sam, and keeps Katherine ticked at the version Sam loaded.
	notice := fmt.Sprintf("#lead-%d [data-testid=live-changed]", leads[2].ID)
	do(t, b, "see Ada's change", chromedp.WaitVisible(notice))
	if got := get(t, b, "the notice", chromedp.Text(notice)); got != "Ada Admin changed this lead; a bulk change will list it, not overwrite it." {
		t.Errorf("notice %q", got)
	}
	do(t, b, "ask for Won",
		chromedp.SetValue(byTestID("bulk-status"), "won"),
		chromedp.Click(byTestID("bulk-set-status")),
		chromedp.WaitVisible(byTestID("bulk-confirm")),
	)
	if q := get(t, b, "the question", chromedp.Text(byTestID("bulk-question"))); q != "Set status to Won on 3 leads?" {
		t.Errorf("question %q", q)
	}
	checkAccessibility(t, b, "the bulk confirm page")
	do(t, b, "confirm", chromedp.Click(byTestID("bulk-apply")), chromedp.WaitVisible(byTestID("bulk-result")))
	checkAccessibility(t, b, "the bulk result page")
	if got := get(t, b, "the summary", chromedp.Text(byTestID("bulk-summary"))); got != "Status set to Won on 2 leads." {
		t.Errorf("summary %q", got)
	}
	if got := get(t, b, "the conflict", chromedp.Text(byTestID("bulk-conflict"))); got != "Katherine Johnson: changed by Ada Admin since you loaded the list" {
		t.Errorf("conflict %q", got)
	}
	for i, want := range []models.Status{models.StatusNew, models.StatusWon, models.StatusNew, models.StatusWon} {
		if l, _ := s.Store.Lead(context.Background(), leads[i].ID); l.Status != want {
			t.Errorf("%s is %s, want %s", l.Name, l.Status, want)
		}
	}
	saveAndUseView(t, b, base)
}

// saveAndUseView searches (htmx, no page load), saves the search as a view, and opens
// it again from the sidebar.
func saveAndUseView(t *testing.T, b context.Context, base string) {
	t.Helper()
	rows := `document.querySelectorAll('[data-testid=lead-row]').length`
	do(t, b, "back to the list", chromedp.Click(byTestID("bulk-back")), chromedp.WaitVisible(byTestID("save-view")))
	do(t, b, "search", chromedp.SendKeys(chromedp.ID("q"), "grace"))
	waitFor(t, b, "one result", rows+` === 1`)
	waitFor(t, b, "the sidebar saves the search", `document.querySelector('[data-testid=save-view] input[name=filter]').value === 'q=grace'`)
	do(t, b, "save the view",
		chromedp.SendKeys(chromedp.ID("view-name"), "Admirals"),
		chromedp.Click(chromedp.ID("view-shared")),
		chromedp.Click(byTestID("save-view-button")),
		chromedp.WaitVisible(byTestID("flash")),
	)
	if got := get(t, b, "the active view", chromedp.Text(chromedp.CSS(`[data-testid=saved-view][aria-current=page]`))); got != "Admirals" {
		t.Errorf("active view %q", got)
	}
	checkAccessibility(t, b, "the list with a saved view")
	do(t, b, "every lead", chromedp.Click(byTestID("view-all")), chromedp.WaitVisible(chromedp.CSS(`[data-testid=view-all][aria-current=page]`)))
	waitFor(t, b, "four rows", rows+` === 4`)
	do(t, b, "the view again", chromedp.Click(byTestID("saved-view")), chromedp.WaitVisible(chromedp.CSS(`[data-testid=saved-view][aria-current=page]`)))
	waitFor(t, b, "the view's one row", rows+` === 1 && location.search === '?q=grace'`)
	do(t, b, "manage it", chromedp.Click(byTestID("manage-view")), chromedp.WaitVisible(byTestID("rename-view")))
	checkAccessibility(t, b, "a saved view's page")
	if got := get(t, b, "sharing", chromedp.Text(byTestID("share-state"))); !strings.Contains(got, "whole team") {
		t.Errorf("share state %q", got)
	}
}
