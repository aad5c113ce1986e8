package handlers_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
)

// TestAPIRefusals walks every refusal of the API and checks its status, its code and
// the one error shape, from huma's checks and from Fiber's alike.
func TestAPIRefusals(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		lead := seedLead(t, s, "Ada", "ada@example.com", "", "")
		c := apiSignIn(t, s, staffEmail, goodPass)
		for _, tc := range apiRefusalCases(fmt.Sprintf("/api/v1/leads/%d", lead.ID)) {
			t.Run(tc.name, func(t *testing.T) { checkAPIRefusal(t, c, tc) })
		}
		if strings.Contains(s.Logs.String(), `"level":"ERROR"`) {
			t.Errorf("a refusal was logged as an error:\n%s", s.Logs.String())
		}

		// Past the server's own limit the body is refused before any handler, by
		// Fiber, through the site's error path: the same shape.
		t.Run("OverServerLimit", func(t *testing.T) { overServerLimitRefused(t, s, c.token) })
	})
}

// apiRefusal is one request the API refuses, and how: status, code, and the field the
// error names, if any.
type apiRefusal struct {
	name, method, path, body string
	headers                  []string
	status                   int
	code, field              string
}

// apiRefusalCases are TestAPIRefusals' requests; one is the path of a stored lead.
func apiRefusalCases(one string) []apiRefusal {
	return []apiRefusal{
		{name: "Malformed", method: "POST", path: "/api/v1/leads", body: `{"name":"Ada",`, status: 400, code: "bad_request", field: "body"},
		{name: "NotAnObject", method: "PATCH", path: one, body: `[1,2]`, status: 422, code: "unprocessable_entity"},
		{name: "NoBody", method: "POST", path: "/api/v1/leads", status: 400, code: "bad_request"},
		{name: "TooLarge", method: "POST", path: "/api/v1/leads", body: `{"name":"` + strings.Repeat("a", 70<<10) + `"}`, status: 413, code: "request_entity_too_large"},
		{name: "FormContentType", method: "POST", path: "/api/v1/leads", body: `name=Ada`, headers: []string{"Content-Type", "application/x-www-form-urlencoded"}, status: 415, code: "unsupported_media_type"},
		{name: "TextContentType", method: "PATCH", path: one, body: `{"version":1}`, headers: []string{"Content-Type", "text/plain"}, status: 415, code: "unsupported_media_type"},
		{name: "IDNotANumber", method: "GET", path: "/api/v1/leads/ada", status: 404, code: "not_found"},
		{name: "IDTooLarge", method: "PATCH", path: "/api/v1/leads/99999999999999999999", body: `{"version":1}`, status: 404, code: "not_found"},
		{name: "NoSuchLead", method: "GET", path: "/api/v1/leads/987654", status: 404, code: "not_found"},
		{name: "NoSuchLeadNotes", method: "POST", path: "/api/v1/leads/987654/notes", body: `{"body":"hi"}`, status: 404, code: "not_found"},
		{name: "UnknownPath", method: "GET", path: "/api/v1/contacts", status: 404, code: "not_found"},
		{name: "OtherVersion", method: "GET", path: "/api/v2/leads", status: 404, code: "not_found"},
		{name: "WrongMethod", method: "PUT", path: one, body: `{}`, status: 405, code: "method_not_allowed"},
		{name: "StaleVersion", method: "PATCH", path: one, body: `{"version":7}`, status: 409, code: "conflict"},
		{name: "UnknownField", method: "PATCH", path: one, body: `{"version":1,"Version":2,"colour":"red"}`, status: 422, code: "unprocessable_entity", field: "colour"},
	}
}

// checkAPIRefusal sends tc's request and holds the answer to tc, the Allow header of a
// 405 and the no-store of every refusal.
func checkAPIRefusal(t *testing.T, c *apiClient, tc apiRefusal) {
	a := c.send(tc.method, tc.path, tc.body, tc.headers...)
	code, _, fields := apiErrorOf(t, a)
	if a.status != tc.status || code != tc.code {
		t.Fatalf("status %d code %q, want %d %q: %s", a.status, code, tc.status, tc.code, a.raw)
	}
	if tc.field != "" && fields[tc.field] == nil {
		t.Errorf("fields %v do not name %s", fields, tc.field)
	}
	if tc.status == 405 && a.header.Get("Allow") == "" {
		t.Error("405 without Allow")
	}
	if a.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", a.header.Get("Cache-Control"))
	}
}

// overServerLimitRefused announces a body past the server's limit on a raw connection
// and expects the API's 413 in the one error shape.
func overServerLimitRefused(t *testing.T, s *apptest.Site, token string) {
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.Listen(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/leads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", token, 2<<20)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	code, _, _ := apiErrorOf(t, apiAnswer{status: resp.StatusCode, header: resp.Header, raw: raw})
	if resp.StatusCode != 413 || code != "request_entity_too_large" {
		t.Errorf("status %d: %s", resp.StatusCode, raw)
	}
}
