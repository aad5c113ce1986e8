package handlers_test

import (
	"context"
	"encoding/csv"
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

// seedLead stores a lead as the landing form would.
func seedLead(t *testing.T, s *apptest.Site, name, email, company, message string) *models.Lead {
	t.Helper()
	l := models.Submission{LeadInput: models.LeadInput{Name: name, Email: email, Company: company, Message: message}}.NewLead("")
	if _, err := s.Store.CreateLead(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	return l
}

// workspace is a site with staff signed in and three leads.
type workspace struct {
	s            *apptest.Site
	c            *apptest.Client
	me, other    *models.User
	ada, bob, cy *models.Lead
}

func newWorkspace(t *testing.T, dialect string) *workspace {
	t.Helper()
	s, admin, staff := staffSite(t, dialect, nil)
	w := &workspace{s: s, me: staff, other: admin}
	w.ada = seedLead(t, s, "Ada Lovelace", "ada@example.com", "Engines", "100% interested")
	w.bob = seedLead(t, s, "Bob <b>Bold</b>", "bob@example.com", "Acme_Corp", "=HYPERLINK(\"http://evil\")")
	w.cy = seedLead(t, s, "Cy Repeat", "ADA@example.com", "Zeta", "")
	w.c = s.Client(t)
	w.c.Login(staffEmail, goodPass)
	return w
}

func rowNames(doc *goquery.Document) string {
	var out []string
	doc.Find("[data-testid=lead-row]").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Find("a").First().Text()))
	})
	return strings.Join(out, "|")
}

func TestLeadsList(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)

		t.Run("WholePage", func(t *testing.T) {
			resp := w.c.Get("/app/leads")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, resp)
			if got := rowNames(doc); got != "Cy Repeat|Bob <b>Bold</b>|Ada Lovelace" {
				t.Errorf("rows %q", got)
			}
			if doc.Find("form#lead-filters input[name=q]").Length() != 1 {
				t.Error("no search box")
			}
			if doc.Find("#lead-results b").Length() != 0 {
				t.Error("markup in a lead was not escaped")
			}
			if !strings.Contains(doc.Find("[data-testid=results-total]").Text(), "3") {
				t.Errorf("total %q", doc.Find("[data-testid=results-total]").Text())
			}
			cy := doc.Find(fmt.Sprintf("#lead-%d", w.cy.ID))
			if href, _ := cy.Find("[data-testid=repeat-badge]").Attr("href"); href != fmt.Sprintf("/app/leads/%d", w.ada.ID) {
				t.Errorf("repeat link %q", href)
			}
		})

		t.Run("SearchFragmentForHTMX", func(t *testing.T) {
			resp := w.c.Get("/app/leads?q=ADA%40", "HX-Request", "true")
			if !strings.Contains(resp.Header.Get("Vary"), "HX-Request") {
				t.Errorf("Vary %q", resp.Header.Get("Vary"))
			}
			body := apptest.Body(t, resp)
			if strings.Contains(body, "<html") {
				t.Error("htmx got the whole page")
			}
			doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
			if got := rowNames(doc); got != "Cy Repeat|Ada Lovelace" {
				t.Errorf("rows %q", got)
			}
		})

		t.Run("HistoryRestoreGetsWholePage", func(t *testing.T) {
			body := apptest.Body(t, w.c.Get("/app/leads?q=ada", "HX-Request", "true", "HX-History-Restore-Request", "true"))
			if !strings.Contains(body, "<html") {
				t.Error("a history restore got a fragment")
			}
		})

		t.Run("Filters", func(t *testing.T) {
			w.setStatus(t, w.bob, "won")
			w.setOwner(t, w.ada, w.me.ID)
			for query, want := range map[string]string{
				"q=100%25":                     "Ada Lovelace",
				"q=%25":                        "Ada Lovelace",
				"q=e_c":                        "Bob <b>Bold</b>",
				"q=a_a":                        "",
				"status=won":                   "Bob <b>Bold</b>",
				"owner=me":                     "Ada Lovelace",
				"owner=none":                   "Cy Repeat|Bob <b>Bold</b>",
				"sort=name":                    "Ada Lovelace|Bob <b>Bold</b>|Cy Repeat",
				"sort=-name":                   "Cy Repeat|Bob <b>Bold</b>|Ada Lovelace",
				"sort=created":                 "Ada Lovelace|Bob <b>Bold</b>|Cy Repeat",
				"sort=status":                  "Cy Repeat|Ada Lovelace|Bob <b>Bold</b>",
				"per_page=2":                   "Cy Repeat|Bob <b>Bold</b>",
				"per_page=2&page=2":            "Ada Lovelace",
				"owner=" + fmt.Sprint(w.me.ID): "Ada Lovelace",
			} {
				doc := apptest.Doc(t, w.c.Get("/app/leads?"+query))
				if got := rowNames(doc); got != want {
					t.Errorf("%s: rows %q, want %q", query, got, want)
				}
			}
			doc := apptest.Doc(t, w.c.Get("/app/leads?q=nothing-like-this"))
			if doc.Find("[data-testid=empty-state]").Length() != 1 {
				t.Error("no empty state for a search without results")
			}
		})

		t.Run("DueFilter", func(t *testing.T) {
			resp := w.c.PutForm(fmt.Sprintf("/app/leads/%d", w.cy.ID), w.editValues(t, w.cy.ID, "next_action_at", time.Now().UTC().Format("2006-01-02"), "_csrf", w.c.CSRF()), "HX-Request", "true")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("set date: %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, w.c.Get("/app/leads?due=1"))
			if got := rowNames(doc); got != "Cy Repeat" {
				t.Errorf("due rows %q", got)
			}
			if doc.Find("[data-testid=due-badge]").Length() != 1 {
				t.Error("no due badge")
			}
		})

		t.Run("BadFilters422", func(t *testing.T) {
			for _, q := range []string{"status=archived", "per_page=101", "page=0", "sort=price", "owner=someone", "q=%FF"} {
				if resp := w.c.Get("/app/leads?" + q); resp.StatusCode != http.StatusUnprocessableEntity {
					t.Errorf("%s: status %d", q, resp.StatusCode)
				}
			}
		})

		t.Run("NeedsASession", func(t *testing.T) {
			if resp := w.s.Client(t).Get("/app/leads"); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("status %d", resp.StatusCode)
			}
		})
	})
}

