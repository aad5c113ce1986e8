package jobs_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/jobs"
	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

// TestWebhookEvents: an edit that changes the owner is lead.updated and lead.assigned;
// a delete is lead.deleted with no lead; an endpoint gets only what it subscribes to.
func TestWebhookEvents(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := hookSite(t, dialect, nil)
		all, created := newReceiver(t, 0), newReceiver(t, 0)
		addHook(t, s, all.URL, models.FormatJSON, models.WebhookEvents()...)
		addHook(t, s, created.URL, models.FormatJSON, models.EventLeadCreated)
		sam := s.AddUser(t, "sam@example.com", "Sam Staff", models.RoleStaff, "a long enough password")
		post(t, s, lead())
		id := newestLeadID(t, s)
		if _, err := s.Store.UpdateLead(ctx, id, 1, sam.ID, func(l *models.Lead) { l.OwnerID = &sam.ID }); err != nil {
			t.Fatal(err)
		}
		if err := s.Store.DeleteLead(ctx, id); err != nil {
			t.Fatal(err)
		}
		waitUntil(t, "every job is completed", func() bool { return jobCount(t, s, jobs.KindWebhook, "completed") == 5 }, nil)
		var events []string
		for _, r := range all.requests() {
			var p struct {
				Event  string         `json:"event"`
				LeadID int64          `json:"lead_id"`
				Lead   map[string]any `json:"lead"`
			}
			if err := json.Unmarshal(r.body, &p); err != nil || p.LeadID != id {
				t.Fatalf("%s: %v", r.body, err)
			}
			// The lead is read when it is sent: null once it is deleted.
			if p.Event == "lead.deleted" && p.Lead != nil {
				t.Errorf("%s: lead %v", p.Event, p.Lead)
			}
			events = append(events, p.Event)
		}
		slices.Sort(events)
		if want := []string{"lead.assigned", "lead.created", "lead.deleted", "lead.updated"}; !slices.Equal(events, want) {
			t.Errorf("events %v, want %v", events, want)
		}
		if n := len(created.requests()); n != 1 || created.requests()[0].header.Get("Leadline-Event") != "lead.created" {
			t.Errorf("%d requests to the lead.created endpoint", n)
		}
	})
}

// TestWebhookSavedOnAnotherInstance: an endpoint receives the leads of the instance it
// was saved on at once, and another instance's once that instance has read the
// subscriptions again (store.SubscriptionsTTL), though it had read "none" before.
func TestWebhookSavedOnAnotherInstance(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		db := testdb.New(t, dialect)
		env := map[string]string{"LEADLINE_WEBHOOK_ALLOW_PRIVATE": "true"}
		here, there := apptest.NewOn(t, db, env), apptest.NewOn(t, db, env)
		here.StartJobs()
		post(t, there, lead("name", "Before any endpoint"))
		rcv := newReceiver(t, 0)
		addHook(t, here, rcv.URL, models.FormatJSON, models.EventLeadCreated)
		post(t, here, lead("name", "Posted here"))
		there.Clock.Advance(store.SubscriptionsTTL)
		post(t, there, lead("name", "Posted there"))
		var names []string
		for _, r := range waitRequests(t, here, rcv, 2) {
			var p struct {
				Lead struct {
					Name string `json:"name"`
				} `json:"lead"`
			}
			if err := json.Unmarshal(r.body, &p); err != nil {
				t.Fatal(err)
			}
			names = append(names, p.Lead.Name)
		}
		slices.Sort(names)
		if want := []string{"Posted here", "Posted there"}; !slices.Equal(names, want) {
			t.Fatalf("delivered %v, want %v", names, want)
		}
	})
}

// TestWebhookSlack: a Slack endpoint gets one sentence with a link, what the visitor
// typed escaped.
func TestWebhookSlack(t *testing.T) {
	s := hookSite(t, "sqlite", nil)
	r := newReceiver(t, 0)
	addHook(t, s, r.URL, models.FormatSlack, models.EventLeadCreated)
	post(t, s, lead("name", "Ada <@channel>"))
	id := newestLeadID(t, s)
	got := waitRequests(t, s, r, 1)[0]
	var msg map[string]string
	if err := json.Unmarshal(got.body, &msg); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("New lead: Ada &lt;@channel&gt; (Analytical Engines Ltd) – ada@example.com. <https://leads.example.com/app/leads/%d|Open it in Leadline>", id)
	if len(msg) != 1 || msg["text"] != want {
		t.Fatalf("body %s\nwant text %q", got.body, want)
	}
}

// TestWebhookPrivateRefused: without LEADLINE_WEBHOOK_ALLOW_PRIVATE an endpoint on
// loopback (stored past the form's check, as a rebinding name would be) is refused
// when the connection is made; the log says why and the receiver hears nothing.
func TestWebhookPrivateRefused(t *testing.T) {
	s := hookSite(t, "sqlite", map[string]string{"LEADLINE_WEBHOOK_ALLOW_PRIVATE": "false"})
	r := newReceiver(t, 0)
	hook := addHook(t, s, r.URL, models.FormatJSON, models.EventLeadCreated)
	post(t, s, lead())
	waitUntil(t, "the attempt is logged", func() bool { return len(deliveries(t, s, hook.ID)) == 1 }, nil)
	log := deliveries(t, s, hook.ID)[0]
	if log.StatusCode != 0 || !strings.Contains(log.Error, "refused to connect: 127.0.0.1 is a loopback address") {
		t.Fatalf("log %+v", log)
	}
	if n := len(r.requests()); n != 0 {
		t.Fatalf("%d requests reached the loopback receiver", n)
	}
}
