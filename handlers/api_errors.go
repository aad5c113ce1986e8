package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/validation"
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/leadjson"
	"github.com/leadline/leadline/models"
)

// apiError is the one shape of every error the JSON API answers with: from its
// operations (apiFailure), from huma's own checks of a request (useAPIErrors), and from
// ErrorHandler for everything under /api/ that Fiber refuses (an unknown path, a wrong
// method, a body over the server's limit, a missing token).
type apiError struct {
	status  int
	headers http.Header
	Body    apiErrorBody `json:"error"`
	// Current is the lead as saved now, beside a 409 for a stale version.
	Current *leadjson.Lead `json:"current,omitempty" doc:"With 409 on a stale version: the lead as it is now saved"`
}

// apiErrorBody is what went wrong.
type apiErrorBody struct {
	Code    string            `json:"code" doc:"The status in words, such as not_found or unprocessable_entity" example:"unprocessable_entity"`
	Message string            `json:"message" doc:"What went wrong, for a person" example:"Some of what you sent is not valid. Check it and try again."`
	Fields  map[string]string `json:"fields" doc:"A message for each bad field or query parameter, by its name; empty when no field is to blame" example:"{\"email\":\"Enter an email address in the correct format, like name@example.com\"}"`
}

func (e *apiError) Error() string { return e.Body.Message }

// GetStatus is the status huma answers with.
func (e *apiError) GetStatus() int { return e.status }

// GetHeaders are the headers huma sets beside the error (Retry-After).
func (e *apiError) GetHeaders() http.Header { return e.headers }

// newAPIError is an error of the API with its status's code and the message a client
// reads for it.
func newAPIError(status int, message string, fields map[string]string) *apiError {
	if fields == nil {
		fields = map[string]string{}
	}
	if message == "" {
		message = apiMessage(status)
	}
	return &apiError{status: status, Body: apiErrorBody{Code: errorCode(status), Message: message, Fields: fields}}
}

// apiMessage is what the API says for a status. The site's own words serve, except
// where they speak of pages and browsers.
func apiMessage(status int) string {
	switch status {
	case fiber.StatusBadRequest:
		return "The request could not be understood: check that the body is well-formed JSON."
	case fiber.StatusNotFound:
		return "There is nothing at this address: the path, or the id in it, does not exist."
	case fiber.StatusMethodNotAllowed:
		return "This address does not take that method; the Allow header lists those it takes."
	case fiber.StatusRequestEntityTooLarge:
		return "The body is larger than this route accepts."
	case fiber.StatusUnsupportedMediaType:
		return "Send the body as JSON, with Content-Type: application/json."
	case fiber.StatusRequestHeaderFieldsTooLarge:
		return "The request's headers are too large."
	}
	return refusalOf(status, nil).message
}

// apiFailure turns what an operation returned into the API's error: the status the
// site maps the error to, the message of a refusal, the fields of a validation error,
// the current lead of a conflict. Server failures are logged with the request id, and
// their cause is never shown.
func (h *Handler) apiFailure(ctx context.Context, err error) error {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	status := statusOf(err)
	if status >= 500 {
		h.log.Error("request failed", "status", status, "request_id", callOf(ctx).requestID, "err", err)
	}
	e := newAPIError(status, "", nil)
	var ue *userError
	if errors.As(err, &ue) {
		e.Body.Message = ue.message
	}
	if errors.Is(err, models.ErrErased) {
		e.Body.Message = refusalOf(status, err).message
	}
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		for k, v := range ve.Fields {
			e.Body.Fields[k] = v
		}
	}
	return e
}

// tooMany is a 429 that says when to try again.
func tooMany(wait int, message string) *apiError {
	e := newAPIError(http.StatusTooManyRequests, message, nil)
	e.headers = http.Header{fiber.HeaderRetryAfter: {fmt.Sprint(wait)}}
	return e
}

var setAPIErrors sync.Once

// useAPIErrors makes huma answer its own refusals (malformed JSON, a wrong type, an
// unknown field, an unknown content type, a body too large) in the API's error shape.
// huma offers only a package variable for this; it is set once, to a function that
// depends on nothing but its arguments, so every API in the process agrees.
func useAPIErrors() {
	setAPIErrors.Do(func() {
		huma.NewError = humaError
	})
}

// humaError is huma's refusal as an apiError: each detail becomes a field message under
// the field's name in the request. A path parameter that does not parse (an id that is
// not a number) names nothing that exists: 404, as anywhere on the site.
func humaError(status int, msg string, errs ...error) huma.StatusError {
	fields := map[string]string{}
	for _, err := range errs {
		var d *huma.ErrorDetail
		if !errors.As(err, &d) {
			continue
		}
		name := fieldOf(d)
		if strings.HasPrefix(d.Location, "path.") && status == http.StatusUnprocessableEntity {
			return newAPIError(http.StatusNotFound, "", nil)
		}
		if _, ok := fields[name]; !ok {
			fields[name] = d.Message
		}
	}
	return newAPIError(status, "", fields)
}

// fieldOf is the request field a huma error detail is about: "body.name", "query.q"
// and "path.id" name it after the dot; a missing required property is reported on the
// body with its name in the message.
func fieldOf(d *huma.ErrorDetail) string {
	loc := d.Location
	if i := strings.IndexByte(loc, '.'); i >= 0 {
		return loc[i+1:]
	}
	before, after, _ := strings.Cut(validation.MsgExpectedRequiredProperty, "%s")
	if m := d.Message; strings.HasPrefix(m, before) && strings.HasSuffix(m, after) && len(m) > len(before)+len(after) {
		return m[len(before) : len(m)-len(after)]
	}
	if loc == "" {
		return "body"
	}
	return loc
}
