package live

import (
	"context"
	"log/slog"
	"time"

	"github.com/leadline/leadline/models"
)

// nameTimeout bounds the look-up of who made a change.
const nameTimeout = 2 * time.Second

// Names finds who made a change; *store.Store implements it.
type Names interface {
	UserByID(ctx context.Context, id int64) (*models.User, error)
}

// Relay puts events into this instance's hub, with the name of the user who made each
// one, looked up once per instance rather than once per stream.
type Relay struct {
	hub   *Hub
	names Names
	log   *slog.Logger
}

// NewRelay makes a relay into hub.
func NewRelay(hub *Hub, names Names, log *slog.Logger) *Relay {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Relay{hub: hub, names: names, log: log}
}

// Deliver publishes e to the hub.
func (r *Relay) Deliver(ctx context.Context, e Event) {
	if e.By != 0 && r.names != nil {
		ctx, cancel := context.WithTimeout(ctx, nameTimeout)
		u, err := r.names.UserByID(ctx, e.By)
		cancel()
		if err == nil {
			e.ByName = u.Name
		} else {
			// The change is still worth telling; the page then says "someone".
			r.log.Warn("live: who made a change", "user_id", e.By, "err", err)
		}
	}
	r.hub.Publish(e)
}

// Committed is the store's after-commit hook for one instance on its own (SQLite):
// each committed change goes straight to the hub.
func (r *Relay) Committed(e models.Event) {
	if ev, ok := FromModel(e); ok {
		r.Deliver(context.Background(), ev)
	}
}
