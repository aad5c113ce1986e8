package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
)

// formFields are the values a browser would post with a form: its inputs (checked
// boxes only) and the chosen option of each select, without any submit button.
func formFields(form *goquery.Selection) url.Values {
	v := url.Values{}
	form.Find("input[name]").Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		typ, _ := in.Attr("type")
		if (typ == "checkbox" || typ == "radio") && in.AttrOr("checked", "-") == "-" {
			return
		}
		v.Add(name, in.AttrOr("value", ""))
	})
	form.Find("select[name]").Each(func(_ int, sel *goquery.Selection) {
		opt := sel.Find("option[selected]").First()
		if opt.Length() == 0 {
			opt = sel.Find("option").First()
		}
		v.Set(sel.AttrOr("name", ""), opt.AttrOr("value", ""))
	})
	return v
}

// pageText is the trimmed text of the first element sel finds.
func pageText(doc *goquery.Document, sel string) string {
	return strings.Join(strings.Fields(doc.Find(sel).First().Text()), " ")
}

// TestBulkStatusWithConflict is the whole flow as plain form posts, as a browser
// without JavaScript sends them: select every row, ask for Won, confirm, and read the
// result, with one lead changed by someone else after the list was loaded.
func TestBulkStatusWithConflict(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		list := apptest.Doc(t, w.c.Get("/app/leads"))
		bulk := formFields(list.Find("form#bulk-form"))
		list.Find("[data-testid=select-row]").Each(func(_ int, box *goquery.Selection) {
			if box.AttrOr("form", "") != "bulk-form" {
				t.Errorf("a row's checkbox belongs to form %q", box.AttrOr("form", ""))
			}
			bulk.Add("ids", box.AttrOr("value", ""))
		})
		bulk.Set("action", "status")
		bulk.Set("status", "won")
		// Ada (the admin) moves Bob on meanwhile.
		if _, err := w.s.Store.UpdateLead(context.Background(), w.bob.ID, 1, w.other.ID, func(l *models.Lead) { l.Company = "Taken" }); err != nil {
			t.Fatal(err)
		}

		resp := w.c.PostForm("/app/leads/bulk", bulk)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("confirm: %d", resp.StatusCode)
		}
		confirm := apptest.Doc(t, resp)
		if got := pageText(confirm, "[data-testid=bulk-question]"); got != "Set status to Won on 3 leads?" {
			t.Errorf("question %q", got)
		}
		if n := confirm.Find("[data-testid=bulk-leads] a").Length(); n != 3 {
			t.Errorf("%d leads named", n)
		}
		form := confirm.Find("[data-testid=bulk-confirm] form")
		resp = w.c.PostForm(form.AttrOr("action", ""), formFields(form))
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/app/leads/bulk/result" {
			t.Fatalf("apply: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		result := apptest.Doc(t, w.c.Get("/app/leads/bulk/result"))
		if got := pageText(result, "[data-testid=bulk-summary]"); got != "Status set to Won on 2 leads." {
			t.Errorf("summary %q", got)
		}
		conflict := result.Find("[data-testid=bulk-conflict]")
		if got := strings.Join(strings.Fields(conflict.Text()), " "); conflict.Length() != 1 ||
			got != "Bob <b>Bold</b>: changed by Ada Admin since you loaded the list" {
			t.Errorf("conflicts (%d): %q", conflict.Length(), got)
		}
		if href := conflict.Find("a").AttrOr("href", ""); href != fmt.Sprintf("/app/leads/%d", w.bob.ID) {
			t.Errorf("conflict links to %q", href)
		}
		bulkStored(t, w)
	})
}

// bulkStored checks the database after TestBulkStatusWithConflict: Bob as Ada left
// him, the others won, each with a history entry by Sam.
func bulkStored(t *testing.T, w *workspace) {
	t.Helper()
	ctx := context.Background()
	if l, _ := w.s.Store.Lead(ctx, w.bob.ID); l.Status != models.StatusNew || l.Company != "Taken" {
		t.Errorf("the stale lead was changed: %+v", l)
	}
	for _, id := range []int64{w.ada.ID, w.cy.ID} {
		l, _ := w.s.Store.Lead(ctx, id)
		events, _ := w.s.Store.Events(ctx, id)
		if l.Status != models.StatusWon || len(events) != 1 || events[0].UserName != "Sam Staff" || events[0].NewValue != "won" {
			t.Errorf("lead %d: %s, history %+v", id, l.Status, events)
		}
	}
}

