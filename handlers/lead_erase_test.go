package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/paths"
)

// TestLeadErase walks an erasure on the page, in order: the confirm step, the CSRF
// check, the erasure and what the page then says, the refusals after it, the API.
func TestLeadErase(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		for _, tc := range []struct {
			name string
			run  func(*testing.T, *workspace, int64)
		}{
			{"ConfirmStepFirst", eraseConfirmStepFirst},
			{"RefusedWithoutCSRF", eraseRefusedWithoutCSRF},
			{"ErasedAndSaysByWhom", erasedAndSaysByWhom},
			{"CannotBeChangedAfter", erasedCannotBeChanged},
			{"APISaysErasedAndRefuses", erasedInTheAPI},
		} {
			t.Run(tc.name, func(t *testing.T) { tc.run(t, w, w.ada.ID) })
		}
		if n, _ := w.s.Store.CountLeads(context.Background()); n != 3 {
			t.Errorf("%d leads after the erasure, want 3", n)
		}
	})
}

func eraseConfirmStepFirst(t *testing.T, w *workspace, id int64) {
	page := apptest.Doc(t, w.c.Get(paths.Lead(id)))
	if href, _ := page.Find("[data-testid=erase-lead]").Attr("href"); href != paths.LeadErase(id) {
		t.Fatalf("erase link %q", href)
	}
	resp := w.c.Get(paths.LeadErase(id))
	doc := apptest.Doc(t, resp)
	if got := text(doc, "#erase-title"); resp.StatusCode != http.StatusOK || got != "Erase the personal data of Ada Lovelace?" {
		t.Fatalf("%d %q", resp.StatusCode, got)
	}
	if doc.Find(fmt.Sprintf("form[method=post][action=%q] [data-testid=confirm-erase]", paths.LeadErase(id))).Length() != 1 {
		t.Fatal("no form to confirm the erasure")
	}
	if l, _ := w.s.Store.Lead(context.Background(), id); l.Erased() {
		t.Fatal("erased before the confirm step was posted")
	}
}

func eraseRefusedWithoutCSRF(t *testing.T, w *workspace, id int64) {
	if resp := w.c.PostForm(paths.LeadErase(id), url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("%d", resp.StatusCode)
	}
}

func erasedAndSaysByWhom(t *testing.T, w *workspace, id int64) {
	resp := w.c.PostForm(paths.LeadErase(id), url.Values{"_csrf": {w.c.CSRF()}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != paths.Lead(id) {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	doc := apptest.Doc(t, w.c.Get(paths.Lead(id)))
	if got := text(doc, "[data-testid=flash]"); got != "The lead's personal data was erased." {
		t.Errorf("flash %q", got)
	}
	if got := text(doc, "#lead-card-title"); got != fmt.Sprintf("Erased lead #%d", id) {
		t.Errorf("heading %q", got)
	}
	if got := text(doc, "[data-testid=erased-notice]"); !strings.HasPrefix(got, "Personal data erased by Sam Staff at ") {
		t.Errorf("notice %q", got)
	}
	if got := text(doc, "[data-testid=event-erased]"); got != "Sam Staff erased the personal data" {
		t.Errorf("history %q", got)
	}
	if doc.Find("[data-testid=erase-lead], [data-testid=edit-card], #card-status").Length() != 0 {
		t.Error("an erased lead still offers to erase or edit it")
	}
	if strings.Contains(doc.Text(), "ada@example.com") || strings.Contains(doc.Text(), "Engines") {
		t.Error("the page still shows the personal data")
	}
}

func erasedCannotBeChanged(t *testing.T, w *workspace, id int64) {
	for _, resp := range []*http.Response{
		w.c.Get(paths.LeadErase(id)),
		w.c.Get(paths.LeadEdit(id)),
		w.c.PostForm(paths.LeadErase(id), url.Values{"_csrf": {w.c.CSRF()}}),
		w.setStatus(t, w.ada, "won"),
	} {
		doc := apptest.Doc(t, resp)
		if resp.StatusCode != http.StatusConflict || text(doc, "[data-testid=error-title]") != "Personal data erased" ||
			!strings.Contains(text(doc, "[data-testid=error-message]"), "can no longer be changed") {
			t.Errorf("%s: %d %q", resp.Request.URL, resp.StatusCode, text(doc, "[data-testid=error-title]"))
		}
	}
	if strings.Contains(w.s.Logs.String(), `"level":"ERROR"`) {
		t.Error("a refusal was logged as an error")
	}
}

func erasedInTheAPI(t *testing.T, w *workspace, id int64) {
	api := apiSignIn(t, w.s, staffEmail, goodPass)
	got := api.must(http.StatusOK, "GET", fmt.Sprintf("/api/v1/leads/%d", id), "")
	if got["erased_at"] == nil || got["email"] != "" {
		t.Errorf("erased lead in the API: %v", got)
	}
	for _, a := range []apiAnswer{
		api.send("PATCH", fmt.Sprintf("/api/v1/leads/%d", id), fmt.Sprintf(`{"version":%v,"status":"won"}`, got["version"])),
		api.send("POST", fmt.Sprintf("/api/v1/leads/%d/notes", id), `{"body":"hello"}`),
	} {
		if _, msg, _ := apiErrorOf(t, a); a.status != http.StatusConflict || !strings.Contains(msg, "erased") {
			t.Errorf("%d %s", a.status, a.raw)
		}
	}
}

// text is the trimmed text of the first element sel finds.
func text(doc *goquery.Document, sel string) string {
	return strings.TrimSpace(doc.Find(sel).First().Text())
}
