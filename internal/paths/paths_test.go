package paths

import (
	"strings"
	"testing"
)

func TestBuildersFillTheirPattern(t *testing.T) {
	for _, tc := range []struct {
		name    string
		build   func(int64) string
		pattern string
		want    string
	}{
		{"Lead", Lead, LeadPattern, "/app/leads/42"},
		{"LeadEdit", LeadEdit, LeadEditPattern, "/app/leads/42/edit"},
		{"LeadDelete", LeadDelete, LeadDeletePattern, "/app/leads/42/delete"},
		{"LeadStatus", LeadStatus, LeadStatusPattern, "/app/leads/42/status"},
		{"LeadOwner", LeadOwner, LeadOwnerPattern, "/app/leads/42/owner"},
		{"LeadNotes", LeadNotes, LeadNotesPattern, "/app/leads/42/notes"},
		{"UserRole", UserRole, UserRolePattern, "/app/users/42/role"},
		{"SavedView", SavedView, SavedViewPattern, "/app/views/42"},
		{"SavedViewShare", SavedViewShare, SavedViewSharePattern, "/app/views/42/share"},
		{"SavedViewDelete", SavedViewDelete, SavedViewDeletePattern, "/app/views/42/delete"},
		{"UserActive", UserActive, UserActivePattern, "/app/users/42/active"},
		{"AdminWebhook", AdminWebhook, AdminWebhookPattern, "/app/admin/webhooks/42"},
		{"AdminWebhookTest", AdminWebhookTest, AdminWebhookTestPattern, "/app/admin/webhooks/42/test"},
		{"AdminWebhookActive", AdminWebhookActive, AdminWebhookActivePattern, "/app/admin/webhooks/42/active"},
		{"AdminWebhookDelete", AdminWebhookDelete, AdminWebhookDeletePattern, "/app/admin/webhooks/42/delete"},
		{"AdminWebhookRedeliver", AdminWebhookRedeliver, AdminWebhookRedeliverPattern, "/app/admin/webhooks/42/redeliver"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.build(42)
			if got != tc.want {
				t.Errorf("%s(42) = %q, want %q", tc.name, got, tc.want)
			}
			if !Matches(tc.pattern, got) {
				t.Errorf("%q does not match its pattern %q", got, tc.pattern)
			}
			if !strings.HasPrefix(got, Workspace+"/") {
				t.Errorf("%q is outside the workspace, where no session guards it", got)
			}
		})
	}
}

func TestMatches(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{LeadPattern, "/app/leads/7", true},
		{LeadPattern, "/app/leads/0", false},
		{LeadPattern, "/app/leads/-7", false},
		{LeadPattern, "/app/leads/+7", false},
		{LeadPattern, "/app/leads/x", false},
		{LeadPattern, "/app/leads/", false},
		{LeadPattern, "/app/leads/7/edit", false},
		{LeadPattern, "/app/leads", false},
		{LeadEditPattern, "/app/leads/7/edit", true},
		{LeadEditPattern, "/app/leads/7/delete", false},
		{Leads, "/app/leads", true},
		{Leads, "/app/leadsx", false},
	} {
		if got := Matches(tc.pattern, tc.path); got != tc.want {
			t.Errorf("Matches(%q, %q) = %v, want %v", tc.pattern, tc.path, got, tc.want)
		}
	}
}

func TestWithQuery(t *testing.T) {
	if got := WithQuery(Leads, ""); got != "/app/leads" {
		t.Errorf("empty query: %q", got)
	}
	if got := WithQuery(Leads, "q=ada&status=new"); got != "/app/leads?q=ada&status=new" {
		t.Errorf("query: %q", got)
	}
}

func TestStaffPathsAreInTheWorkspace(t *testing.T) {
	for _, p := range []string{Dashboard, Leads, LeadsCSV, NewLead, Account, AccountPassword, Users} {
		if p != Workspace && !strings.HasPrefix(p, Workspace+"/") {
			t.Errorf("%q is outside %q, where the session check does not reach", p, Workspace)
		}
	}
}
