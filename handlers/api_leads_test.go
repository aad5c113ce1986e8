package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
)

// TestAPILeadLifecycle is the README's script: sign in, create, list with a filter,
// change with the version, a stale change, a note, the history, delete.
func TestAPILeadLifecycle(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, admin, staff := staffSite(t, dialect, nil)
		seedLead(t, s, "Landing Lead", "landing@example.com", "", "")
		l := &apiLeadScript{t: t, s: s, c: apiSignIn(t, s, staffEmail, goodPass), staff: staff}
		l.createAndGet()
		l.listWithFilters()
		l.patchWithVersion(admin)
		l.staleThenClear()
		l.noteAndHistory()
		l.deleteAndGone()
	})
}

// apiLeadScript is one staff member's token through TestAPILeadLifecycle; each method is
// a step of the README's script, in order, on the lead the first one creates.
type apiLeadScript struct {
	t     *testing.T
	s     *apptest.Site
	c     *apiClient
	staff *models.User
	id    int64
}

// path is the lead's address in the API, with an optional tail such as "/notes".
func (l *apiLeadScript) path(tail string) string {
	return fmt.Sprintf("/api/v1/leads/%d%s", l.id, tail)
}

// createAndGet: the created lead is trimmed, carries what was sent and its creator, and
// reads back.
func (l *apiLeadScript) createAndGet() {
	t, c := l.t, l.c
	created := c.must(http.StatusCreated, "POST", "/api/v1/leads",
		`{"name":" Grace Hopper ","email":"grace@navy.example","company":"Compilers Inc","status":"contacted","utm_source":"partner"}`)
	l.id = int64(created["id"].(float64))
	if created["name"] != "Grace Hopper" || created["status"] != "contacted" || created["version"] != 1.0 ||
		created["created_by"] != float64(l.staff.ID) || created["utm_source"] != "partner" || created["owner_id"] != nil {
		t.Errorf("created %v", created)
	}
	got := c.must(http.StatusOK, "GET", l.path(""), "")
	if got["email"] != "grace@navy.example" {
		t.Errorf("get %v", got)
	}
}

// listWithFilters: a filter, a page sorted by name, and owner=me before any owner.
func (l *apiLeadScript) listWithFilters() {
	t, c := l.t, l.c
	list := c.must(http.StatusOK, "GET", "/api/v1/leads?status=contacted&q=grace", "")
	if list["total"] != 1.0 || list["page"] != 1.0 || list["per_page"] != 25.0 || len(list["data"].([]any)) != 1 {
		t.Errorf("filtered list %v", list)
	}
	all := c.must(http.StatusOK, "GET", "/api/v1/leads?per_page=1&page=2&sort=name", "")
	if all["total"] != 2.0 || all["data"].([]any)[0].(map[string]any)["name"] != "Landing Lead" {
		t.Errorf("second page by name %v", all)
	}
	if none := c.must(http.StatusOK, "GET", "/api/v1/leads?owner=me", ""); len(none["data"].([]any)) != 0 {
		t.Errorf("owner=me before assigning: %v", none)
	}
}

// patchWithVersion changes several fields at once, giving the lead to admin, and keeps
// the ones not sent.
func (l *apiLeadScript) patchWithVersion(admin *models.User) {
	patched := l.c.must(http.StatusOK, "PATCH", l.path(""),
		fmt.Sprintf(`{"version":1,"status":"qualified","owner_id":%d,"next_action_at":"2030-01-31","phone":"+1 555 0100"}`, admin.ID))
	if patched["version"] != 2.0 || patched["status"] != "qualified" || patched["owner_name"] != "Ada Admin" ||
		patched["next_action_at"] != "2030-01-31" || patched["phone"] != "+1 555 0100" || patched["company"] != "Compilers Inc" {
		l.t.Errorf("patched %v", patched)
	}
}