// editValues are the lead's current form values with some changed, and its version.
func (w *workspace) editValues(t *testing.T, id int64, kv ...string) url.Values {
	t.Helper()
	l, err := w.s.Store.Lead(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	v := url.Values{
		"name": {l.Name}, "email": {l.Email}, "company": {l.Company}, "phone": {l.Phone}, "message": {l.Message},
		"next_action_at": {models.FormatDate(l.NextActionAt)}, "version": {fmt.Sprint(l.Version)}, "view": {"card"},
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func (w *workspace) version(t *testing.T, id int64) string {
	t.Helper()
	l, err := w.s.Store.Lead(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(l.Version)
}

func (w *workspace) setStatus(t *testing.T, l *models.Lead, status string) *http.Response {
	t.Helper()
	return w.c.PostForm(fmt.Sprintf("/app/leads/%d/status", l.ID), url.Values{"status": {status}, "version": {w.version(t, l.ID)}, "view": {"row"}, "_csrf": {w.c.CSRF()}}, "HX-Request", "true")
}

func (w *workspace) setOwner(t *testing.T, l *models.Lead, owner int64) *http.Response {
	t.Helper()
	return w.c.PostForm(fmt.Sprintf("/app/leads/%d/owner", l.ID), url.Values{"owner_id": {fmt.Sprint(owner)}, "version": {w.version(t, l.ID)}, "view": {"row"}, "_csrf": {w.c.CSRF()}}, "HX-Request", "true")
}

func TestLeadEdit(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		path := fmt.Sprintf("/app/leads/%d", w.ada.ID)

		t.Run("EditRowInPlace", func(t *testing.T) {
			resp := w.c.Get(path+"/edit?view=row", "HX-Request", "true")
			doc := apptest.RowsDoc(t, resp)
			if doc.Find("tr input[name=name]").Length() != 1 || doc.Find("input[name=version]").Length() != 1 {
				t.Fatal("the row did not turn into a form")
			}
			v := w.editValues(t, w.ada.ID, "name", "Ada King", "view", "row", "_csrf", w.c.CSRF())
			resp = w.c.PutForm(path, v, "HX-Request", "true")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			doc = apptest.RowsDoc(t, resp)
			if doc.Find("[data-testid=lead-row]").Length() != 1 || !strings.Contains(doc.Text(), "Ada King") {
				t.Error("the answer is not the saved row")
			}
			l, _ := w.s.Store.Lead(context.Background(), w.ada.ID)
			if l.Name != "Ada King" || l.Version != 2 || l.Message != "100% interested" {
				t.Errorf("stored %+v", l)
			}
		})

		t.Run("StaleVersion409", func(t *testing.T) {
			stale := w.editValues(t, w.ada.ID, "company", "Mine Ltd", "_csrf", w.c.CSRF())
			// Someone else changes the lead first.
			other := w.s.Client(t)
			other.Login(adminEmail, goodPass)
			if resp := other.PutForm(path, w.editValues(t, w.ada.ID, "company", "Theirs Inc", "_csrf", other.CSRF()), "HX-Request", "true"); resp.StatusCode != http.StatusOK {
				t.Fatalf("their edit: %d", resp.StatusCode)
			}
			resp := w.c.PutForm(path, stale, "HX-Request", "true")
			if resp.StatusCode != http.StatusConflict {
				t.Fatalf("stale edit: status %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, resp)
			box := doc.Find("[data-testid=conflict]")
			if box.Length() != 1 || !strings.Contains(box.Text(), "Theirs Inc") || !strings.Contains(box.Text(), "Mine Ltd") || !strings.Contains(box.Text(), "Ada Admin") {
				t.Errorf("conflict view %q", box.Text())
			}
			if doc.Find("[data-testid=conflict-reload]").Length() == 0 {
				t.Error("no way to reload")
			}
			l, _ := w.s.Store.Lead(context.Background(), w.ada.ID)
			if l.Company != "Theirs Inc" {
				t.Errorf("the stale edit overwrote: %q", l.Company)
			}
			// Without htmx: the whole page, also 409.
			stale.Set("view", "")
			if resp := w.c.PostForm(path, stale); resp.StatusCode != http.StatusConflict {
				t.Errorf("no-JS stale edit: %d", resp.StatusCode)
			}
		})

		t.Run("Invalid422", func(t *testing.T) {
			before, _ := w.s.Store.Lead(context.Background(), w.ada.ID)
			v := w.editValues(t, w.ada.ID, "email", "not-an-email", "next_action_at", "someday", "_csrf", w.c.CSRF())
			resp := w.c.PutForm(path, v, "HX-Request", "true")
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, resp)
			assertFieldError(t, doc, "email", "correct format")
			assertFieldError(t, doc, "next_action_at", "date")
			after, _ := w.s.Store.Lead(context.Background(), w.ada.ID)
			if after.Version != before.Version || after.Email != before.Email {
				t.Error("an invalid edit changed the lead")
			}
			v.Del("version")
			v.Set("email", "ok@example.com")
			v.Set("next_action_at", "")
			if resp := w.c.PutForm(path, v, "HX-Request", "true"); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("no version: %d", resp.StatusCode)
			}
		})

		t.Run("NoJSEditPage", func(t *testing.T) {
			doc := apptest.Doc(t, w.c.Get(path+"/edit"))
			if doc.Find("html").Length() != 1 || doc.Find("form[method=post] input[name=_csrf]").Length() == 0 {
				t.Fatal("no edit page")
			}
			v := w.editValues(t, w.ada.ID, "phone", "+1 555 0100", "view", "", "_csrf", w.c.CSRF())
			resp := w.c.PostForm(path, v)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path {
				t.Errorf("status %d location %q", resp.StatusCode, resp.Header.Get("Location"))
			}
		})

		t.Run("StatusAndOwnerOneClick", func(t *testing.T) {
			resp := w.setStatus(t, w.bob, "qualified")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status change: %d", resp.StatusCode)
			}
			doc := apptest.RowsDoc(t, resp)
			if v, _ := doc.Find("[data-testid=status-select] option[selected]").Attr("value"); v != "qualified" {
				t.Errorf("selected status %q", v)
			}
			if resp := w.setOwner(t, w.bob, w.other.ID); resp.StatusCode != http.StatusOK {
				t.Fatalf("owner change: %d", resp.StatusCode)
			}
			if resp := w.setStatus(t, w.bob, "archived"); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("unknown status: %d", resp.StatusCode)
			}
			if resp := w.setOwner(t, w.bob, 999999); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("unknown owner: %d", resp.StatusCode)
			}
			// The history says who changed what.
			doc = apptest.Doc(t, w.c.Get(fmt.Sprintf("/app/leads/%d", w.bob.ID)))
			events := doc.Find("[data-testid=event]")
			text := events.Text()
			if events.Length() != 3 || !strings.Contains(text, "Sam Staff") || !strings.Contains(text, "Qualified") || !strings.Contains(text, "Ada Admin") || !strings.Contains(text, "landing form") {
				t.Errorf("history (%d): %q", events.Length(), text)
			}
		})

		t.Run("StatusWithoutJavaScript", func(t *testing.T) {
			resp := w.c.PostForm(fmt.Sprintf("/app/leads/%d/status", w.cy.ID),
				url.Values{"status": {"lost"}, "version": {w.version(t, w.cy.ID)}, "view": {"row"}, "_csrf": {w.c.CSRF()}},
				"Referer", "http://localhost:3000/app/leads?q=cy")
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/app/leads?q=cy" {
				t.Fatalf("status %d location %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			if l, _ := w.s.Store.Lead(context.Background(), w.cy.ID); l.Status != models.StatusLost {
				t.Errorf("status %q", l.Status)
			}
			if apptest.Doc(t, w.c.Get("/app/leads?q=cy")).Find("[data-testid=flash]").Length() != 1 {
				t.Error("no message after the redirect")
			}
		})

		t.Run("DeactivatedOwnerStaysNamed", func(t *testing.T) {
			dee := w.s.AddUser(t, "dee@example.com", "Dee Parted", models.RoleStaff, goodPass)
			if resp := w.setOwner(t, w.ada, dee.ID); resp.StatusCode != http.StatusOK {
				t.Fatalf("owner change: %d", resp.StatusCode)
			}
			if _, err := w.s.Store.SetActive(context.Background(), dee.ID, false); err != nil {
				t.Fatal(err)
			}
			doc := apptest.Doc(t, w.c.Get(fmt.Sprintf("/app/leads/%d", w.ada.ID)))
			if got := doc.Find("#lead-card select[name=owner_id] option[selected]").Text(); got != "Dee Parted (deactivated)" {
				t.Errorf("selected owner %q", got)
			}
			if !strings.Contains(doc.Find("#history").Text(), "to Dee Parted") {
				t.Errorf("history %q", doc.Find("#history").Text())
			}
			// A deactivated user cannot be given leads.
			if resp := w.setOwner(t, w.bob, dee.ID); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("owner change to a deactivated user: %d", resp.StatusCode)
			}
		})

		t.Run("NotFound", func(t *testing.T) {
			for _, p := range []string{"/app/leads/abc", "/app/leads/999999", "/app/leads/-1", "/app/leads/999999/edit"} {
				if resp := w.c.Get(p); resp.StatusCode != http.StatusNotFound {
					t.Errorf("%s: %d", p, resp.StatusCode)
				}
			}
		})

		t.Run("CSRFRequired", func(t *testing.T) {
			v := w.editValues(t, w.cy.ID, "name", "Hijacked")
			if resp := w.c.PutForm(fmt.Sprintf("/app/leads/%d", w.cy.ID), v); resp.StatusCode != http.StatusForbidden {
				t.Errorf("status %d", resp.StatusCode)
			}
			if l, _ := w.s.Store.Lead(context.Background(), w.cy.ID); l.Name != "Cy Repeat" {
				t.Error("changed without a token")
			}
		})
	})
}

