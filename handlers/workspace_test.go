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
