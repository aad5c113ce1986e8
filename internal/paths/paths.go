// Package paths holds every path of the site in one place: the patterns that
// handlers.Routes registers and the functions that build links to them, which the
// handlers and the templates share. Renaming a route is then one edit here, and the
// compiler finds every link that used it (pagoda reverses named routes; miniflux has
// {{ route "…" }}).
package paths

import (
	"net/url"
	"strconv"
	"strings"
)

// Public pages, and the paths every request may take.
const (
	Landing = "/"
	// LandingForm is where the landing page's lead form posts.
	LandingForm = "/leads"
	Thanks      = "/thanks"
	Login       = "/login"
	Logout      = "/logout"
	Setup       = "/setup"
	Healthz     = "/healthz"
	Readyz      = "/readyz"
	Favicon     = "/favicon.ico"
	// AssetPattern serves the embedded files; assets.Manifest builds their URLs.
	AssetPattern = "/assets/:name"
)

// The staff workspace. Every path under Workspace needs a staff session.
const (
	Workspace = "/app"
	// Dashboard is the workspace's first page.
	Dashboard = Workspace
	// Leads is the list; a query (models.LeadFilter.Encode) filters it.
	Leads    = Workspace + "/leads"
	LeadsCSV = Leads + ".csv"
	// LeadsBulk is where the list's selection posts a bulk action, for its confirm
	// step; the confirm page posts to LeadsBulkApply, which sends the person on to
	// LeadsBulkResult.
	LeadsBulk       = Leads + "/bulk"
	LeadsBulkApply  = LeadsBulk + "/apply"
	LeadsBulkResult = LeadsBulk + "/result"
	// SavedViews is where the list's sidebar saves the current filter as a view.
	SavedViews = Workspace + "/views"
	// NewLead is the form that enters a lead by hand; it posts to Leads.
	NewLead         = Leads + "/new"
	Account         = Workspace + "/account"
	AccountPassword = Account + "/password"
	// AccountTimeZone is where a user posts the zone their dates are shown in.
	AccountTimeZone = Account + "/time-zone"
	// AccountTokens lists the user's API tokens and makes new ones.
	AccountTokens = Account + "/tokens"
	// Users is the admins' part of the workspace.
	Users = Workspace + "/users"
	// Admin holds the admins' pages besides Users.
	Admin = Workspace + "/admin"
	// AdminMail lists the emails queued, retrying and failed.
	AdminMail = Admin + "/mail"
	// AdminWebhooks lists the webhook endpoints and adds new ones.
	AdminWebhooks = Admin + "/webhooks"
	// AdminExport gives everything stored about one email address as JSON.
	AdminExport = Admin + "/export"
	// Live is the stream of changes to leads (server-sent events) that open workspace
	// pages follow. Proxies must not buffer it.
	Live = Workspace + "/live"
)

// Patterns of the routes that name a record by :id. Links to them come from the
// functions below, which fill the id in.
const (
	LeadPattern       = Leads + "/:id"
	LeadEditPattern   = LeadPattern + "/edit"
	LeadDeletePattern = LeadPattern + "/delete"
	LeadStatusPattern = LeadPattern + "/status"
	LeadOwnerPattern  = LeadPattern + "/owner"
	LeadNotesPattern  = LeadPattern + "/notes"
	LeadErasePattern  = LeadPattern + "/erase"
	UserRolePattern   = Users + "/:id/role"
	// SavedViewPattern is one's own saved view: GET shows it to rename, share or
	// delete; POST renames it.
	SavedViewPattern       = SavedViews + "/:id"
	SavedViewSharePattern  = SavedViewPattern + "/share"
	SavedViewDeletePattern = SavedViewPattern + "/delete"
	UserActivePattern      = Users + "/:id/active"
	// AdminMailRetryPattern is where an admin retries one email job (:id is River's).
	AdminMailRetryPattern = AdminMail + "/:id/retry"
	// AccountTokenPattern: DELETE revokes a token (htmx); a form without JavaScript
	// posts to AccountTokenDeletePattern instead.
	AccountTokenPattern       = AccountTokens + "/:id"
	AccountTokenDeletePattern = AccountTokenPattern + "/delete"
	// AdminWebhookPattern is one endpoint with its delivery log; the others are its
	// buttons, each a POST.
	AdminWebhookPattern          = AdminWebhooks + "/:id"
	AdminWebhookTestPattern      = AdminWebhookPattern + "/test"
	AdminWebhookActivePattern    = AdminWebhookPattern + "/active"
	AdminWebhookDeletePattern    = AdminWebhookPattern + "/delete"
	AdminWebhookRedeliverPattern = AdminWebhookPattern + "/redeliver"
)