func TestLeadCreateNotesDelete(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		token := w.c.CSRF()

		t.Run("CreateByHand", func(t *testing.T) {
			if resp := w.c.Get("/app/leads/new"); resp.StatusCode != http.StatusOK {
				t.Fatalf("form: %d", resp.StatusCode)
			}
			bad := url.Values{"_csrf": {token}, "name": {""}, "email": {"x"}, "status": {"archived"}}
			resp := w.c.PostForm("/app/leads", bad)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("invalid: %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, resp)
			assertFieldError(t, doc, "name", "Enter")
			good := url.Values{"_csrf": {token}, "name": {"Dee"}, "email": {"dee@example.com"}, "status": {"contacted"}, "owner_id": {fmt.Sprint(w.me.ID)}, "next_action_at": {"2030-01-02"}}
			resp = w.c.PostForm("/app/leads", good)
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/app/leads/") {
				t.Fatalf("create: %d %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			doc = apptest.Doc(t, w.c.Get(resp.Header.Get("Location")))
			if !strings.Contains(doc.Find("[data-testid=lead-card]").Text(), "dee@example.com") {
				t.Error("the new lead's page does not show it")
			}
			if !strings.Contains(doc.Find("[data-testid=event]").Text(), "Sam Staff") {
				t.Error("the history does not say who entered it")
			}
		})

		t.Run("Notes", func(t *testing.T) {
			path := fmt.Sprintf("/app/leads/%d/notes", w.ada.ID)
			resp := w.c.PostForm(path, url.Values{"_csrf": {token}, "body": {"Called; <script>alert(1)</script> wants a demo"}}, "HX-Request", "true")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("add: %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, resp)
			note := doc.Find("[data-testid=note]")
			if note.Length() != 1 || !strings.Contains(note.Text(), "Sam Staff") || doc.Find("script").Length() != 0 {
				t.Errorf("note %q", note.Text())
			}
			if resp := w.c.PostForm(path, url.Values{"_csrf": {token}, "body": {"  "}}, "HX-Request", "true"); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("empty note: %d", resp.StatusCode)
			}
			if resp := w.c.PostForm(path, url.Values{"_csrf": {token}, "body": {"second"}}); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("no-JS note: %d", resp.StatusCode)
			}
			notes, _ := w.s.Store.Notes(context.Background(), w.ada.ID)
			if len(notes) != 2 || notes[0].Body != "second" {
				t.Errorf("notes %+v", notes)
			}
		})

		t.Run("DeleteWithConfirmStep", func(t *testing.T) {
			row := apptest.RowsDoc(t, w.c.Get(fmt.Sprintf("/app/leads/%d/delete?view=row", w.cy.ID), "HX-Request", "true"))
			if row.Find("[data-testid=confirm-delete]").Length() != 1 {
				t.Fatal("no confirm step in the row")
			}
			req, _ := http.NewRequest(http.MethodDelete, fmt.Sprintf("/app/leads/%d", w.cy.ID), nil)
			req.Header.Set("HX-Request", "true")
			req.Header.Set("X-CSRF-Token", token)
			resp := w.c.Do(req)
			if resp.StatusCode != http.StatusOK || apptest.Body(t, resp) != "" {
				t.Errorf("htmx delete: %d", resp.StatusCode)
			}
			if _, err := w.s.Store.Lead(context.Background(), w.cy.ID); err == nil {
				t.Error("not deleted")
			}
			page := apptest.Doc(t, w.c.Get(fmt.Sprintf("/app/leads/%d/delete", w.bob.ID)))
			if page.Find("form[method=post] [data-testid=confirm-delete-page]").Length() != 1 {
				t.Fatal("no confirm page")
			}
			resp = w.c.PostForm(fmt.Sprintf("/app/leads/%d/delete", w.bob.ID), url.Values{"_csrf": {token}})
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/app/leads" {
				t.Errorf("no-JS delete: %d", resp.StatusCode)
			}
			resp = w.c.PostForm(fmt.Sprintf("/app/leads/%d/delete", w.bob.ID), url.Values{"_csrf": {token}})
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("second delete: %d", resp.StatusCode)
			}
		})
	})
}

func TestLeadsCSV(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		seedLead(t, w.s, "-Minus", "m@example.com", "@Corp", "+1 call\ttab")
		resp := w.c.Get("/app/leads.csv?sort=created")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("status %d type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Error("not a download")
		}
		records, err := csv.NewReader(resp.Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(records) != 5 || records[0][2] != "name" {
			t.Fatalf("records %v", records)
		}
		col := map[string]int{}
		for i, h := range records[0] {
			col[h] = i
		}
		if got := records[2][col["message"]]; got != `'=HYPERLINK("http://evil")` {
			t.Errorf("formula not neutralised: %q", got)
		}
		if got := records[2][col["name"]]; got != "Bob <b>Bold</b>" {
			t.Errorf("name %q", got)
		}
		last := records[4]
		if last[col["name"]] != "'-Minus" || last[col["company"]] != "'@Corp" || last[col["message"]] != "'+1 call\ttab" {
			t.Errorf("neutralised row %q", last)
		}
		filtered, _ := csv.NewReader(w.c.Get("/app/leads.csv?q=engines").Body).ReadAll()
		if len(filtered) != 2 || filtered[1][col["name"]] != "Ada Lovelace" {
			t.Errorf("filtered %v", filtered)
		}
	})
}

func TestDashboard(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		w.setStatus(t, w.bob, "won")
		w.setStatus(t, w.cy, "lost")
		doc := apptest.Doc(t, w.c.Get("/app"))
		if got := strings.TrimSpace(doc.Find("[data-testid=lead-total]").Text()); got != "3" {
			t.Errorf("total %q", got)
		}
		if got := doc.Find("[data-testid=status-count-won]").Text(); !strings.Contains(got, "1") {
			t.Errorf("won count %q", got)
		}
		if got := doc.Find("[data-testid=conversion]").Text(); !strings.Contains(got, "50") {
			t.Errorf("conversion %q", got)
		}
		chart := doc.Find("svg[data-testid=chart]")
		if chart.Length() != 1 || chart.Find("rect").Length() < 30 {
			t.Fatalf("chart: %d svgs, %d bars", chart.Length(), chart.Find("rect").Length())
		}
		if !strings.Contains(chart.Find("desc").Text(), "3 new leads") {
			t.Errorf("chart summary %q", chart.Find("desc").Text())
		}
		if doc.Find("[data-testid=recent-leads] a").Length() < 3 {
			t.Error("newest leads missing")
		}
		if doc.Find("script:not([src])").Length() != 0 {
			t.Error("inline script on the dashboard")
		}
	})
}
