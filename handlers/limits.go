package handlers

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/kv"
	"github.com/leadline/leadline/models"
)

// Throttles.
const (
	// Lead form: posts per client address per window.
	leadPostsPerWindow = 10
	leadPostWindow     = time.Minute
	// Sign-in: failed attempts per account and per client address per window. The
	// window ends on its own, so an attacker cannot lock staff out for good.
	loginFailuresPerWindow = 5
	loginFailureWindow     = 15 * time.Minute
)

// DefaultLoginDelay slows every failed sign-in, on top of bcrypt's own cost, so that
// guessing is slow even before the limit answers 429.
const DefaultLoginDelay = 750 * time.Millisecond

// limits are the site's rate limits, counted where every instance sees them.
type limits struct {
	leadPosts kv.Limit
	// Failed password checks, per client address and per account. Sign-in, the
	// password change and the API's token exchange share the account's count; sign-in
	// and the token exchange share the address's too.
	signInIP      kv.Limit
	signInAccount kv.Limit
	// apiCalls counts the API's requests per token.
	apiCalls kv.Limit
}

func newLimits(counter kv.Counter) limits {
	return limits{
		leadPosts:     kv.Limit{Name: "lead", Max: leadPostsPerWindow, Window: leadPostWindow, Counter: counter},
		signInIP:      kv.Limit{Name: "signin-ip", Max: loginFailuresPerWindow, Window: loginFailureWindow, Counter: counter},
		signInAccount: kv.Limit{Name: "signin-account", Max: loginFailuresPerWindow, Window: loginFailureWindow, Counter: counter},
		apiCalls:      kv.Limit{Name: "api-token", Max: apiCallsPerWindow, Window: apiCallWindow, Counter: counter},
	}
}

// limitLeadPost counts a post of the lead form and, past leadPostsPerWindow posts from
// one client, answers 429 (ok false). The client is the address package clientip
// finds: X-Forwarded-For counts only from LEADLINE_TRUSTED_PROXIES, so nobody escapes
// the limit by making up addresses. A limit that cannot count refuses: the post
// answers 503 with what the visitor typed.
func (h *Handler) limitLeadPost(c *fiber.Ctx) (ok bool, answered error) {
	ok, wait, err := h.limits.leadPosts.Take(c.UserContext(), h.ips.IP(c), h.clock.Now())
	if err != nil {
		h.log.Warn("lead rate limit unavailable; refusing the post", "err", err, "request_id", requestID(c))
		return false, h.leadUnavailable(c)
	}
	if !ok {
		setRetryAfter(c, wait)
		return false, h.leadLimitReached(c)
	}
	return true, nil
}

// passwordGuesses guards a check of an account's password: sign-in counts failures
// by client address and by account, the password change by account. Failures are
// counted (failed) and checked before the next try (exhausted), so that successes never
// count. Both fail, and the request answers 503, when the counts cannot be read or
// written: a limit that cannot count must not let every guess through.
type passwordGuesses []guessed

type guessed struct {
	limit   kv.Limit
	subject string
}

// signInGuesses are the counts a sign-in from ip as email checks and adds to.
func (h *Handler) signInGuesses(ip, email string) passwordGuesses {
	return passwordGuesses{{h.limits.signInAccount, models.NormalizeEmail(email)}, {h.limits.signInIP, ip}}
}

// accountGuesses are the counts a password check of a signed-in account adds to.
func (h *Handler) accountGuesses(email string) passwordGuesses {
	return passwordGuesses{{h.limits.signInAccount, models.NormalizeEmail(email)}}
}

// exhausted returns how long to wait before the next try; 0 when one may try now.
func (g passwordGuesses) exhausted(ctx context.Context, now time.Time) (time.Duration, error) {
	var wait time.Duration
	for _, s := range g {
		over, w, err := s.limit.Exhausted(ctx, s.subject, now)
		if err != nil {
			return 0, fmt.Errorf("%w: %w", models.ErrUnavailable, err)
		}
		if over {
			wait = max(wait, w, time.Second)
		}
	}
	return wait, nil
}

// failed counts a wrong password.
func (g passwordGuesses) failed(ctx context.Context) error {
	for _, s := range g {
		if err := s.limit.Record(ctx, s.subject); err != nil {
			return fmt.Errorf("%w: %w", models.ErrUnavailable, err)
		}
	}
	return nil
}

// setRetryAfter tells the client how long to wait, in whole seconds.
func setRetryAfter(c *fiber.Ctx, wait time.Duration) {
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(kv.RetryAfterSeconds(wait)))
}
