package handlers_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
)

func TestAdminWebhooks(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		admin := s.Client(t)
		admin.Login(adminEmail, goodPass)
		t.Run("StaffRefused", func(t *testing.T) { webhooksStaffRefused(t, s) })
		t.Run("Empty", func(t *testing.T) {
			resp := admin.Get("/app/admin/webhooks")
			doc := apptest.Doc(t, resp)
			if resp.StatusCode != http.StatusOK || doc.Find("h1").Text() != "Webhooks" ||
				doc.Find("[data-testid=no-webhooks]").Text() != "No webhooks yet." || doc.Find("h2#new-webhook-title").Text() != "Add a webhook" {
				t.Fatalf("%d %q", resp.StatusCode, doc.Text())
			}
		})
		t.Run("PrivateURLRefused", func(t *testing.T) { webhookPrivateRefused(t, s, admin) })
		t.Run("NoEvents", func(t *testing.T) {
			resp := admin.PostForm("/app/admin/webhooks", url.Values{"_csrf": {admin.CSRF()}, "url": {"https://93.184.216.34/hook"}, "format": {"json"}})
			doc := apptest.Doc(t, resp)
			if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find("[data-testid=error-events]").Text() != "Choose at least one event to send" {
				t.Fatalf("%d %q", resp.StatusCode, doc.Find("[data-testid=error-summary]").Text())
			}
		})
		t.Run("NoCSRF", func(t *testing.T) {
			resp := admin.PostForm("/app/admin/webhooks", url.Values{"url": {"https://93.184.216.34/hook"}, "events": {"lead.created"}, "format": {"json"}})
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("%d", resp.StatusCode)
			}
		})
		t.Run("AddShowsSecretOnce", func(t *testing.T) { webhookAdded(t, s, admin) })
	})
}

