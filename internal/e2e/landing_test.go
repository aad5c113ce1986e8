package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/leadline/leadline/internal/apptest"
)

// fillLead types a lead into the landing form as a person would.
func fillLead(name, email, company, message string) chromedp.Action[chromedp.Void] {
	steps := []chromedp.Action[chromedp.Void]{chromedp.WaitVisible(chromedp.ID("name"))}
	for id, v := range map[string]string{"name": name, "email": email, "company": company, "message": message} {
		if v != "" {
			steps = append(steps, chromedp.SendKeys(chromedp.ID(id), v))
		}
	}
	return chromedp.Steps(steps...)
}

func storedNames(t *testing.T, s *apptest.Site) []string {
	t.Helper()
	leads, err := s.Store.RecentLeads(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range leads {
		names = append(names, l.Name)
	}
	return names
}

func TestLeadFormWithHTMX(t *testing.T) {
	s := apptest.New(t, "postgres", nil)
	base := s.Listen()
	ctx := newBrowser(t)

	do(t, ctx, "open the landing page", chromedp.Navigate(base+"/?utm_source=browser-test"))
	checkAccessibility(t, ctx, "the landing page")
	screenshot(t, ctx, "landing.png")

	// A marker on window survives only if the page is not reloaded.
	get(t, ctx, "mark the page", chromedp.Evaluate[bool](`window.__noReload = true`))
	do(t, ctx, "fill and send the form",
		fillLead("Grace Hopper", "grace@example.com", "Compilers Inc", "Please call me <soon>."),
		chromedp.Click(byTestID("lead-submit")),
		chromedp.WaitVisible(byTestID("lead-thanks")),
	)
	if !eval[bool](t, ctx, `window.__noReload === true`) {
		t.Error("the page reloaded; htmx should answer in place")
	}
	if loc := get(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "utm_source=browser-test") {
		t.Errorf("location changed to %q", loc)
	}
	waitFor(t, ctx, "focus on the thank-you message", `document.activeElement.dataset.testid === "lead-thanks"`)
	checkAccessibility(t, ctx, "the thank-you message")

	leads, err := s.Store.RecentLeads(context.Background(), 10)
	if err != nil || len(leads) != 1 {
		t.Fatalf("leads %v, %v", leads, err)
	}
	if l := leads[0]; l.Name != "Grace Hopper" || l.Email != "grace@example.com" || l.Message != "Please call me <soon>." || l.UTMSource != "browser-test" {
		t.Errorf("stored %+v", l)
	}
}

func TestLeadFormWithoutJavaScript(t *testing.T) {
	s := apptest.New(t, "postgres", nil)
	base := s.Listen()
	ctx := newBrowser(t)

	do(t, ctx, "turn JavaScript off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	do(t, ctx, "send the form without JavaScript",
		chromedp.Navigate(base+"/"),
		fillLead("Alan Turing", "alan@example.com", "", ""),
		chromedp.Click(byTestID("lead-submit")),
		chromedp.WaitVisible(byTestID("thanks-page")),
	)
	if loc := get(t, ctx, "location", chromedp.Location()); !strings.HasSuffix(loc, "/thanks") {
		t.Errorf("location %q, want /thanks", loc)
	}
	if names := storedNames(t, s); len(names) != 1 || names[0] != "Alan Turing" {
		t.Errorf("stored %v", names)
	}

	do(t, ctx, "send an invalid form without JavaScript",
		chromedp.Navigate(base+"/"),
		fillLead("", "not-an-email", "", ""),
		chromedp.Click(byTestID("lead-submit")),
		chromedp.WaitVisible(chromedp.ID("email-error")),
	)
	if msg := get(t, ctx, "email message", chromedp.Text(chromedp.ID("email-error"))); !strings.Contains(msg, "correct format") {
		t.Errorf("email message %q", msg)
	}
	if v := get(t, ctx, "typed email", chromedp.Value(chromedp.ID("email"))); v != "not-an-email" {
		t.Errorf("typed email lost: %q", v)
	}
	if names := storedNames(t, s); len(names) != 1 {
		t.Errorf("an invalid form stored a lead: %v", names)
	}
}

func TestLeadFormInvalidInput(t *testing.T) {
	s := apptest.New(t, "sqlite", nil)
	base := s.Listen()
	ctx := newBrowser(t)

	do(t, ctx, "send an invalid form",
		chromedp.Navigate(base+"/"),
		fillLead("", "grace@", "Compilers Inc", ""),
		chromedp.Click(byTestID("lead-submit")),
		chromedp.WaitVisible(chromedp.ID("name-error")),
	)
	if msg := get(t, ctx, "name message", chromedp.Text(chromedp.ID("name-error"))); msg != "Enter your name" {
		t.Errorf("name message %q", msg)
	}
	if msg := get(t, ctx, "email message", chromedp.Text(chromedp.ID("email-error"))); !strings.Contains(msg, "correct format") {
		t.Errorf("email message %q", msg)
	}
	if v := get(t, ctx, "typed company", chromedp.Value(chromedp.ID("company"))); v != "Compilers Inc" {
		t.Errorf("typed company lost: %q", v)
	}
	waitFor(t, ctx, "focus on the error summary", `document.activeElement.dataset.testid === "error-summary"`)
	checkAccessibility(t, ctx, "the form with errors")

	// Following the summary's link puts the cursor in the field.
	do(t, ctx, "follow the summary link", chromedp.Click(chromedp.CSS(`[data-testid=error-summary] a[href="#name"]`)))
	waitFor(t, ctx, "the summary link focuses its field", `document.activeElement.id === "name"`)

	do(t, ctx, "correct and send again",
		chromedp.SendKeys(chromedp.ID("name"), "Grace Hopper"),
		chromedp.Clear(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "grace@example.com"),
		chromedp.Click(byTestID("lead-submit")),
		chromedp.WaitVisible(byTestID("lead-thanks")),
	)
	if names := storedNames(t, s); len(names) != 1 || names[0] != "Grace Hopper" {
		t.Errorf("stored %v", names)
	}
}
