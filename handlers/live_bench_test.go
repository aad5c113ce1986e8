package handlers_test

import (
	"bufio"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/live"
	"github.com/leadline/leadline/models"
)

// liveStreams is how many open streams BenchmarkLiveStreams holds at once.
const liveStreams = 500

// BenchmarkLiveStreams opens 500 live streams on one instance (PostgreSQL) and reports
// what each costs the process: growth of resident memory, Go heap and goroutines from
// none open to 500, divided by 500. The clients
// are bare connections that send the request, read the answer's first line and then
// hold still, so that nearly all the growth is the server's.
func BenchmarkLiveStreams(b *testing.B) {
	s := benchSite(b)
	s.AddUser(b, staffEmail, "Sam Staff", models.RoleStaff, goodPass)
	c := s.Client(b)
	c.Login(staffEmail, goodPass)
	addr := strings.TrimPrefix(s.Listen(), "http://")
	request := "GET /app/live HTTP/1.1\r\nHost: " + addr + "\r\nAccept: text/event-stream\r\n"
	for k, v := range c.Cookies {
		request += "Cookie: " + k + "=" + v + "\r\n"
	}
	request += "\r\n"

	var rss, heap, goroutines float64
	for b.Loop() {
		rss0, heap0, g0 := footprint(b)
		conns := make([]net.Conn, 0, liveStreams)
		for range liveStreams {
			conns = append(conns, openBare(b, addr, request))
		}
		waitOpen(b, s, liveStreams)
		rss1, heap1, g1 := footprint(b)
		// The largest growth is the first: later rounds reuse what fasthttp pools (idle
		// workers, buffers) and the heap the runtime kept, so they understate the cost.
		rss = max(rss, (float64(rss1)-float64(rss0))/liveStreams)
		heap = max(heap, (float64(heap1)-float64(heap0))/liveStreams)
		goroutines = max(goroutines, float64(g1-g0)/liveStreams)
		for _, conn := range conns {
			conn.Close()
		}
		drain(b, s)
	}
	b.ReportMetric(rss, "rss-B/stream")
	b.ReportMetric(heap, "heap-B/stream")
	b.ReportMetric(goroutines, "goroutines/stream")
}

// openBare opens one stream on a bare connection and waits for its status line.
func openBare(b *testing.B, addr, request string) net.Conn {
	b.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Write([]byte(request)); err != nil {
		b.Fatal(err)
	}
	line, err := bufio.NewReaderSize(conn, 64).ReadString('\n')
	if err != nil || !strings.Contains(line, " 200 ") {
		b.Fatalf("stream: %q, %v", line, err)
	}
	return conn
}

// drain publishes until every stream has found its client gone (a write to a closed
// connection fails) and ended.
func drain(b *testing.B, s *apptest.Site) {
	b.Helper()
	for i := 0; s.Live.Hub.Open() != 0; i++ {
		if i > 2000 {
			b.Fatalf("%d streams still open after their clients left", s.Live.Hub.Open())
		}
		s.Live.Hub.Publish(live.Event{Name: live.Refresh})
		time.Sleep(5 * time.Millisecond)
	}
}

// waitOpen waits until the hub has n subscribers (a guard against a hang, not a timing).
func waitOpen(b *testing.B, s *apptest.Site, n int) {
	b.Helper()
	for i := 0; s.Live.Hub.Open() != n; i++ {
		if i > 2000 {
			b.Fatalf("%d streams open, want %d", s.Live.Hub.Open(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// footprint is the process's resident memory (VmRSS), Go heap in use and goroutines,
// after a collection.
func footprint(b *testing.B) (rss, heap uint64, goroutines int) {
	b.Helper()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skipf("no /proc/self/status: %v", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			rss = kb * 1024
		}
	}
	if rss == 0 {
		b.Skip("no VmRSS in /proc/self/status")
	}
	return rss, m.HeapInuse, runtime.NumGoroutine()
}
