package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
)

// TestWebhooksAdmin is an admin adding a webhook for a receiver (on loopback, so with
// private addresses allowed), fixing a form error, copying the secret, sending a test
// event, reading the delivery log and deleting the webhook after confirming.
func TestWebhooksAdmin(t *testing.T) {
	s := apptest.New(t, "sqlite", map[string]string{"LEADLINE_WEBHOOK_ALLOW_PRIVATE": "true"})
	s.AddUser(t, "ada@example.com", "Ada Admin", models.RoleAdmin, "correct horse battery staple")
	s.StartJobs()
	var hits atomic.Int64
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { hits.Add(1); w.WriteHeader(http.StatusNoContent) }))
	defer rcv.Close()
	base := s.Listen()
	b := newBrowser(t)
	if err := chromedp.Listen(b, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			go func() {
				_, _ = chromedp.Call(b, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
			}()
		}
	}); err != nil {
		t.Fatal(err)
	}

	signIn(t, b, base, "ada@example.com", "correct horse battery staple")
	do(t, b, "open the webhooks", chromedp.Navigate(base+"/app"), chromedp.Click(`nav a[href="/app/admin/webhooks"]`),
		chromedp.WaitVisible(byTestID("new-webhook-form")))
	checkAccessibility(t, b, "the webhooks page")

	do(t, b, "add without events", chromedp.SendKeys(chromedp.ID("url"), rcv.URL+"/hook"), chromedp.Click(byTestID("add-webhook")),
		chromedp.WaitVisible(byTestID("error-summary")))
	checkAccessibility(t, b, "the form with an error")
	do(t, b, "choose an event and add", chromedp.Click(chromedp.ID("events")), chromedp.Click(byTestID("add-webhook")),
		chromedp.WaitVisible(byTestID("webhook-secret")))
	if secret := get(t, b, "the secret", chromedp.Value(byTestID("webhook-secret"))); !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("secret %q", secret)
	}
	checkAccessibility(t, b, "the new webhook's secret")

	do(t, b, "open it", chromedp.Click(byTestID("webhook-url")), chromedp.WaitVisible(byTestID("send-test")))
	do(t, b, "send a test event", chromedp.Click(byTestID("send-test")), chromedp.WaitVisible(byTestID("flash")))
	// The delivery is a job on River's own schedule: look again until it is logged.
	for tries := 0; hits.Load() == 0 || !strings.Contains(get(t, b, "log", chromedp.OuterHTML(chromedp.CSS("main"))), "webhook.test"); tries++ {
		if tries == 200 {
			t.Fatal("the test event was not delivered")
		}
		sleep()
		do(t, b, "reload", chromedp.Reload(), chromedp.WaitVisible(byTestID("send-test")))
	}
	checkAccessibility(t, b, "the delivery log")

	do(t, b, "delete", chromedp.Click(byTestID("delete")), chromedp.WaitVisible(byTestID("no-webhooks")))
	if got := get(t, b, "flash", chromedp.Text(byTestID("flash"))); !strings.Contains(got, "was deleted") {
		t.Errorf("flash %q", got)
	}
}
