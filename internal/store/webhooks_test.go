package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
)

func TestWebhooks(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		all := &models.Webhook{URL: "https://crm.example/hook", Events: models.WebhookEvents(), Format: models.FormatJSON, Secret: "whsec_1", Active: true}
		slack := &models.Webhook{URL: "https://hooks.slack.example/T/B/x", Events: []string{models.EventLeadCreated}, Format: models.FormatSlack, Secret: "whsec_2", Active: true}
		for _, w := range []*models.Webhook{all, slack} {
			if err := s.CreateWebhook(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		t.Run("ListNewestFirstWithEvents", func(t *testing.T) {
			got, err := s.Webhooks(ctx)
			if err != nil || len(got) != 2 || got[0].ID != slack.ID || got[1].Secret != "whsec_1" ||
				!slices.Equal(got[1].Events, models.WebhookEvents()) || !slices.Equal(got[0].Events, []string{"lead.created"}) {
				t.Fatalf("%+v %v", got, err)
			}
			one, err := s.Webhook(ctx, all.ID)
			if err != nil || one.URL != all.URL || one.Format != models.FormatJSON || !one.Active || len(one.Events) != 4 {
				t.Fatalf("%+v %v", one, err)
			}
		})
		t.Run("SubscribersAreActiveAndSubscribed", func(t *testing.T) { subscribers(t, s, all.ID, slack.ID) })
		t.Run("DeliveryLog", func(t *testing.T) { deliveryLog(t, s, all.ID, slack.ID) })
		t.Run("DeleteTakesEventsAndLog", func(t *testing.T) {
			if err := s.DeleteWebhook(ctx, slack.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Webhook(ctx, slack.ID); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("after delete: %v", err)
			}
			if err := s.DeleteWebhook(ctx, slack.ID); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("second delete: %v", err)
			}
			if err := s.SetWebhookActive(ctx, slack.ID, true); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("enable a deleted one: %v", err)
			}
			err := s.LogDelivery(ctx, &models.WebhookDelivery{WebhookID: slack.ID, Event: "lead.created", EventID: "evt_x", Attempt: 1, OccurredAt: time.Now()})
			if !errors.Is(err, models.ErrNotFound) {
				t.Errorf("log for a deleted endpoint: %v", err)
			}
		})
	})
}

func deliveryLog(t *testing.T, s *store.Store, id, other int64) {
	ctx := context.Background()
	at := time.Now().UTC().Truncate(time.Second)
	first := &models.WebhookDelivery{WebhookID: id, Event: "lead.created", EventID: "evt_1", LeadID: 7, JobID: 3, Attempt: 1,
		StatusCode: 500, Error: "the receiver answered 500", DurationMS: 12, OccurredAt: at, CreatedAt: at}
	if err := s.LogDelivery(ctx, first); err != nil {
		t.Fatal(err)
	}
	got, err := s.Delivery(ctx, id, first.ID)
	if err != nil || got.StatusCode != 500 || got.OK() || got.EventID != "evt_1" || !got.OccurredAt.Equal(at) || got.DurationMS != 12 {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := s.Delivery(ctx, other, first.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("another endpoint's delivery: %v", err)
	}
	// The log keeps the newest attempts of each endpoint, up to its bound.
	for i := range 205 {
		d := &models.WebhookDelivery{WebhookID: id, Event: "lead.updated", EventID: fmt.Sprintf("evt_%d", i+2), Attempt: 1, StatusCode: 204, OccurredAt: at}
		if err := s.LogDelivery(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.Deliveries(ctx, id, 1000)
	if err != nil || len(list) != 200 || list[0].EventID != "evt_206" || !list[0].OK() {
		t.Fatalf("%d kept, newest %+v, %v", len(list), list[0], err)
	}
	if _, err := s.Delivery(ctx, id, first.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("the oldest attempt is still kept: %v", err)
	}
}

func subscribers(t *testing.T, s *store.Store, all, slack int64) {
	ctx := context.Background()
	subs := func(event string) []int64 {
		tx, err := s.SQLDB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback() //nolint:errcheck
		ids, err := s.SubscribersTx(ctx, tx, event)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if got := subs("lead.created"); !slices.Equal(got, []int64{all, slack}) {
		t.Errorf("created: %v", got)
	}
	if got := subs("lead.deleted"); !slices.Equal(got, []int64{all}) {
		t.Errorf("deleted: %v", got)
	}
	if err := s.SetWebhookActive(ctx, all, false); err != nil {
		t.Fatal(err)
	}
	if got := subs("lead.created"); !slices.Equal(got, []int64{slack}) {
		t.Errorf("after disabling: %v", got)
	}
	if err := s.SetWebhookActive(ctx, all, true); err != nil {
		t.Fatal(err)
	}
}
