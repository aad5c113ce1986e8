package live_test

import (
	"testing"

	"github.com/leadline/leadline/internal/live"
)

func TestHubFanOut(t *testing.T) {
	t.Run("FansOutToEverySubscriber", func(t *testing.T) {
		hub := live.NewHub()
		a, _, _ := hub.Subscribe()
		b, _, _ := hub.Subscribe()
		hub.Publish(live.Event{Name: "lead.created", LeadID: 7, Version: 1})
		for _, s := range []*live.Sub{a, b} {
			m := <-s.C
			if m.Event.LeadID != 7 || m.Event.Name != "lead.created" || m.ID == "" {
				t.Fatalf("got %+v", m)
			}
		}
		if hub.Open() != 2 {
			t.Fatalf("open = %d, want 2", hub.Open())
		}
	})

	t.Run("DropsASlowSubscriberWithoutBlocking", func(t *testing.T) {
		hub := live.NewHub()
		slow, _, _ := hub.Subscribe()
		fast, _, _ := hub.Subscribe()
		got := 0
		for i := range 100 { // far past any buffer; Publish must never wait
			hub.Publish(live.Event{Name: "lead.updated", LeadID: int64(i + 1)})
			<-fast.C
			got++
		}
		if got != 100 {
			t.Fatalf("fast subscriber got %d events", got)
		}
		n := 0
		for range slow.C { // closed once dropped: the range ends
			n++
		}
		if n == 0 || n >= 100 {
			t.Fatalf("slow subscriber got %d events before it was dropped", n)
		}
		if hub.Open() != 1 {
			t.Fatalf("open = %d, want 1 (the slow one dropped)", hub.Open())
		}
		slow.Close() // after a drop: no double close
	})
}

func TestHubIDsAndClose(t *testing.T) {
	t.Run("IdsTellWhetherAReconnectMissedSomething", func(t *testing.T) {
		hub := live.NewHub()
		s, before, _ := hub.Subscribe()
		hub.Publish(live.Event{Name: "lead.deleted", LeadID: 3})
		m := <-s.C
		if !live.Missed(before, m.ID) || live.Missed(m.ID, m.ID) || live.Missed("", m.ID) {
			t.Fatalf("Missed wrong for %q → %q", before, m.ID)
		}
		other := live.NewHub() // another instance, or this one restarted
		_, otherID, _ := other.Subscribe()
		if !live.Missed(m.ID, otherID) {
			t.Fatalf("an id of another hub must count as missed: %q vs %q", m.ID, otherID)
		}
	})

	t.Run("CloseEndsEveryStreamAndRefusesNewOnes", func(t *testing.T) {
		hub := live.NewHub()
		s, _, _ := hub.Subscribe()
		hub.Close()
		if _, ok := <-s.C; ok {
			t.Fatal("stream still open after Close")
		}
		if _, _, ok := hub.Subscribe(); ok {
			t.Fatal("Subscribe after Close must refuse")
		}
		hub.Publish(live.Event{Name: "lead.created"}) // no panic on a closed hub
		s.Close()
	})
}
