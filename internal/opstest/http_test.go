package opstest

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// get requests path from the instance with the cookies given; the body is read and
// closed.
func get(t *testing.T, in *instance, path string, cookies []*http.Cookie) *response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, in.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req, cookies)
}

// postForm posts values to path on the instance with the cookies given.
func postForm(t *testing.T, in *instance, path string, cookies []*http.Cookie, values url.Values, headers ...string) *response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, in.URL+path, strings.NewReader(values.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return do(t, req, cookies)
}

// response is an answer with its body read.
type response struct {
	*http.Response
	Body string
}

func do(t *testing.T, req *http.Request, cookies []*http.Cookie) *response {
	t.Helper()
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	return &response{Response: resp, Body: string(b)}
}

// sessionCookie is the session cookie an answer set.
func sessionCookie(t *testing.T, r *response) []*http.Cookie {
	t.Helper()
	for _, c := range r.Cookies() {
		if c.Name == "id" && c.Value != "" {
			return []*http.Cookie{{Name: c.Name, Value: c.Value}}
		}
	}
	t.Fatalf("no session cookie in the answer (%d)", r.StatusCode)
	return nil
}

var csrfInHeaders = regexp.MustCompile(`"X-CSRF-Token":"([A-Za-z0-9_-]+)"`)

type csrf struct {
	token   string
	cookies []*http.Cookie
}

// csrfToken is the CSRF token a staff page carries for htmx, with the cookie that
// goes with it.
func csrfToken(t *testing.T, page *response) csrf {
	t.Helper()
	m := csrfInHeaders.FindStringSubmatch(strings.ReplaceAll(page.Body, "&#34;", `"`))
	if m == nil {
		t.Fatalf("no CSRF token on the page (%d)", page.StatusCode)
	}
	out := csrf{token: m[1]}
	for _, c := range page.Cookies() {
		if c.Name == "csrf" {
			out.cookies = append(out.cookies, &http.Cookie{Name: c.Name, Value: c.Value})
		}
	}
	return out
}
