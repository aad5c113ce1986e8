package handlers

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/leadline/leadline/internal/kv"
	"github.com/leadline/leadline/internal/paths"
)

// apiSignInLifetime is how long a token from the API's sign-in lasts: a script signs
// in for its run; a standing integration uses a token made on the tokens page.
const apiSignInLifetime = 24 * time.Hour

// apiSignInName names the tokens the API's sign-in makes, on the tokens page.
const apiSignInName = "API sign-in"

type signInInput struct {
	Body struct {
		Email    string `json:"email" doc:"A staff user's email address"`
		Password string `json:"password" doc:"Their password"`
	}
}

type signInOutput struct {
	Body struct {
		Token     string    `json:"token" doc:"Send it as Authorization: Bearer <token>. It is shown only this once." example:"ll_…"`
		ExpiresAt time.Time `json:"expires_at"`
	}
}

func (h *Handler) registerSignIn(api huma.API) {
	register(h, api, operation{public: true, Operation: huma.Operation{
		OperationID: "sign-in", Method: http.MethodPost, Path: paths.APIToken, Tags: []string{"API"},
		Summary: "Trade a password for a token",
		Description: "A token that expires in 24 hours. Failed attempts count with the sign-in form's: after 5 in " +
			"15 minutes for one account, or from one address, the answer is 429 with Retry-After.",
		DefaultStatus: http.StatusCreated,
		Errors:        append(bodyErrors(), http.StatusUnauthorized),
	}}, h.apiSignIn)
}

// apiSignIn checks a password as the sign-in form does, counting failures against the
// same account and address, and answers with a new token.
func (h *Handler) apiSignIn(ctx context.Context, in *signInInput) (*signInOutput, error) {
	call := callOf(ctx)
	email := strings.TrimSpace(in.Body.Email)
	guesses := h.signInGuesses(call.ip, email)
	wait, err := guesses.exhausted(ctx, h.clock.Now())
	if err != nil {
		return nil, err
	}
	if wait > 0 {
		h.log.Warn("api sign-in throttled", "request_id", call.requestID, "ip", call.ip)
		return nil, tooMany(kv.RetryAfterSeconds(wait), msgTooManyGuesses)
	}
	user, err := h.userForSignIn(ctx, email)
	if err != nil {
		return nil, err
	}
	hash := ""
	if user != nil {
		hash = user.PasswordHash
	}
	if !h.passwords.Check(hash, in.Body.Password) || user == nil || !user.Active {
		if err := guesses.failed(ctx); err != nil {
			return nil, err
		}
		h.log.Warn("api sign-in failed", "request_id", call.requestID, "ip", call.ip)
		h.pause(ctx)
		return nil, refuse(http.StatusUnauthorized, msgBadLogin)
	}
	expires := h.clock.Now().Add(apiSignInLifetime).UTC()
	secret, _, err := h.issueToken(ctx, user.ID, apiSignInName, &expires)
	if err != nil {
		return nil, err
	}
	if err := h.store.RecordLogin(ctx, user.ID, h.clock.Now()); err != nil {
		h.log.Warn("record sign-in", "err", err, "request_id", call.requestID)
	}
	h.log.Info("api token issued", "user_id", user.ID, "request_id", call.requestID)
	out := &signInOutput{}
	out.Body.Token, out.Body.ExpiresAt = secret, expires
	return out, nil
}
