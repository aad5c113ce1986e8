package store_test

import (
	"context"
	"testing"

	"github.com/jonboulle/clockwork"
	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
)

// TestSubscribed: this instance's webhook writes show at once; another instance's show
// once SubscriptionsTTL has passed on its clock, never before.
func TestSubscribed(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		here, db := MustOpen(t, dialect)
		clock := clockwork.NewFakeClock()
		opts := options(db)
		opts.Clock = clock
		there, err := store.Open(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { there.Close() })
		subscribed := func(s *store.Store, event string, want bool, when string) {
			t.Helper()
			if got, err := s.Subscribed(ctx, event); err != nil || got != want {
				t.Fatalf("%s: %s subscribed %v (%v), want %v", when, event, got, err, want)
			}
		}
		subscribed(here, models.EventLeadCreated, false, "no endpoint")
		subscribed(there, models.EventLeadCreated, false, "no endpoint, the other instance")

		w := &models.Webhook{URL: "https://crm.example/hook", Events: []string{models.EventLeadCreated},
			Format: models.FormatJSON, Secret: "whsec_1", Active: true}
		if err := here.CreateWebhook(ctx, w); err != nil {
			t.Fatal(err)
		}
		subscribed(here, models.EventLeadCreated, true, "saved here")
		subscribed(here, models.EventLeadDeleted, false, "an event it does not take")
		subscribed(there, models.EventLeadCreated, false, "within the TTL on the other instance")
		clock.Advance(store.SubscriptionsTTL)
		subscribed(there, models.EventLeadCreated, true, "after the TTL on the other instance")

		if err := here.SetWebhookActive(ctx, w.ID, false); err != nil {
			t.Fatal(err)
		}
		subscribed(here, models.EventLeadCreated, false, "disabled here")
		clock.Advance(store.SubscriptionsTTL)
		subscribed(there, models.EventLeadCreated, false, "disabled, after the TTL")
		if err := there.SetWebhookActive(ctx, w.ID, true); err != nil {
			t.Fatal(err)
		}
		subscribed(there, models.EventLeadCreated, true, "enabled there")
		if err := there.DeleteWebhook(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		subscribed(there, models.EventLeadCreated, false, "deleted there")
	})
}
