package apptest

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/password"
	"github.com/leadline/leadline/models"
)

// Client is one browser's cookies in front of the site: it sends them with every
// request and keeps what the site sets, as a browser would.
type Client struct {
	site    *Site
	tb      testing.TB
	Cookies map[string]string
}

// Client returns a client with no cookies.
func (s *Site) Client(tb testing.TB) *Client {
	return &Client{site: s, tb: tb, Cookies: map[string]string{}}
}

// Do sends req with the client's cookies and keeps the cookies of the answer.
func (c *Client) Do(req *http.Request) *http.Response {
	c.tb.Helper()
	for k, v := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	resp, err := c.site.Fiber.Test(req, -1)
	if err != nil {
		c.tb.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.Cookies, ck.Name)
			continue
		}
		c.Cookies[ck.Name] = ck.Value
	}
	return resp
}

// Get requests path with optional header pairs.
func (c *Client) Get(path string, headers ...string) *http.Response {
	c.tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, path, nil)
	setHeaders(req, headers)
	return c.Do(req)
}

// PostForm posts values to path with optional header pairs.
func (c *Client) PostForm(path string, values url.Values, headers ...string) *http.Response {
	c.tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, path, strings.NewReader(values.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	setHeaders(req, headers)
	return c.Do(req)
}

// Login signs in and fails the test unless it worked.
func (c *Client) Login(email, pass string) {
	c.tb.Helper()
	resp := c.PostForm("/login", url.Values{"email": {email}, "password": {pass}})
	if resp.StatusCode != http.StatusSeeOther {
		c.tb.Fatalf("sign in as %s: status %d", email, resp.StatusCode)
	}
}

var csrfInHeaders = regexp.MustCompile(`"X-CSRF-Token":"([A-Za-z0-9_-]+)"`)

// CSRF loads a staff page and returns the CSRF token it carries for htmx.
func (c *Client) CSRF() string {
	c.tb.Helper()
	body := Body(c.tb, c.Get("/app/account"))
	m := csrfInHeaders.FindStringSubmatch(strings.ReplaceAll(body, "&#34;", `"`))
	if m == nil {
		c.tb.Fatalf("no CSRF token on /app/account")
	}
	return m[1]
}

// AddUser creates an active user with a password and returns the user.
func (s *Site) AddUser(tb testing.TB, email, name string, role models.Role, pass string) *models.User {
	tb.Helper()
	h, err := password.New(4)
	if err != nil {
		tb.Fatal(err)
	}
	hash, err := h.Hash(pass)
	if err != nil {
		tb.Fatal(err)
	}
	u := &models.User{Email: email, Name: name, Role: role, Active: true, PasswordHash: hash}
	if err := s.Store.CreateUser(context.Background(), u); err != nil {
		tb.Fatalf("add user %s: %v", email, err)
	}
	return u
}

// PutForm sends values with PUT, as htmx's hx-put does.
func (c *Client) PutForm(path string, values url.Values, headers ...string) *http.Response {
	c.tb.Helper()
	req, _ := http.NewRequest(http.MethodPut, path, strings.NewReader(values.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	setHeaders(req, headers)
	if req.Header.Get("X-CSRF-Token") == "" && values.Get("_csrf") != "" {
		req.Header.Set("X-CSRF-Token", values.Get("_csrf"))
	}
	return c.Do(req)
}
