package metrics

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
)

// Unmatched is the route label of a request that no route took: an unknown path (404)
// or a known path with a method it does not take (405). Every such request shares it,
// so a scanner trying a thousand paths adds no series.
const Unmatched = "unmatched"

// Middleware counts each request and observes its latency, labelled by the pattern of
// the route that answered it (c.Route().Path: "/app/leads/:id", never "/app/leads/42"),
// its method and its status. Mount it before the middleware that turns errors into
// responses, so that it sees the status the client got.
func (m *Metrics) Middleware() fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		status := c.Response().StatusCode()
		if err != nil {
			status = fiber.StatusInternalServerError
			var fe *fiber.Error
			if errors.As(err, &fe) {
				status = fe.Code
			}
		}
		s := m.series(m.routes.label(c, status), c.Method(), status)
		s.requests.Inc()
		s.duration.Observe(time.Since(start).Seconds())
		return err
	}
}

// seriesKey names one request series; seriesOf caches its instruments, since looking
// them up by label values (hashing and checking each value) costs more than counting.
type seriesKey struct {
	route, method string
	status        int
}

type series struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

func (m *Metrics) series(route, method string, status int) *series {
	k := seriesKey{route, method, status}
	if s, ok := m.seriesOf.Load(k); ok {
		return s.(*series)
	}
	s := &series{
		requests: m.requests.WithLabelValues(route, method, statusText(status)),
		duration: m.duration.WithLabelValues(route, method),
	}
	got, _ := m.seriesOf.LoadOrStore(k, s)
	return got.(*series)
}

// routeLabels names the route that answered a request. Fiber leaves c.Route() at the
// last route that matched, which is a middleware's when no route had the path (the "/"
// of app.Use: a scanner's 404s would count as the landing page's) or when middleware
// answered before the route (a sign-in redirect from the "/app" group's guard).
type routeLabels struct {
	once   sync.Once
	labels map[*fiber.Route]routeLabel
}

type routeLabel struct {
	name       string
	middleware bool
}

func (r *routeLabels) label(c *fiber.Ctx, status int) string {
	// Routes are all registered before the first request, so the set is built then.
	r.once.Do(func() { r.labels = routeLabelsOf(c.App()) })
	l, ok := r.labels[c.Route()]
	switch {
	case !ok:
		return Unmatched
	case l.middleware && (status == fiber.StatusNotFound || status == fiber.StatusMethodNotAllowed):
		// Only the router answers these past middleware: no route took the request.
		return Unmatched
	}
	return l.name
}

// routeLabelsOf labels every route of app: a route by its pattern, a middleware by its
// prefix and "*" ("/app/*": a request the group's guard answered). Fiber's
// GetRoutes(true) leaves middleware out but returns copies; a copy shares its Handlers
// array with the route in Stack(), which is what c.Route() points to, and that tells
// them apart.
func routeLabelsOf(app *fiber.App) map[*fiber.Route]routeLabel {
	endpoint := map[*fiber.Handler]bool{}
	for _, r := range app.GetRoutes(true) {
		if len(r.Handlers) > 0 {
			endpoint[&r.Handlers[0]] = true
		}
	}
	out := map[*fiber.Route]routeLabel{}
	for _, routes := range app.Stack() {
		for _, r := range routes {
			if len(r.Handlers) > 0 && endpoint[&r.Handlers[0]] {
				out[r] = routeLabel{name: r.Path}
				continue
			}
			out[r] = routeLabel{name: strings.TrimSuffix(r.Path, "/") + "/*", middleware: true}
		}
	}
	return out
}

// statusTexts are the status labels of the codes HTTP defines, made once.
var statusTexts = func() [600]string {
	var t [600]string
	for i := 100; i < len(t); i++ {
		t[i] = strconv.Itoa(i)
	}
	return t
}()

func statusText(code int) string {
	if code >= 100 && code < len(statusTexts) {
		return statusTexts[code]
	}
	return strconv.Itoa(code)
}