// The JSON API. Every path under API needs a token (Authorization: Bearer …) except
// APIToken, which trades a password for one, and OpenAPI, which describes them all.
// Patterns name parameters as OpenAPI does ({id}); the API's router (huma) turns them
// into Fiber's :id.
const (
	API      = "/api"
	APIv1    = API + "/v1"
	APIToken = APIv1 + "/auth/token"
	OpenAPI  = APIv1 + "/openapi.json"
	APILeads = APIv1 + "/leads"

	APILeadPattern        = APILeads + "/{id}"
	APILeadNotesPattern   = APILeadPattern + "/notes"
	APILeadHistoryPattern = APILeadPattern + "/history"
)

// APILead is a lead in the JSON API.
func APILead(id int64) string { return withParam(APILeadPattern, "{id}", id) }

// AccountToken is where htmx revokes a token.
func AccountToken(id int64) string { return withID(AccountTokenPattern, id) }

// AccountTokenDelete is where the tokens page without JavaScript revokes a token.
func AccountTokenDelete(id int64) string { return withID(AccountTokenDeletePattern, id) }

// Lead is a lead's page; PUT and DELETE on it edit and delete the lead.
func Lead(id int64) string { return withID(LeadPattern, id) }

// LeadEdit is the form that edits a lead.
func LeadEdit(id int64) string { return withID(LeadEditPattern, id) }

// LeadDelete is the step that confirms a delete, and where the form without
// JavaScript posts it.
func LeadDelete(id int64) string { return withID(LeadDeletePattern, id) }

// LeadErase is the step that confirms an erasure of the lead's personal data, and
// where its form posts.
func LeadErase(id int64) string { return withID(LeadErasePattern, id) }

// LeadStatus is where a lead's new status is posted.
func LeadStatus(id int64) string { return withID(LeadStatusPattern, id) }

// LeadOwner is where a lead's new owner is posted.
func LeadOwner(id int64) string { return withID(LeadOwnerPattern, id) }

// LeadNotes is where a note on a lead is posted.
func LeadNotes(id int64) string { return withID(LeadNotesPattern, id) }

// SavedView is the page of one's own saved view, and where its new name is posted.
func SavedView(id int64) string { return withID(SavedViewPattern, id) }

// SavedViewShare is where a view is shared with the team or kept to oneself.
func SavedViewShare(id int64) string { return withID(SavedViewSharePattern, id) }

// SavedViewDelete is where a view is deleted.
func SavedViewDelete(id int64) string { return withID(SavedViewDeletePattern, id) }

// UserRole is where an admin posts a user's new role.
func UserRole(id int64) string { return withID(UserRolePattern, id) }

// UserActive is where an admin deactivates or reactivates a user.
func UserActive(id int64) string { return withID(UserActivePattern, id) }

// AdminMailRetry is where an admin posts to send a failed email again.
func AdminMailRetry(id int64) string { return withID(AdminMailRetryPattern, id) }

// AdminWebhook is an endpoint's page with its delivery log.
func AdminWebhook(id int64) string { return withID(AdminWebhookPattern, id) }

// AdminWebhookTest is where an admin posts to send an endpoint a test event.
func AdminWebhookTest(id int64) string { return withID(AdminWebhookTestPattern, id) }

// AdminWebhookActive is where an admin posts to disable or enable an endpoint.
func AdminWebhookActive(id int64) string { return withID(AdminWebhookActivePattern, id) }

// AdminWebhookDelete is where an admin posts to delete an endpoint.
func AdminWebhookDelete(id int64) string { return withID(AdminWebhookDeletePattern, id) }

// AdminWebhookRedeliver is where an admin posts a logged delivery (its id in the form)
// to send its event again.
func AdminWebhookRedeliver(id int64) string { return withID(AdminWebhookRedeliverPattern, id) }

// WithQuery is path followed by an encoded query, or path alone when the query is
// empty: a link never ends in a bare "?".
func WithQuery(path, query string) string {
	if query == "" {
		return path
	}
	return path + "?" + query
}

// Matches reports whether path is an instance of pattern: the same segments, with a
// positive number wherever the pattern has :id.
func Matches(pattern, path string) bool {
	want, got := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(want) != len(got) {
		return false
	}
	for i, seg := range want {
		if seg == ":id" {
			if id, err := strconv.ParseInt(got[i], 10, 64); err != nil || id <= 0 || got[i][0] == '+' {
				return false
			}
		} else if seg != got[i] {
			return false
		}
	}
	return true
}

// withID fills a pattern's :id in.
func withID(pattern string, id int64) string { return withParam(pattern, ":id", id) }

func withParam(pattern, param string, id int64) string {
	return strings.Replace(pattern, param, strconv.FormatInt(id, 10), 1)
}

// LiveSince is the live stream for a page rendered when the last change its instance
// had seen was id: a change between the render and the stream's start is not missed.
func LiveSince(id string) string {
	if id == "" {
		return Live
	}
	return Live + "?since=" + url.QueryEscape(id)
}
