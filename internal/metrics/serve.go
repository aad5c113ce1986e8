package metrics

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Server serves /metrics alone on its own listener (LEADLINE_METRICS_ADDR); every other
// path answers 404.
type Server struct {
	ln  net.Listener
	srv *http.Server
}

// Timeouts of the metrics server: a scrape is small and quick.
const (
	scrapeReadTimeout  = 5 * time.Second
	scrapeWriteTimeout = 30 * time.Second
	scrapeIdleTimeout  = 60 * time.Second
)

// Listen opens addr for the metrics of m. Listening before serving lets a taken port
// stop the start with a clear error instead of a log line later.
func Listen(addr string, m *Metrics) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	return &Server{ln: ln, srv: &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: scrapeReadTimeout,
		ReadTimeout:       scrapeReadTimeout,
		WriteTimeout:      scrapeWriteTimeout,
		IdleTimeout:       scrapeIdleTimeout,
	}}, nil
}

// Addr is the address the server listens on (with the port the system chose for :0).
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve answers scrapes until Shutdown; it returns nil then.
func (s *Server) Serve() error {
	if err := s.srv.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Shutdown stops the server, letting a scrape in flight finish until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }
