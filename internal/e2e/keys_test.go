package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"

	"github.com/chromedp/chromedp"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
)

// TestKeyboardShortcuts: / searches, j and k move through the rows (announced), Enter
// opens, e edits, ? shows the shortcuts in a dialog; nothing fires while typing or
// with Ctrl held.
func TestKeyboardShortcuts(t *testing.T) {
	s := apptest.New(t, "sqlite", nil)
	s.AddUser(t, "sam@example.com", "Sam Seller", models.RoleStaff, "correct horse battery staple")
	for _, n := range []string{"Alan Turing", "Barbara Liskov", "Grace Hopper"} {
		l := models.Submission{LeadInput: models.LeadInput{Name: n, Email: strings.ToLower(strings.Fields(n)[0]) + "@example.com"}}.NewLead("")
		if _, err := s.Store.CreateLead(context.Background(), l); err != nil {
			t.Fatal(err)
		}
	}
	base := s.Listen()
	b := newBrowser(t)
	signIn(t, b, base, "sam@example.com", "correct horse battery staple")
	do(t, b, "open the list", chromedp.Navigate(base+"/app/leads"), chromedp.WaitVisible(byTestID("lead-results")))
	waitFor(t, b, "the shortcuts button (keys.js loaded)", `!document.querySelector('[data-testid=shortcuts-button]').hidden`)

	do(t, b, "press /", press("/"))
	waitFor(t, b, "the search box has the focus", `document.activeElement.id === 'q'`)
	do(t, b, "type j and k in it", press("j"), press("k"))
	waitFor(t, b, "the letters went into the box, no row moved", `document.getElementById('q').value === 'jk' && !document.querySelector('.row-cursor')`)
	do(t, b, "clear and leave the box", chromedp.Evaluate[chromedp.Void](
		`(q => { q.value = ''; q.dispatchEvent(new Event('input', {bubbles: true})); q.blur() })(document.getElementById('q'))`))
	waitFor(t, b, "all three rows", `document.querySelectorAll('[data-testid=lead-row]').length === 3`)

	rows(t, b)
	dialog(t, b)
	do(t, b, "press e on the first row", press("j"), press("e"))
	waitFor(t, b, "the row turned into a form", `!!document.querySelector('[data-testid=edit-row-form] input[name=name]')`)
	do(t, b, "cancel", chromedp.Click(byTestID("cancel-row")))
	waitFor(t, b, "the row is back", `document.querySelectorAll('[data-testid=lead-row]').length === 3`)
	do(t, b, "Enter opens the row's lead", press("j"), press("Enter"), chromedp.WaitVisible(byTestID("lead-card")))
	if loc := get(t, b, "location", chromedp.Location()); !strings.Contains(loc, "/app/leads/") {
		t.Errorf("Enter went to %q, want a lead's page", loc)
	}
}

// rows: j and k move a visible, announced cursor; Ctrl+j does nothing.
func rows(t *testing.T, b context.Context) {
	t.Helper()
	do(t, b, "press j", press("j"))
	waitFor(t, b, "the first row is current", `(r => r.classList.contains('row-cursor') && r.getAttribute('aria-current') === 'true' && document.activeElement === r)(document.querySelectorAll('[data-testid=lead-row]')[0])`)
	waitFor(t, b, "announced", `/^Lead 1 of 3: /.test(document.getElementById('announcer').textContent)`)
	do(t, b, "press j, j, k", press("j"), press("j"), press("k"))
	waitFor(t, b, "the second row is current", `document.activeElement === document.querySelectorAll('[data-testid=lead-row]')[1] && document.querySelectorAll('.row-cursor').length === 1`)
	waitFor(t, b, "announced", `/^Lead 2 of 3: /.test(document.getElementById('announcer').textContent)`)
	do(t, b, "press Ctrl+j", pressWith("j", chromedp.ModifierCtrl))
	waitFor(t, b, "still the second row", `document.activeElement === document.querySelectorAll('[data-testid=lead-row]')[1]`)
	checkAccessibility(t, b, "the list with a keyboard cursor")
	do(t, b, "back to the top", press("k"))
}

// dialog: ? opens the shortcuts as a modal dialog, Escape closes it.
func dialog(t *testing.T, b context.Context) {
	t.Helper()
	do(t, b, "press ?", press("?"))
	waitFor(t, b, "the shortcuts dialog is open", `document.getElementById('shortcuts').open`)
	if txt := get(t, b, "dialog text", chromedp.Text(byTestID("shortcuts-dialog"))); !strings.Contains(txt, "Search the leads") || !strings.Contains(txt, "Edit the selected lead") {
		t.Errorf("dialog says %q", txt)
	}
	checkAccessibility(t, b, "the shortcuts dialog")
	do(t, b, "press j in the dialog", press("j"))
	do(t, b, "press Escape", press("Escape"))
	waitFor(t, b, "the dialog is closed", `!document.getElementById('shortcuts').open`)
}

// keys are the keys the test presses, as a US keyboard sends them.
var keys = map[string]struct {
	code  string
	vk    int64
	text  string
	shift bool
}{
	"/": {"Slash", 191, "/", false}, "?": {"Slash", 191, "?", true},
	"j": {"KeyJ", 74, "j", false}, "k": {"KeyK", 75, "k", false}, "e": {"KeyE", 69, "e", false},
	"Enter": {"Enter", 13, "\r", false}, "Escape": {"Escape", 27, "", false},
}

// press sends a key as a real keyboard does: one keyDown that carries its text, so that
// a page which handles the keydown (and prevents its default) gets no character typed,
// as in a browser. (chromedp.KeyEvent sends the character as an event of its own.)
func press(key string) chromedp.Action[chromedp.Void] { return pressWith(key, 0) }

func pressWith(key string, mod chromedp.Modifier) chromedp.Action[chromedp.Void] {
	k := keys[key]
	if k.shift {
		mod |= chromedp.ModifierShift
	}
	down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: key, Code: k.code, WindowsVirtualKeyCode: k.vk,
		NativeVirtualKeyCode: k.vk, Text: k.text, UnmodifiedText: k.text, Modifiers: int64(mod)}
	if mod&chromedp.ModifierCtrl != 0 {
		down.Text, down.UnmodifiedText = "", ""
	}
	up := down
	up.Type, up.Text, up.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, e := range []input.DispatchKeyEventParams{down, up} {
			if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, e); err != nil {
				return err
			}
		}
		return nil
	})
}
