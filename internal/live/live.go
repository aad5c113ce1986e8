package live

import "errors"

// Live is one instance's live updates: the hub its streams subscribe to and, on
// PostgreSQL, the notifier that announces this instance's changes and the listener
// that feeds the hub.
type Live struct {
	Hub      *Hub
	notifier *Notifier
	listener *Listener
}

// New bundles a hub with its notifier and listener (both nil on SQLite, where the
// store's after-commit hook feeds the hub).
func New(hub *Hub, notifier *Notifier, listener *Listener) *Live {
	return &Live{Hub: hub, notifier: notifier, listener: listener}
}

// Close ends every stream, sends the announcements still queued and stops listening.
func (l *Live) Close() error {
	l.Hub.Close()
	var err error
	if l.notifier != nil {
		err = l.notifier.Close()
	}
	if l.listener != nil {
		err = errors.Join(err, l.listener.Close())
	}
	return err
}
