package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
)

// saveView saves the list's filters at query under name, as the sidebar's form posts.
func saveView(t *testing.T, c *apptest.Client, query, name string, shared bool) *http.Response {
	t.Helper()
	form := formFields(apptest.Doc(t, c.Get("/app/leads"+query)).Find("[data-testid=save-view]"))
	form.Set("name", name)
	if shared {
		form.Set("shared", "1")
	}
	return c.PostForm("/app/views", form)
}

func TestSavedViews(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		resp := saveView(t, w.c, "?status=won&page=3", "Won deals", true)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/app/leads?status=won" {
			t.Fatalf("save: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		doc := apptest.Doc(t, w.c.Get("/app/leads?status=won"))
		if got := pageText(doc, "[data-testid=flash]"); got != "View “Won deals” saved." {
			t.Errorf("flash %q", got)
		}
		active := doc.Find("[data-testid=saved-view][aria-current=page]")
		if active.Length() != 1 || strings.TrimSpace(active.Text()) != "Won deals" {
			t.Errorf("active view %q", active.Text())
		}
		// Another filter marks no saved view; every lead marks "All leads".
		if apptest.Doc(t, w.c.Get("/app/leads")).Find("[data-testid=view-all][aria-current=page]").Length() != 1 {
			t.Error("All leads is not marked on the whole list")
		}
		// An htmx search swaps the sidebar out of band, so a new view saves what is shown.
		frag := apptest.Doc(t, w.c.Get("/app/leads?q=ada", "HX-Request", "true"))
		oob := frag.Find("#saved-views[hx-swap-oob]")
		if oob.Length() != 1 || oob.Find("input[name=filter]").AttrOr("value", "") != "q=ada" {
			t.Errorf("the htmx answer's sidebar (%d) saves %q", oob.Length(), oob.Find("input[name=filter]").AttrOr("value", ""))
		}
		t.Run("Refused", func(t *testing.T) { savedViewRefusals(t, w) })
		t.Run("OthersSeeSharedButCannotChange", func(t *testing.T) { savedViewOthers(t, w) })
		t.Run("RenameUnshareDelete", func(t *testing.T) { savedViewManage(t, w) })
	})
}

func savedViewRefusals(t *testing.T, w *workspace) {
	for name, want := range map[string]string{
		"":                      "Enter a name for the view",
		"won DEALS":             "You already have a view called “won DEALS”. Choose another name.",
		strings.Repeat("x", 61): "Name must be 60 characters or fewer",
	} {
		resp := saveView(t, w.c, "?q=ada", name, false)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%q: status %d", name, resp.StatusCode)
		}
		doc := apptest.Doc(t, resp)
		if got := pageText(doc, "[data-testid=error-name]"); got != want {
			t.Errorf("%q: message %q", name, got)
		}
		// The list behind it still shows the filter, and the form what was typed.
		if v := doc.Find("#view-name").AttrOr("value", ""); v != name || doc.Find("[data-testid=save-view] input[name=filter]").AttrOr("value", "") != "q=ada" {
			t.Errorf("%q: form kept %q", name, v)
		}
	}
}

// savedViewOthers: Ada sees Sam's shared view, and gets 403 on every change of it.
func savedViewOthers(t *testing.T, w *workspace) {
	ada := w.s.Client(t)
	ada.Login(adminEmail, goodPass)
	doc := apptest.Doc(t, ada.Get("/app/leads"))
	shared := doc.Find("[data-testid=shared-view]")
	if shared.Length() != 1 || strings.TrimSpace(shared.Text()) != "Won deals" || !strings.Contains(doc.Find("[data-testid=saved-views]").Text(), "by Sam Staff") {
		t.Fatalf("Ada's sidebar: %q", doc.Find("[data-testid=saved-views]").Text())
	}
	if doc.Find("[data-testid=manage-view]").Length() != 0 {
		t.Error("Ada may manage Sam's view")
	}
	page := samsViewPage(t, w)
	csrf := ada.CSRF()
	for _, resp := range []*http.Response{
		ada.Get(page),
		ada.PostForm(page, url.Values{"name": {"Mine"}, "_csrf": {csrf}}),
		ada.PostForm(page+"/share", url.Values{"shared": {"0"}, "_csrf": {csrf}}),
		ada.PostForm(page+"/delete", url.Values{"_csrf": {csrf}}),
	} {
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s %s: %d", resp.Request.Method, resp.Request.URL, resp.StatusCode)
			continue
		}
		if got := pageText(apptest.Doc(t, resp), "[data-testid=error-title]"); got != "You cannot do that" {
			t.Errorf("403 heading %q", got)
		}
	}
	if n := apptest.Doc(t, ada.Get("/app/leads")).Find("[data-testid=shared-view]").Length(); n != 1 {
		t.Errorf("after Ada's tries, %d shared views", n)
	}
}

// samsViewPage is the page of Sam's first view, from his sidebar.
func samsViewPage(t *testing.T, w *workspace) string {
	t.Helper()
	page := apptest.Doc(t, w.c.Get("/app/leads")).Find("[data-testid=manage-view]").First().AttrOr("href", "")
	if !strings.HasPrefix(page, "/app/views/") {
		t.Fatalf("manage link %q", page)
	}
	return page
}

func savedViewManage(t *testing.T, w *workspace) {
	page := samsViewPage(t, w)
	csrf := w.c.CSRF()
	resp := w.c.PostForm(page, url.Values{"name": {"  "}, "_csrf": {csrf}})
	if resp.StatusCode != http.StatusUnprocessableEntity || pageText(apptest.Doc(t, resp), "[data-testid=error-name]") != "Enter a name for the view" {
		t.Errorf("empty rename: %d", resp.StatusCode)
	}
	if resp := w.c.PostForm(page, url.Values{"name": {"Closed"}, "_csrf": {csrf}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", resp.StatusCode)
	}
	if resp := w.c.PostForm(page+"/share", url.Values{"shared": {"0"}, "_csrf": {csrf}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("unshare: %d", resp.StatusCode)
	}
	doc := apptest.Doc(t, w.c.Get(page))
	if got := pageText(doc, "[data-testid=share-state]"); got != "Only you see this view." || doc.Find("#rename-name").AttrOr("value", "") != "Closed" {
		t.Errorf("after rename and unshare: %q", got)
	}
	ada := w.s.Client(t)
	ada.Login(adminEmail, goodPass)
	if n := apptest.Doc(t, ada.Get("/app/leads")).Find("[data-testid=shared-view]").Length(); n != 0 {
		t.Errorf("Ada still sees %d shared views", n)
	}
	if resp := w.c.PostForm(page+"/delete", url.Values{"_csrf": {csrf}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if resp := w.c.Get(page); resp.StatusCode != http.StatusNotFound {
		t.Errorf("deleted view: %d", resp.StatusCode)
	}
}