func webhooksStaffRefused(t *testing.T, s *apptest.Site) {
	staff := s.Client(t)
	staff.Login(staffEmail, goodPass)
	resp := staff.Get("/app/admin/webhooks")
	doc := apptest.Doc(t, resp)
	if resp.StatusCode != http.StatusForbidden || doc.Find("h1").Text() != "You cannot do that" ||
		!strings.Contains(doc.Text(), "Only admins can open this part of the workspace.") {
		t.Fatalf("staff: %d %q", resp.StatusCode, doc.Find("h1").Text())
	}
	resp = staff.PostForm("/app/admin/webhooks", url.Values{"_csrf": {staff.CSRF()}, "url": {"https://93.184.216.34/"}, "events": {"lead.created"}, "format": {"json"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("staff add: %d", resp.StatusCode)
	}
	if strings.Contains(apptest.Body(t, staff.Get("/app")), "/app/admin/webhooks") {
		t.Error("staff see the Webhooks link")
	}
	if hooks, _ := s.Store.Webhooks(context.Background()); len(hooks) != 0 {
		t.Fatalf("staff added %d webhooks", len(hooks))
	}
}

func webhookPrivateRefused(t *testing.T, s *apptest.Site, admin *apptest.Client) {
	for raw, want := range map[string]string{
		"http://127.0.0.1:8080/hook":              "127.0.0.1 is a loopback address. Webhooks are not sent to loopback, private, link-local or metadata addresses unless LEADLINE_WEBHOOK_ALLOW_PRIVATE=true",
		"http://169.254.169.254/latest/meta-data": "169.254.169.254 is a cloud metadata address.",
		"http://[::ffff:10.0.0.1]/":               "::ffff:10.0.0.1 is a private address.",
		"ftp://example.com/":                      "Enter a full URL starting with https:// or http://",
	} {
		resp := admin.PostForm("/app/admin/webhooks", url.Values{"_csrf": {admin.CSRF()}, "url": {raw}, "events": {"lead.created", "lead.deleted"}, "format": {"slack"}})
		doc := apptest.Doc(t, resp)
		summary := doc.Find("[data-testid=error-summary]")
		if resp.StatusCode != http.StatusUnprocessableEntity || summary.Find("h2").Text() != "There is a problem" ||
			!strings.Contains(summary.Text(), want) || !strings.Contains(doc.Find("[data-testid=error-url]").Text(), want) {
			t.Errorf("%s: %d %q", raw, resp.StatusCode, summary.Text())
		}
		// What was typed and chosen is kept.
		if v, _ := doc.Find("input#url").Attr("value"); v != raw {
			t.Errorf("url kept as %q", v)
		}
		if doc.Find("input[name=events]:checked").Length() != 2 || doc.Find("select#format option[selected]").AttrOr("value", "") != "slack" {
			t.Errorf("choices not kept")
		}
	}
	if hooks, _ := s.Store.Webhooks(context.Background()); len(hooks) != 0 {
		t.Fatalf("%d webhooks stored", len(hooks))
	}
}

func webhookAdded(t *testing.T, s *apptest.Site, admin *apptest.Client) {
	resp := admin.PostForm("/app/admin/webhooks", url.Values{"_csrf": {admin.CSRF()}, "url": {" https://93.184.216.34/hook "}, "events": {"lead.created", "lead.assigned"}, "format": {"json"}})
	doc := apptest.Doc(t, resp)
	box := doc.Find("[data-testid=webhook-created]")
	secret, _ := box.Find("[data-testid=webhook-secret]").Attr("value")
	if resp.StatusCode != http.StatusCreated || box.Find("h2").Text() != "Webhook added: its signing secret" || !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("%d %q", resp.StatusCode, box.Text())
	}
	row := doc.Find("[data-testid=webhook-row]")
	if row.Length() != 1 || row.Find("[data-testid=webhook-url]").Text() != "https://93.184.216.34/hook" ||
		!strings.Contains(row.Text(), "lead.created, lead.assigned") || row.Find("[data-testid=webhook-state]").Text() != "Active" {
		t.Fatalf("row %q", row.Text())
	}
	list := apptest.Body(t, admin.Get("/app/admin/webhooks"))
	if strings.Contains(list, secret) {
		t.Fatal("the secret is shown again")
	}
	link, _ := row.Find("a").Attr("href")
	page := apptest.Doc(t, admin.Get(link))
	if page.Find("#webhook-title").Text() != "https://93.184.216.34/hook" || page.Find("[data-testid=no-deliveries]").Text() != "Nothing has been sent to this webhook yet." ||
		strings.Contains(page.Text(), secret) {
		t.Fatalf("page %q", page.Text())
	}
	action, _ := page.Find("form:has([data-testid=disable])").Attr("action")
	resp = admin.PostForm(action, url.Values{"_csrf": {admin.CSRF()}, "active": {"false"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != link {
		t.Fatalf("disable: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	page = apptest.Doc(t, admin.Get(link))
	if page.Find("[data-testid=flash]").Text() != "The webhook is disabled: it receives nothing until you enable it." || page.Find("dd[data-testid=webhook-state]").Text() != "Disabled" {
		t.Fatalf("after disable: %q", page.Find("main").Text())
	}
	action, _ = page.Find("form:has([data-testid=delete])").Attr("action")
	resp = admin.PostForm(action, url.Values{"_csrf": {admin.CSRF()}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/app/admin/webhooks" {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if doc := apptest.Doc(t, admin.Get("/app/admin/webhooks")); doc.Find("[data-testid=flash]").Text() != "The webhook to https://93.184.216.34/hook was deleted." {
		t.Errorf("flash %q", doc.Find("[data-testid=flash]").Text())
	}
	if resp := admin.Get(link); resp.StatusCode != http.StatusNotFound {
		t.Errorf("deleted webhook's page: %d", resp.StatusCode)
	}
}

// hookReceiver records the bodies it is sent.
type hookReceiver struct {
	mu     sync.Mutex
	bodies []string
}

func (r *hookReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.bodies = append(r.bodies, string(b))
	r.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (r *hookReceiver) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.bodies...)
}

// TestWebhookTestAndRedeliver: with private addresses allowed, an admin adds a
// receiver on loopback, sends it a test event, sees the delivery in the log and sends
// it again with the same event id.
func TestWebhookTestAndRedeliver(t *testing.T) {
	s, _, _ := staffSite(t, "sqlite", map[string]string{"LEADLINE_WEBHOOK_ALLOW_PRIVATE": "true"})
	s.StartJobs()
	rec := &hookReceiver{}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	admin := s.Client(t)
	admin.Login(adminEmail, goodPass)
	doc := apptest.Doc(t, admin.PostForm("/app/admin/webhooks", url.Values{"_csrf": {admin.CSRF()}, "url": {srv.URL}, "events": {"lead.created"}, "format": {"json"}}))
	if doc.Find("[data-testid=webhook-created]").Length() != 1 {
		t.Fatalf("not added: %q", doc.Find("[data-testid=error-summary]").Text())
	}
	link, _ := doc.Find("[data-testid=webhook-row] a").Attr("href")
	page := apptest.Doc(t, admin.Get(link))
	action, _ := page.Find("form:has([data-testid=send-test])").Attr("action")
	if resp := admin.PostForm(action, url.Values{"_csrf": {admin.CSRF()}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("send test: %d", resp.StatusCode)
	}
	eventually(t, "the test event arrives and is logged", func() bool {
		return len(rec.got()) == 1 && apptest.Doc(t, admin.Get(link)).Find("[data-testid=delivery]").Length() == 1
	})
	page = apptest.Doc(t, admin.Get(link))
	row := page.Find("[data-testid=delivery]")
	if row.Find("[data-testid=delivery-event]").Text() != "webhook.test" || row.Find("[data-testid=delivery-status]").Text() != "200" ||
		row.Find("[data-testid=delivery-error]").Text() != "none" {
		t.Fatalf("row %q", row.Text())
	}
	redeliver, _ := row.Find("form").Attr("action")
	delivery, _ := row.Find("input[name=delivery]").Attr("value")
	if resp := admin.PostForm(redeliver, url.Values{"_csrf": {admin.CSRF()}, "delivery": {delivery}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("redeliver: %d", resp.StatusCode)
	}
	eventually(t, "the event arrives again", func() bool { return len(rec.got()) == 2 })
	var first, second struct{ ID, Event string }
	_ = json.Unmarshal([]byte(rec.got()[0]), &first)
	_ = json.Unmarshal([]byte(rec.got()[1]), &second)
	if first.Event != "webhook.test" || first.ID == "" || second.ID != first.ID {
		t.Fatalf("first %+v, again %+v", first, second)
	}
	if resp := admin.PostForm(redeliver, url.Values{"_csrf": {admin.CSRF()}, "delivery": {"999999"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("redeliver of no delivery: %d", resp.StatusCode)
	}
}