// TestBulkAllThatMatch gives every lead a search matches to the signed-in user.
func TestBulkAllThatMatch(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		// Ada and Cy share an email (ada@…); Bob does not match.
		bulk := formFields(apptest.Doc(t, w.c.Get("/app/leads?q=ada")).Find("form#bulk-form"))
		if bulk.Get("filter") != "q=ada" {
			t.Fatalf("the bulk form carries filter %q", bulk.Get("filter"))
		}
		bulk.Set("all", "1")
		bulk.Set("action", "owner")
		bulk.Set("owner_id", fmt.Sprint(w.me.ID))
		confirm := apptest.Doc(t, w.c.PostForm("/app/leads/bulk", bulk))
		if got := pageText(confirm, "[data-testid=bulk-question]"); got != "Set owner to Sam Staff on 2 leads?" {
			t.Fatalf("question %q", got)
		}
		form := confirm.Find("[data-testid=bulk-confirm] form")
		w.c.PostForm(form.AttrOr("action", ""), formFields(form))
		result := apptest.Doc(t, w.c.Get("/app/leads/bulk/result"))
		if got := pageText(result, "[data-testid=bulk-summary]"); got != "Owner set to Sam Staff on 2 leads." {
			t.Errorf("summary %q", got)
		}
		if back := result.Find("[data-testid=bulk-back]").AttrOr("href", ""); back != "/app/leads?q=ada" {
			t.Errorf("back to %q", back)
		}
		if l, _ := w.s.Store.Lead(context.Background(), w.bob.ID); l.OwnerID != nil {
			t.Errorf("a lead outside the filter was given away")
		}
	})
}

// TestBulkRefusals: each bad request says why, changes nothing and logs no error.
func TestBulkRefusals(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		csrf := w.c.CSRF()
		one := fmt.Sprintf("%d:1", w.ada.ID)
		for _, tc := range []struct {
			name    string
			form    url.Values
			status  int
			message string
		}{
			{"NothingSelected", url.Values{"action": {"delete"}}, 422, "Select at least one lead"},
			{"UnknownStatus", url.Values{"action": {"status"}, "status": {"archived"}, "ids": {one}}, 422, "Choose a status from the list."},
			{"UnknownOwner", url.Values{"action": {"owner"}, "owner_id": {"999999"}, "ids": {one}}, 422, "Choose an active staff user"},
			{"UnknownAction", url.Values{"action": {"explode"}, "ids": {one}}, 422, "Choose what to do"},
			{"BadItem", url.Values{"action": {"delete"}, "ids": {"1;DROP"}}, 422, "Reload the list"},
			{"BadFilter", url.Values{"action": {"delete"}, "ids": {one}, "filter": {"status=archived"}}, 422, "Reload the list"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.form.Set("_csrf", csrf)
				before := len(w.s.Logs.String())
				for _, path := range []string{"/app/leads/bulk", "/app/leads/bulk/apply"} {
					resp := w.c.PostForm(path, tc.form)
					if resp.StatusCode != tc.status {
						t.Fatalf("%s: status %d", path, resp.StatusCode)
					}
					doc := apptest.Doc(t, resp)
					if got := doc.Find("[data-testid=error-message]").Text(); !strings.Contains(got, tc.message) {
						t.Errorf("%s: message %q", path, got)
					}
				}
				if strings.Contains(w.s.Logs.String()[before:], `"level":"ERROR"`) {
					t.Errorf("a refusal logged an error")
				}
			})
		}
		t.Run("NoCSRF", func(t *testing.T) {
			resp := w.c.PostForm("/app/leads/bulk/apply", url.Values{"action": {"delete"}, "ids": {one}})
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("status %d", resp.StatusCode)
			}
			if _, err := w.s.Store.Lead(context.Background(), w.ada.ID); err != nil {
				t.Errorf("deleted without a token: %v", err)
			}
		})
	})
}

// TestBulkCap: "all that match" past models.MaxBulk is refused with the count.
func TestBulkCap(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		seedMany(t, w.s, models.MaxBulk)
		form := url.Values{"all": {"1"}, "action": {"status"}, "status": {"lost"}, "_csrf": {w.c.CSRF()}}
		resp := w.c.PostForm("/app/leads/bulk", form)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", resp.StatusCode)
		}
		want := fmt.Sprintf("These filters match %d leads; at most %d can be changed at once.", models.MaxBulk+3, models.MaxBulk)
		if got := apptest.Doc(t, resp).Find("[data-testid=error-message]").Text(); !strings.Contains(got, want) {
			t.Errorf("message %q", got)
		}
	})
}

// seedMany stores n plain leads in one statement.
func seedMany(t *testing.T, s *apptest.Site, n int) {
	t.Helper()
	q := `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %d)
		INSERT INTO leads (name, email, company, phone, message, status, utm_source, utm_medium, utm_campaign,
			referrer, landing_path, version, created_at, updated_at)
		SELECT 'Many', 'many@example.com', '', '', '', 'new', '', '', '', '', '', 1, %s, %s FROM seq`
	now := "'" + time.Now().UTC().Format("2006-01-02 15:04:05") + "'"
	if _, err := s.Store.SQLDB().Exec(fmt.Sprintf(q, n, now, now)); err != nil {
		t.Fatal(err)
	}
}
