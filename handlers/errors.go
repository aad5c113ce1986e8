package handlers

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// userError is a refusal with a message written for the person who made the request.
type userError struct {
	status  int
	message string
}

func (e *userError) Error() string { return e.message }

// refuse answers with status and a message the person can act on.
func refuse(status int, message string) error { return &userError{status: status, message: message} }

// statusOf maps an error to the status it answers with.
func statusOf(err error) int {
	var fe *fiber.Error
	var ue *userError
	var ve *models.ValidationError
	switch {
	case errors.As(err, &ue):
		return ue.status
	case errors.As(err, &fe):
		return fe.Code
	case errors.As(err, &ve):
		return fiber.StatusUnprocessableEntity
	case errors.Is(err, models.ErrNotFound):
		return fiber.StatusNotFound
	case errors.Is(err, models.ErrConflict):
		return fiber.StatusConflict
	case errors.Is(err, models.ErrForbidden):
		return fiber.StatusForbidden
	case errors.Is(err, models.ErrUnavailable):
		return fiber.StatusServiceUnavailable
	}
	return fiber.StatusInternalServerError
}

// refusal is what a person reads when a request is refused with a status.
type refusal struct{ title, message string }

// refusalFor holds the heading and message of every status the site refuses with. A
// refusal raised with refuse() brings its own message; the heading stays.
func refusalFor(status int) (refusal, bool) {
	switch status {
	case fiber.StatusBadRequest:
		return refusal{"Bad request", "The request could not be understood. Check the address, or reload the page and try again."}, true
	case fiber.StatusUnauthorized:
		return refusal{"Please sign in", "You need to sign in to do that."}, true
	case fiber.StatusForbidden:
		return refusal{"You cannot do that", "You do not have permission to do that."}, true
	case fiber.StatusNotFound:
		return refusal{"Page not found", "The page you asked for does not exist. It may have moved, or the address may be mistyped."}, true
	case fiber.StatusMethodNotAllowed:
		return refusal{"Not possible here", "That action is not possible on this address."}, true
	case fiber.StatusRequestTimeout:
		return refusal{"Too slow", "The request took too long to arrive. Please try again."}, true
	case fiber.StatusConflict:
		return refusal{"This changed meanwhile", "Someone changed this while you were working on it. Reload to see the latest version."}, true
	case fiber.StatusRequestEntityTooLarge:
		return refusal{"Too large", "What you sent is larger than we accept. Shorten it and try again."}, true
	case fiber.StatusUnsupportedMediaType:
		return refusal{"Unsupported format", "What you sent is in a format we do not accept."}, true
	case fiber.StatusUnprocessableEntity:
		return refusal{"That cannot be done", "Some of what you sent is not valid. Check it and try again."}, true
	case fiber.StatusTooManyRequests:
		return refusal{"Too many requests", "Too many requests. Please wait a minute and try again."}, true
	case fiber.StatusRequestHeaderFieldsTooLarge:
		return refusal{"Request too large", "Your browser sent headers that are too large. Clearing this site's cookies usually helps."}, true
	case fiber.StatusServiceUnavailable:
		return refusal{"Temporarily unavailable", "We cannot reach our database right now. Nothing was changed. Please try again in a moment."}, true
	}
	return refusal{}, false
}

// refusalOf is the heading and message for status; err's own message when it is a
// refusal raised with refuse().
func refusalOf(status int, err error) refusal {
	r, ok := refusalFor(status)
	if !ok {
		// A status without words of its own (a fiber.Error's text may come from the
		// HTTP parser, so it is never shown).
		r = refusal{http.StatusText(status), http.StatusText(status) + "."}
		if status >= 500 {
			r.message = "Something went wrong on our side. Please try again in a moment."
		}
	}
	var ue *userError
	if errors.As(err, &ue) {
		r.message = ue.message
	}
	if errors.Is(err, models.ErrErased) {
		r.title, r.message = "Personal data erased", "This lead's personal data was erased. It can no longer be changed."
	}
	return r
}

// ErrorHandler is the one error path: it maps the error to a status, logs server
// failures with the request id, and answers with the site's own page, a fragment for
// htmx, or JSON under /api/. People never see an internal error's text.
func (h *Handler) ErrorHandler(c *fiber.Ctx, err error) error {
	// Fiber runs this after the chain has returned, when the per-request context has
	// been cancelled; rendering needs one that is still live.
	c.SetUserContext(context.WithoutCancel(c.UserContext()))
	status := statusOf(err)
	rid := requestID(c)
	if status >= 500 {
		h.log.Error("request failed", "status", status, "method", c.Method(), "path", c.Path(), "request_id", rid, "err", err)
	}
	r := refusalOf(status, err)
	// Whatever the handler wrote before failing is dropped.
	c.Response().ResetBody()
	c.Response().Header.Del(fiber.HeaderContentEncoding)
	h.sec.Apply(c)
	c.Set(fiber.HeaderCacheControl, "no-store")

	if isAPIPath(c.Path()) {
		e := newAPIError(status, "", nil)
		var ue *userError
		if errors.As(err, &ue) {
			e.Body.Message = ue.message
		}
		return c.Status(status).JSON(e)
	}
	vm := views.ErrorPage{
		Page:        h.pageTitled(r.title),
		Status:      status,
		Title:       r.title,
		Message:     r.message,
		RequestID:   rid,
		ActionURL:   paths.Landing,
		ActionLabel: "Back to the home page",
	}
	if status == fiber.StatusUnauthorized {
		vm.ActionURL, vm.ActionLabel = paths.Login, "Sign in"
	}
	if wantsFragment(c) {
		// The message goes where the page shows messages, whatever element asked.
		c.Set("HX-Retarget", "#toast")
		c.Set("HX-Reswap", "innerHTML")
		return h.renderError(c, status, views.ErrorFragment(vm))
	}
	if status == fiber.StatusInternalServerError {
		return h.staticErrorPage(c, status)
	}
	return h.renderError(c, status, views.ErrorPageView(vm))
}

// renderError renders an error answer, or the static 500 page when even that fails.
func (h *Handler) renderError(c *fiber.Ctx, status int, component templ.Component) error {
	if err := render(c, status, component); err != nil {
		h.log.Error("render error page", "request_id", requestID(c), "err", err)
		c.Response().ResetBody()
		return h.staticErrorPage(c, status)
	}
	return nil
}

// staticErrorPage is the 500 page from the embedded assets: it needs no template and
// no database, so it shows whatever else has failed.
func (h *Handler) staticErrorPage(c *fiber.Ctx, status int) error {
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(status).Send(h.assets.ErrorPage())
}

// errorCode is the machine-readable code of an API error.
func errorCode(status int) string {
	return strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_"))
}

// requestID is the id the requestid middleware gave this request.
func requestID(c *fiber.Ctx) string {
	if id, ok := c.Locals("requestid").(string); ok {
		return id
	}
	return ""
}