// staleThenClear: a stale version is a conflict carrying the current lead; nulls clear
// the owner and the date; an empty patch keeps the version.
func (l *apiLeadScript) staleThenClear() {
	t, c := l.t, l.c
	stale := c.send("PATCH", l.path(""), `{"version":1,"company":"Overwritten"}`)
	if code, _, _ := apiErrorOf(t, stale); stale.status != http.StatusConflict || code != "conflict" {
		t.Fatalf("stale patch: %d %s", stale.status, stale.raw)
	}
	if cur := stale.json(t)["current"].(map[string]any); cur["version"] != 2.0 || cur["company"] != "Compilers Inc" {
		t.Errorf("conflict's current lead %v", cur)
	}

	cleared := c.must(http.StatusOK, "PATCH", l.path(""), `{"version":2,"owner_id":null,"next_action_at":null}`)
	if cleared["owner_id"] != nil || cleared["next_action_at"] != nil || cleared["version"] != 3.0 {
		t.Errorf("cleared %v", cleared)
	}
	same := c.must(http.StatusOK, "PATCH", l.path(""), `{"version":3}`)
	if same["version"] != 3.0 {
		t.Errorf("an empty patch moved the version: %v", same)
	}
}

// noteAndHistory: the note and every history entry are the token's user's, and the
// history holds each field the patch changed.
func (l *apiLeadScript) noteAndHistory() {
	t, c := l.t, l.c
	note := c.must(http.StatusCreated, "POST", l.path("/notes"), `{"body":"Called: wants a demo."}`)
	if note["author_id"] != float64(l.staff.ID) || note["author_name"] != "Sam Staff" || note["body"] != "Called: wants a demo." {
		t.Errorf("note %v", note)
	}
	notes := c.must(http.StatusOK, "GET", l.path("/notes"), "")
	if len(notes["data"].([]any)) != 1 {
		t.Errorf("notes %v", notes)
	}

	history := c.must(http.StatusOK, "GET", l.path("/history"), "")
	fields := map[string]bool{}
	for _, e := range history["data"].([]any) {
		ev := e.(map[string]any)
		fields[ev["field"].(string)] = true
		if ev["user_id"] != float64(l.staff.ID) || ev["user_name"] != "Sam Staff" {
			t.Errorf("history entry not by the token's user: %v", ev)
		}
	}
	for _, f := range []string{"status", "owner", "next_action_at", "phone"} {
		if !fields[f] {
			t.Errorf("history lacks %s: %v", f, history)
		}
	}
}

// deleteAndGone: after the delete the lead, its notes and history are 404, a second
// delete too, and the store no longer has it.
func (l *apiLeadScript) deleteAndGone() {
	t, c := l.t, l.c
	c.must(http.StatusNoContent, "DELETE", l.path(""), "")
	for _, p := range []string{"", "/notes", "/history"} {
		if a := c.send("GET", l.path(p), ""); a.status != http.StatusNotFound {
			t.Errorf("GET after delete %s: %d", p, a.status)
		}
	}
	if a := c.send("DELETE", l.path(""), ""); a.status != http.StatusNotFound {
		t.Errorf("second delete: %d", a.status)
	}
	if _, err := l.s.Store.Lead(context.Background(), l.id); err == nil {
		t.Error("the lead is still stored")
	}
}

