package handlers

import "sync"

// setupToken is the one-time token of the setup link. It lives in the process that
// printed it and is forgotten once the first admin exists.
type setupToken struct {
	mu    sync.Mutex
	value string
}

func (s *setupToken) token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.value
}

func (s *setupToken) done() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.value = ""
}
