package handlers_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
)

// apiClient calls the JSON API with a token, as a script would.
type apiClient struct {
	t     *testing.T
	s     *apptest.Site
	token string
}

// apiAnswer is a response of the API with its body read.
type apiAnswer struct {
	status int
	header http.Header
	raw    []byte
}

// json decodes the body into a map; it fails the test unless the body is an object.
func (a apiAnswer) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.raw, &m); err != nil {
		t.Fatalf("status %d, body %q: %v", a.status, a.raw, err)
	}
	return m
}

// apiSignIn trades a password for a token and fails the test unless that works.
func apiSignIn(t *testing.T, s *apptest.Site, email, password string) *apiClient {
	t.Helper()
	c := &apiClient{t: t, s: s}
	a := c.send(http.MethodPost, "/api/v1/auth/token", `{"email":`+quote(email)+`,"password":`+quote(password)+`}`)
	if a.status != http.StatusCreated {
		t.Fatalf("sign in as %s: %d %s", email, a.status, a.raw)
	}
	c.token = a.json(t)["token"].(string)
	return c
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// send sends a request with a JSON body ("" for none) and the client's token.
func (c *apiClient) send(method, path, body string, headers ...string) apiAnswer {
	c.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp := c.s.Do(req)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return apiAnswer{status: resp.StatusCode, header: resp.Header, raw: raw}
}

// must sends a request and fails the test unless it answers want; it returns the body.
func (c *apiClient) must(want int, method, path, body string) map[string]any {
	c.t.Helper()
	a := c.send(method, path, body)
	if a.status != want {
		c.t.Fatalf("%s %s: status %d, want %d: %s", method, path, a.status, want, a.raw)
	}
	if want == http.StatusNoContent {
		return nil
	}
	return a.json(c.t)
}

// apiErrorOf checks that a refusal has the API's one error shape, and nothing else,
// and returns its code, message and fields.
func apiErrorOf(t *testing.T, a apiAnswer) (code, message string, fields map[string]any) {
	t.Helper()
	if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	m := a.json(t)
	e, ok := m["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error object in %s", a.raw)
	}
	for k := range m {
		if k != "error" && k != "current" {
			t.Errorf("unexpected key %q in %s", k, a.raw)
		}
	}
	if len(e) != 3 {
		t.Errorf("error object %s has other keys than code, message and fields", a.raw)
	}
	code, _ = e["code"].(string)
	message, _ = e["message"].(string)
	fields, ok = e["fields"].(map[string]any)
	if code == "" || message == "" || !ok {
		t.Fatalf("error without code, message or fields: %s", a.raw)
	}
	return code, message, fields
}
