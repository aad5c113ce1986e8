package store

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// SubscriptionsTTL is how long Subscribed trusts what it read of the webhook
// subscriptions. This instance's own webhook writes clear it at once; an endpoint saved
// on another instance receives the events of this one from at most this long after.
const SubscriptionsTTL = time.Second

// subscriptions caches which events the active webhook endpoints receive. A new lead
// asks it, without a query, whether it has deliveries to queue: when nothing wants the
// lead's event, the landing form's post is one statement with no transaction around it.
type subscriptions struct {
	mu     sync.Mutex
	events map[string]bool
	// read is when events was read; zero when it must be read again.
	read time.Time
}

// Subscribed reports whether an active webhook endpoint receives event, from a read of
// the subscriptions at most SubscriptionsTTL old. The change hook still lists the
// endpoints inside the change's transaction; this only tells it whether to look.
func (s *Store) Subscribed(ctx context.Context, event string) (bool, error) {
	c := &s.subs
	c.mu.Lock()
	defer c.mu.Unlock()
	now := s.clock.Now()
	if c.read.IsZero() || now.Sub(c.read) >= SubscriptionsTTL || now.Before(c.read) {
		var events []string
		err := s.db.WithContext(ctx).Table("webhook_events AS e").
			Joins("JOIN webhooks w ON w.id = e.webhook_id").Where("w.active").
			Distinct("e.event").Pluck("e.event", &events).Error
		if err != nil {
			return false, classify(fmt.Errorf("webhook subscriptions: %w", err))
		}
		c.events = make(map[string]bool, len(events))
		for _, e := range events {
			c.events[e] = true
		}
		c.read = now
	}
	return c.events[event], nil
}

// forgetSubscriptions makes the next Subscribed read them again, after this instance
// changed them.
func (s *Store) forgetSubscriptions() {
	s.subs.mu.Lock()
	s.subs.read = time.Time{}
	s.subs.mu.Unlock()
}
