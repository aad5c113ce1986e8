package handlers_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/headers"
	"github.com/leadline/leadline/internal/testdb"
)

// refusalCase is one way to be refused, sent over a real connection.
type refusalCase struct {
	name   string
	status int
	// request is the raw request without its final blank line; the test adds the
	// session cookie, HX-Request for the htmx variant, and the end of the headers.
	request func(w *workspace) (head, body string)
	// title and message are what a person reads: on the page, or in the fragment htmx
	// gets.
	title, message string
	// page, when set, checks a refusal that answers with a page of its own (the sign-in
	// form at 401 and 429) instead of the error page.
	page   func(t *testing.T, doc *goquery.Document)
	noHTMX bool // headers the server could not read cannot say they come from htmx
	// htmxOnly: a whole page in that case is a redirect (to sign in), not a refusal.
	htmxOnly bool
	// before, if set, brings the site to where the request is refused.
	before func(t *testing.T, w *workspace)
}

func refusalCases(csrf string) []refusalCase {
	lead := func(w *workspace) string { return fmt.Sprintf("/app/leads/%d", w.ada.ID) }
	form := func(method, path, body string) func(w *workspace) (string, string) {
		return func(*workspace) (string, string) {
			return fmt.Sprintf("%s %s HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n", method, path, len(body)), body
		}
	}
	return []refusalCase{
		{name: "400UnknownMethod", status: 400, request: form("FROB", "/", ""),
			title: "Bad request", message: "The request could not be understood"},
		{name: "400MalformedRequest", status: 400, noHTMX: true, request: func(*workspace) (string, string) {
			return "POST /leads HTTP/1.1\r\nContent-Length: twelve\r\n", ""
		}, title: "Bad request", message: "The request could not be understood"},
		{name: "400ControlByteInPath", status: 400, noHTMX: true, request: func(*workspace) (string, string) {
			return "GET /app/leads?q=\x00 HTTP/1.1\r\n", ""
		}, title: "Bad request", message: "The request could not be understood"},
		{name: "401SignInFailed", status: 401, request: form("POST", "/login", url.Values{"email": {staffEmail}, "password": {"not the password"}}.Encode()),
			page: signInMessage("The email address or password is incorrect.")},
		{name: "401SessionEnded", status: 401, htmxOnly: true, request: func(*workspace) (string, string) {
			return "GET /app/leads HTTP/1.1\r\nCookie: id=" + strings.Repeat("x", 43) + "\r\n", ""
		}, title: "Please sign in", message: "Your session has ended"},
		{name: "403NoCSRFToken", status: 403, request: func(w *workspace) (string, string) {
			return form("POST", lead(w)+"/notes", "body=hello")(w)
		}, title: "You cannot do that", message: "This form has expired or was not sent from this site."},
		{name: "403AdminsOnly", status: 403, request: func(*workspace) (string, string) { return "GET /app/users HTTP/1.1\r\n", "" },
			title: "You cannot do that", message: "Only admins can open this part of the workspace."},
		{name: "404UnknownPath", status: 404, request: func(*workspace) (string, string) { return "GET /no/such/page HTTP/1.1\r\n", "" },
			title: "Page not found", message: "The page you asked for does not exist."},
		{name: "404UnknownLead", status: 404, request: func(*workspace) (string, string) { return "GET /app/leads/987654 HTTP/1.1\r\n", "" },
			title: "Page not found", message: "The page you asked for does not exist."},
		{name: "405WrongMethod", status: 405, request: form("DELETE", "/login", ""),
			title: "Not possible here", message: "That action is not possible on this address."},
		{name: "409StaleVersion", status: 409, request: func(w *workspace) (string, string) {
			stale := url.Values{"name": {"Ada King"}, "email": {w.ada.Email}, "version": {"1"}, "_csrf": {csrf}}
			return form("PUT", lead(w), stale.Encode())(w)
		}, page: func(t *testing.T, doc *goquery.Document) {
			if got := strings.TrimSpace(doc.Find("#conflict-title").Text()); got != "Someone else changed this lead while you were editing" {
				t.Errorf("conflict heading %q", got)
			}
		}},
		{name: "413BodyTooLarge", status: 413, request: func(*workspace) (string, string) {
			// The server answers from Content-Length alone, before the body.
			return fmt.Sprintf("POST /leads HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n", 2<<20), ""
		}, title: "Too large", message: "What you sent is larger than we accept."},
		{name: "422UnknownStatus", status: 422, request: func(w *workspace) (string, string) {
			return form("POST", lead(w)+"/status", url.Values{"status": {"archived"}, "version": {"2"}, "_csrf": {csrf}}.Encode())(w)
		}, title: "That cannot be done", message: "Choose a status from the list"},
		{name: "429TooManyGuesses", status: 429, before: func(t *testing.T, w *workspace) {
			for i := 0; i < 5; i++ {
				w.s.PostForm("/login", url.Values{"email": {adminEmail}, "password": {"guess " + fmt.Sprint(i)}})
			}
		}, request: form("POST", "/login", url.Values{"email": {adminEmail}, "password": {goodPass}}.Encode()),
			page: signInMessage("Too many failed attempts.")},
		{name: "431HeadersTooLarge", status: 431, noHTMX: true, request: func(*workspace) (string, string) {
			return "GET / HTTP/1.1\r\nX-Padding: " + strings.Repeat("h", 9<<10) + "\r\n", ""
		}, title: "Request too large", message: "Your browser sent headers that are too large."},
	}
}

// signInMessage checks the sign-in form answering with its own message.
func signInMessage(want string) func(t *testing.T, doc *goquery.Document) {
	return func(t *testing.T, doc *goquery.Document) {
		t.Helper()
		if got := strings.TrimSpace(doc.Find("h1").First().Text()); !strings.HasPrefix(got, "Sign in") {
			t.Errorf("heading %q", got)
		}
		if got := doc.Find("[role=alert]").Text(); !strings.Contains(got, want) {
			t.Errorf("message %q, want %q", got, want)
		}
	}
}

// TestRefusalsShowTheirOwnWords walks every refusal through a whole page and through
// htmx and checks what a person reads, the security headers, and that no refusal is
// logged as an error.
func TestRefusalsShowTheirOwnWords(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		csrf := w.c.CSRF()
		// The conflict case needs the lead one version ahead of what it sends.
		if resp := w.setStatus(t, w.ada, "contacted"); resp.StatusCode != http.StatusOK {
			t.Fatalf("set status: %d", resp.StatusCode)
		}
		base := w.s.Listen()
		sec := headers.New(false)
		for _, tc := range refusalCases(csrf) {
			for _, htmx := range []bool{false, true} {
				if (htmx && tc.noHTMX) || (!htmx && tc.htmxOnly) {
					continue
				}
				t.Run(fmt.Sprintf("%s/htmx=%v", tc.name, htmx), func(t *testing.T) {
					if tc.before != nil {
						tc.before(t, w)
					}
					before := len(w.s.Logs.String())
					resp := sendRaw(t, base, w, tc, htmx)
					if resp.StatusCode != tc.status {
						t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
					}
					for _, name := range sec.Names() {
						if resp.Header.Get(name) == "" {
							t.Errorf("no %s header", name)
						}
					}
					if tc.status == 405 && !strings.Contains(resp.Header.Get("Allow"), "POST") {
						t.Errorf("405 with Allow %q", resp.Header.Get("Allow"))
					}
					doc := apptest.Doc(t, resp)
					switch {
					case tc.page != nil:
						tc.page(t, doc)
					case htmx:
						frag := doc.Find("[data-testid=error-fragment]")
						if frag.Length() != 1 || doc.Find("html > body > header, main").Length() != 0 {
							t.Fatalf("htmx got no fragment: %.300s", doc.Text())
						}
						assertWords(t, frag, tc.title, tc.message)
						if resp.Header.Get("HX-Retarget") != "#toast" {
							t.Errorf("fragment retargeted to %q", resp.Header.Get("HX-Retarget"))
						}
					default:
						page := doc.Find("[data-testid=error-page]")
						if page.Length() != 1 {
							t.Fatalf("not the site's error page: %.300s", doc.Text())
						}
						assertWords(t, page, tc.title, tc.message)
					}
					if logged := w.s.Logs.String()[before:]; strings.Contains(logged, `"level":"ERROR"`) {
						t.Errorf("a %d logged an error: %s", tc.status, logged)
					}
				})
			}
		}
	})
}

func assertWords(t *testing.T, sel *goquery.Selection, title, message string) {
	t.Helper()
	if got := strings.TrimSpace(sel.Find("[data-testid=error-title]").Text()); got != title {
		t.Errorf("heading %q, want %q", got, title)
	}
	if got := sel.Find("[data-testid=error-message]").Text(); !strings.Contains(got, message) {
		t.Errorf("message %q, want %q", got, message)
	}
}

// sendRaw sends the case's request over a new connection, with the workspace's session
// (except to cases that bring their own cookie), and reads the answer.
func sendRaw(t *testing.T, base string, w *workspace, tc refusalCase, htmx bool) *http.Response {
	t.Helper()
	head, body := tc.request(w)
	head += "Host: " + strings.TrimPrefix(base, "http://") + "\r\nConnection: close\r\n"
	if !strings.Contains(head, "Cookie:") {
		var cookies []string
		for k, v := range w.c.Cookies {
			cookies = append(cookies, k+"="+v)
		}
		head += "Cookie: " + strings.Join(cookies, "; ") + "\r\n"
	}
	if htmx {
		head += "HX-Request: true\r\n"
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, head+"\r\n"+body); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestUnavailableIsARefusal: with the database gone, a staff page answers 503 with the
// site's own words, as a page and as a fragment.
func TestUnavailableIsARefusal(t *testing.T) {
	db := testdb.New(t, "postgres")
	proxy, viaProxy := testdb.NewProxy(t, db.URL)
	db.URL = viaProxy
	s := apptest.NewOn(t, db, nil)
	s.AddUser(t, staffEmail, "Sam", "staff", goodPass)
	c := s.Client(t)
	c.Login(staffEmail, goodPass)
	proxy.Down()
	defer proxy.Up()
	for _, htmx := range []bool{false, true} {
		var hdr []string
		if htmx {
			hdr = []string{"HX-Request", "true"}
		}
		resp := c.Get("/app/leads", hdr...)
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("htmx=%v: status %d", htmx, resp.StatusCode)
		}
		doc := apptest.Doc(t, resp)
		sel := doc.Find("[data-testid=error-page]")
		if htmx {
			sel = doc.Find("[data-testid=error-fragment]")
		}
		if sel.Length() != 1 {
			t.Fatalf("htmx=%v: %.300s", htmx, doc.Text())
		}
		assertWords(t, sel, "Temporarily unavailable", "We cannot reach our database right now.")
	}
}
