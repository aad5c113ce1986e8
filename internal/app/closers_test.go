package app

import (
	"errors"
	"slices"
	"testing"
)

type recorder struct {
	name   string
	closed *[]string
}

func (r recorder) Close() error { *r.closed = append(*r.closed, r.name); return nil }

// openThenFail opens three things after deferring the cleanup, as New does, and fails
// with fail.
func openThenFail(closed *[]string, fail error) (err error) {
	var opened closers
	defer opened.closeOnError(&err)
	for _, name := range []string{"store", "kv", "jobs"} {
		opened = append(opened, recorder{name, closed})
	}
	return fail
}

// TestClosersCloseWhatWasOpenedOnFailure: a failing New closes everything it opened,
// the newest first (the storages use the database's pool), and a successful one
// closes nothing.
func TestClosersCloseWhatWasOpenedOnFailure(t *testing.T) {
	var closed []string
	if err := openThenFail(&closed, nil); err != nil || len(closed) != 0 {
		t.Fatalf("success closed %v (%v)", closed, err)
	}
	if err := openThenFail(&closed, errors.New("boom")); err == nil || !slices.Equal(closed, []string{"jobs", "kv", "store"}) {
		t.Fatalf("failure closed %v (%v)", closed, err)
	}
}
