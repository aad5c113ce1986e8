package e2e

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
)

// TestAPITokens is a person making a token for a script, copying it from the page it is
// shown on once, and revoking it after confirming.
func TestAPITokens(t *testing.T) {
	s := apptest.New(t, "postgres", nil)
	s.AddUser(t, "sam@example.com", "Sam Seller", models.RoleStaff, "correct horse battery staple")
	base := s.Listen()
	b := newBrowser(t)
	confirmed := acceptTokenRevokeDialog(t, b)

	signIn(t, b, base, "sam@example.com", "correct horse battery staple")
	do(t, b, "open the account", chromedp.Navigate(base+"/app/account"), chromedp.Click(byTestID("tokens-link")),
		chromedp.WaitVisible(byTestID("new-token-form")))
	checkAccessibility(t, b, "the tokens page")

	do(t, b, "make a token",
		chromedp.SendKeys(chromedp.ID("name"), "Spreadsheet export"),
		chromedp.SetValue(chromedp.ID("expiry"), "30d"),
		chromedp.Click(byTestID("create-token")),
		chromedp.WaitVisible(byTestID("token-secret")),
	)
	secret := get(t, b, "the secret", chromedp.Value(byTestID("token-secret")))
	if !regexp.MustCompile(`^ll_[a-z2-7]{52}$`).MatchString(secret) {
		t.Fatalf("secret %q", secret)
	}
	checkAccessibility(t, b, "the new token")
	api := s.Client(t)
	req := apiRequest(secret)
	if resp := api.Do(req); resp.StatusCode != 200 {
		t.Fatalf("the new token: %d", resp.StatusCode)
	}

	do(t, b, "reload the list", chromedp.Navigate(base+"/app/account/tokens"), chromedp.WaitVisible(byTestID("token-row")))
	if html := get(t, b, "page", chromedp.OuterHTML(chromedp.CSS("main"))); strings.Contains(html, secret[11:]) {
		t.Error("the secret is shown again")
	}
	if got := get(t, b, "prefix", chromedp.Text(byTestID("token-prefix"))); got != secret[:11]+"…" {
		t.Errorf("prefix %q", got)
	}

	do(t, b, "revoke", chromedp.Click(byTestID("revoke-token")))
	waitFor(t, b, "the row is gone", `document.querySelectorAll('[data-testid=token-row]').length === 0`)
	waitFor(t, b, "the flash says so", `(document.querySelector('[data-testid=flash]')||{}).textContent?.includes('was revoked')`)
	if msg := <-confirmed; !strings.Contains(msg, "Spreadsheet export") {
		t.Errorf("the confirm dialog asked %q", msg)
	}
	checkAccessibility(t, b, "the tokens page after a revoke")
	if resp := api.Do(apiRequest(secret)); resp.StatusCode != 401 {
		t.Errorf("the revoked token: %d", resp.StatusCode)
	}
}

// acceptTokenRevokeDialog says yes to the first confirm dialog b opens (the revoke asks
// with the browser's own), and sends on the channel what it asked once accepted.
func acceptTokenRevokeDialog(t *testing.T, b context.Context) <-chan string {
	t.Helper()
	asked := make(chan string, 1)
	if err := chromedp.Listen(b, func(ev any) {
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			select {
			case asked <- d.Message:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	confirmed := make(chan string, 1)
	go func() {
		msg := <-asked
		_, _ = chromedp.Call(b, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		confirmed <- msg
	}()
	return confirmed
}

// apiRequest asks the API for the leads with a token.
func apiRequest(token string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, "/api/v1/leads", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}
