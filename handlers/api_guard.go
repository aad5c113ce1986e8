package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/apitoken"
	"github.com/leadline/leadline/models"
)

// Throttle of the API: requests per token per window.
const (
	apiCallsPerWindow = 300
	apiCallWindow     = time.Minute
)

// tokenUseEvery is how stale a token's "last used" time may get before a request
// writes it again: one write a minute at most, not one per request.
const tokenUseEvery = time.Minute

// The API's refusals of a token.
const (
	msgNoToken      = "Send a personal token in the Authorization header: Bearer ll_…"
	msgBadToken     = "This token is not valid: it may have been revoked, or ended by a password change, a role change or a deactivation. Make a new one."
	msgExpiredToken = "This token has expired. Make a new one."
)

// apiScope runs before every request under /api/, known route or not. It reads no
// session and no cookie: a browser's cookie has no effect here, so a page on another
// site cannot make a browser act through the API.
func (h *Handler) apiScope(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	call := &apiCall{ip: h.ips.IP(c), requestID: requestID(c)}
	c.SetUserContext(context.WithValue(c.UserContext(), apiCallKey{}, call))
	return c.Next()
}

// apiAuth runs before each operation of the API. An operation whose document asks for
// the bearer token gets it checked here, so the document and the check cannot
// disagree; each token gets apiCallsPerWindow requests a minute. A path that names no
// operation is not found, token or not.
func (h *Handler) apiAuth(ctx huma.Context, next func(huma.Context)) {
	if len(ctx.Operation().Security) == 0 {
		next(ctx)
		return
	}
	c := humafiber.Unwrap(ctx)
	if err := h.authenticate(c); err != nil {
		if herr := h.ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
		return
	}
	next(ctx)
}

// authenticate finds the request's token and user, or refuses.
func (h *Handler) authenticate(c *fiber.Ctx) error {
	user, token, err := h.tokenUser(c)
	if err != nil {
		return err
	}
	ok, wait, err := h.limits.apiCalls.Take(c.UserContext(), strconv.FormatInt(token.ID, 10), h.clock.Now())
	if err != nil {
		return fmt.Errorf("api rate limit: %w: %w", models.ErrUnavailable, err)
	}
	if !ok {
		setRetryAfter(c, wait)
		return refuse(fiber.StatusTooManyRequests, fmt.Sprintf("Too many requests with this token: at most %d a minute. Wait for the time in Retry-After.", apiCallsPerWindow))
	}
	call := callOf(c.UserContext())
	call.user, call.tokenID = user, token.ID
	return nil
}

// tokenUser returns the user of the request's bearer token, when the token is live: it
// exists (not revoked), has not expired, and was made in the user's current session
// epoch by a user still active.
func (h *Handler) tokenUser(c *fiber.Ctx) (*models.User, *models.APIToken, error) {
	auth := c.Get(fiber.HeaderAuthorization)
	if auth == "" {
		return nil, nil, h.unauthorized(c, "", msgNoToken)
	}
	scheme, secret, _ := strings.Cut(auth, " ")
	secret = strings.TrimSpace(secret)
	if !strings.EqualFold(scheme, "Bearer") || !apitoken.WellFormed(secret) {
		return nil, nil, h.unauthorized(c, "invalid_token", msgBadToken)
	}
	ctx := c.UserContext()
	token, err := h.store.TokenByHash(ctx, apitoken.Hash(secret))
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil, h.unauthorized(c, "invalid_token", msgBadToken)
	}
	if err != nil {
		return nil, nil, err
	}
	user, err := h.store.UserByID(ctx, token.UserID)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil, h.unauthorized(c, "invalid_token", msgBadToken)
	}
	if err != nil {
		return nil, nil, err
	}
	now := h.clock.Now()
	switch state := token.StateFor(now, user.SessionEpoch); {
	case !user.Active || state == models.TokenEnded:
		return nil, nil, h.unauthorized(c, "invalid_token", msgBadToken)
	case state == models.TokenExpired:
		return nil, nil, h.unauthorized(c, "invalid_token", msgExpiredToken)
	}
	if token.LastUsedAt == nil || now.Sub(*token.LastUsedAt) >= tokenUseEvery {
		// Losing this write costs a stale "last used", not the request.
		if err := h.store.TouchToken(ctx, token.ID, now, now.Add(-tokenUseEvery)); err != nil {
			h.log.Warn("record token use", "token_id", token.ID, "err", err, "request_id", requestID(c))
		}
	}
	return user, token, nil
}

// unauthorized refuses a request without a live token, saying how to authenticate
// (RFC 6750): code is the error of a token that was sent and refused.
func (h *Handler) unauthorized(c *fiber.Ctx, code, message string) error {
	challenge := `Bearer realm="api"`
	if code != "" {
		challenge += `, error="` + code + `"`
		h.log.Warn("api token refused", "request_id", requestID(c), "ip", h.ips.IP(c))
	}
	c.Set(fiber.HeaderWWWAuthenticate, challenge)
	return refuse(fiber.StatusUnauthorized, message)
}
