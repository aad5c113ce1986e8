package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// Security headers that the error handler sets itself, because errors raised by the
// HTTP server (413, 431, 408) never pass through the helmet middleware.
const (
	// CSP allows only the site's own files: no inline scripts or styles, no framing.
	CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
		"form-action 'self'; frame-ancestors 'none'"
	// HSTSMaxAge is one year of Strict-Transport-Security over HTTPS.
	HSTSMaxAge = 365 * 24 * 3600
	// ReferrerPolicy keeps the full URL within the site (the CSRF check needs the
	// Referer over HTTPS) and sends only the origin elsewhere.
	ReferrerPolicy = "strict-origin-when-cross-origin"
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
	case errors.Is(err, models.ErrUnavailable):
		return fiber.StatusServiceUnavailable
	}
	return fiber.StatusInternalServerError
}

// ErrorHandler is the one error path: it maps the error to a status, logs server
// failures with the request id, and answers with the site's own page (JSON under /api/).
// People never see an internal error's text.
func (h *Handler) ErrorHandler(c *fiber.Ctx, err error) error {
	status := statusOf(err)
	rid := requestID(c)
	if status >= 500 {
		h.log.Error("request failed", "status", status, "method", c.Method(), "path", c.Path(), "request_id", rid, "err", err)
	}
	message := publicMessage(status)
	var ue *userError
	if errors.As(err, &ue) {
		message = ue.message
	}
	// Whatever the handler wrote before failing is dropped.
	c.Response().ResetBody()
	c.Response().Header.Del(fiber.HeaderContentEncoding)

	if strings.HasPrefix(c.Path(), "/api/") {
		return c.Status(status).JSON(fiber.Map{"error": fiber.Map{"code": errorCode(status), "message": message}})
	}
	h.setSecurityHeaders(c)
	if status >= 500 {
		c.Set(fiber.HeaderCacheControl, "no-store")
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Status(status).Send(h.assets.ErrorPage())
	}
	vm := views.ErrorPage{
		Page:      h.pageTitled(http.StatusText(status)),
		Status:    status,
		Title:     errorTitle(status),
		Message:   message,
		RequestID: rid,
	}
	if rerr := render(c, status, views.NotFoundOrErrorPage(vm)); rerr != nil {
		h.log.Error("render error page", "request_id", rid, "err", rerr)
		c.Response().ResetBody()
		return c.Status(status).Send(h.assets.ErrorPage())
	}
	return nil
}

// NotFound answers every path no route matched.
func (h *Handler) NotFound(c *fiber.Ctx) error { return fiber.ErrNotFound }

func (h *Handler) setSecurityHeaders(c *fiber.Ctx) {
	if c.GetRespHeader(fiber.HeaderContentSecurityPolicy) != "" {
		return
	}
	c.Set(fiber.HeaderContentSecurityPolicy, CSP)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	c.Set(fiber.HeaderReferrerPolicy, ReferrerPolicy)
	if h.cfg.Secure() && c.Protocol() == "https" {
		c.Set(fiber.HeaderStrictTransportSecurity, "max-age="+strconv.Itoa(HSTSMaxAge))
	}
}

// publicMessage is what a person may read about an error; the error itself stays in the log.
func publicMessage(status int) string {
	switch status {
	case fiber.StatusNotFound:
		return "The page you asked for does not exist. It may have moved, or the address may be mistyped."
	case fiber.StatusRequestEntityTooLarge:
		return "What you sent is larger than we accept."
	case fiber.StatusRequestHeaderFieldsTooLarge:
		return "Your browser sent headers that are too large. Clearing this site's cookies usually helps."
	case fiber.StatusMethodNotAllowed:
		return "That action is not possible on this address."
	case fiber.StatusTooManyRequests:
		return "Too many requests. Please wait a minute and try again."
	case fiber.StatusServiceUnavailable:
		return "We cannot reach our database right now. Please try again in a moment."
	case fiber.StatusBadRequest:
		return "The request could not be understood."
	case fiber.StatusRequestTimeout:
		return "The request took too long to arrive."
	case fiber.StatusForbidden:
		return "You do not have permission to do that."
	}
	if status >= 500 {
		return "Something went wrong on our side. Please try again in a moment."
	}
	// A fiber.Error's own text may come from the HTTP parser; show only the status.
	return http.StatusText(status) + "."
}

func errorTitle(status int) string {
	switch status {
	case fiber.StatusNotFound:
		return "Page not found"
	case fiber.StatusForbidden:
		return "You cannot do that"
	case fiber.StatusUnprocessableEntity:
		return "That cannot be done"
	}
	return http.StatusText(status)
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
