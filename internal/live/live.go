package live

import "errors"

// Live is one instance's live updates: the hub its streams subscribe to and, on
// PostgreSQL, the listener that feeds it.
type Live struct {
	Hub      *Hub
	listener *Listener
}

// New bundles a hub with its listener (nil on SQLite, where the store's after-commit
// hook feeds the hub).
func New(hub *Hub, listener *Listener) *Live { return &Live{Hub: hub, listener: listener} }

// Close ends every stream and stops listening.
func (l *Live) Close() error {
	l.Hub.Close()
	if l.listener != nil {
		return errors.Join(l.listener.Close())
	}
	return nil
}