// TestAPIValidation refuses what the workspace refuses, with the models' messages, and
// stores nothing.
func TestAPIValidation(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		gone := s.AddUser(t, "gone@example.com", "Gone", models.RoleStaff, goodPass)
		if _, err := s.Store.SetActive(context.Background(), gone.ID, false); err != nil {
			t.Fatal(err)
		}
		lead := seedLead(t, s, "Ada", "ada@example.com", "", "")
		c := apiSignIn(t, s, staffEmail, goodPass)
		for _, tc := range []struct {
			name, method, path, body, field, message string
		}{
			{"BadEmail", "POST", "/api/v1/leads", `{"name":"Ada","email":"not an address"}`, "email", "Enter an email address in the correct format, like name@example.com"},
			{"EmptyName", "POST", "/api/v1/leads", `{"name":"  ","email":"a@example.com"}`, "name", "Enter your name"},
			{"UnknownStatus", "POST", "/api/v1/leads", `{"name":"Ada","email":"a@example.com","status":"archived"}`, "status", "Choose a status from the list"},
			{"InactiveOwner", "POST", "/api/v1/leads", fmt.Sprintf(`{"name":"Ada","email":"a@example.com","owner_id":%d}`, gone.ID), "owner_id", "Choose an active staff user as the owner"},
			{"NoSuchOwner", "POST", "/api/v1/leads", `{"name":"Ada","email":"a@example.com","owner_id":987654}`, "owner_id", "Choose an active staff user as the owner"},
			{"BadDate", "POST", "/api/v1/leads", `{"name":"Ada","email":"a@example.com","next_action_at":"31/01/2030"}`, "next_action_at", "Enter the follow-up date as a date, like 2026-12-01"},
			{"TooLong", "POST", "/api/v1/leads", fmt.Sprintf(`{"name":"%0201d","email":"a@example.com"}`, 0), "name", "Name must be 200 characters or fewer"},
			{"NUL", "POST", "/api/v1/leads", `{"name":"Ada\u0000","email":"a@example.com"}`, "name", "Name contains characters that are not allowed"},
			{"InvalidUTF8", "POST", "/api/v1/leads", "{\"name\":\"Ad\xff\",\"email\":\"a@example.com\"}", "name", "Contains characters that are not valid text"},
			{"Markup", "POST", "/api/v1/leads", `{"name":"Ada","email":"<script>@example.com"}`, "email", "Enter an email address in the correct format, like name@example.com"},
			{"PatchBadStatus", "PATCH", fmt.Sprintf("/api/v1/leads/%d", lead.ID), `{"version":1,"status":"archived"}`, "status", "Choose a status from the list"},
			{"PatchEmptyEmail", "PATCH", fmt.Sprintf("/api/v1/leads/%d", lead.ID), `{"version":1,"email":""}`, "email", "Enter your email address"},
			{"PatchNoVersion", "PATCH", fmt.Sprintf("/api/v1/leads/%d", lead.ID), `{"name":"Ada"}`, "version", "expected required property version to be present"},
			{"EmptyNote", "POST", fmt.Sprintf("/api/v1/leads/%d/notes", lead.ID), `{"body":" "}`, "body", "Write something in the note"},
			{"BadFilter", "GET", "/api/v1/leads?per_page=500", "", "per_page", "Per page is a whole number from 1 to 100"},
			{"UnknownParameter", "GET", "/api/v1/leads?stauts=new", "", "stauts", "unknown query parameter"},
			{"UnknownField", "POST", "/api/v1/leads", `{"name":"Ada","email":"a@example.com","id":7,"created_by":1}`, "id", "unexpected property"},
			{"WrongType", "POST", "/api/v1/leads", `{"name":"Ada","email":"a@example.com","owner_id":"me"}`, "owner_id", "expected integer"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a := c.send(tc.method, tc.path, tc.body)
				code, _, fields := apiErrorOf(t, a)
				if a.status != http.StatusUnprocessableEntity || code != "unprocessable_entity" {
					t.Fatalf("status %d: %s", a.status, a.raw)
				}
				if fields[tc.field] != tc.message {
					t.Errorf("fields %v, want %s: %q", fields, tc.field, tc.message)
				}
			})
		}
		if n, err := s.Store.CountLeads(context.Background()); err != nil || n != 1 {
			t.Errorf("%d leads stored after refusals (%v)", n, err)
		}
		if l, _ := s.Store.Lead(context.Background(), lead.ID); l.Version != 1 {
			t.Errorf("a refused patch changed the lead: %+v", l)
		}
	})
}
