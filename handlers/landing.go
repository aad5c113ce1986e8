package handlers

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/metrics"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// Notices shown above the lead form when the failure is not the visitor's.
const (
	noticeUnavailable = "We could not save your details just now. Nothing you typed is lost: please send the form again in a moment."
	noticeRateLimited = "You have sent this form many times in the last minute. Please wait a minute and send it again."
)

// Landing renders the landing page with a fresh form: a new one-time key, and the
// attribution of this visit in hidden fields.
func (h *Handler) Landing(c *fiber.Ctx) error {
	attr := models.Attribution{
		UTMSource:   c.Query("utm_source"),
		UTMMedium:   c.Query("utm_medium"),
		UTMCampaign: c.Query("utm_campaign"),
		Referrer:    c.Get(fiber.HeaderReferer),
		LandingPath: c.OriginalURL(),
	}.Clip()
	form := h.leadForm(models.Submission{Attribution: attr}, newFormKey(), nil)
	c.Status(fiber.StatusOK)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return h.landing.write(c.Response().BodyWriter(), form.Values)
}

// CreateLead stores a lead from the landing form. With htmx it answers in place; without,
// it redirects to /thanks (post/redirect/get). A filled honeypot gets the same success and
// stores nothing. The form's one-time key makes a repeated post store one lead. Every
// post counts against the client's rate limit (limitLeadPost); a valid one, where the
// store can, counts in the statement that stores it: one round trip.
func (h *Handler) CreateLead(c *fiber.Ctx) error {
	sub, key := submission(c)
	spam := formValue(c, "website") != ""
	var ve *models.ValidationError
	if !spam {
		if err := sub.Validate(); err != nil && !errors.As(err, &ve) {
			return err
		}
	}
	if spam || ve != nil || !h.store.CanCountLeadPosts() {
		if ok, err := h.limitLeadPost(c); !ok {
			return err
		}
	}
	switch {
	case spam:
		h.log.Info("lead form honeypot filled; nothing stored", "request_id", requestID(c), "ip", h.ips.IP(c))
		h.metrics.LeadRefused(metrics.RefusedSpam)
		return h.leadAccepted(c)
	case ve != nil:
		h.metrics.LeadRefused(metrics.RefusedInvalid)
		return h.leadFormAgain(c, fiber.StatusUnprocessableEntity, h.leadForm(sub, key, ve))
	}
	lead := sub.NewLead(key)
	// The consent line is the one this form showed; kept with the lead, with the time.
	consentAt := h.clock.Now()
	lead.ConsentText, lead.ConsentAt = h.content.FormLabels.Privacy, &consentAt
	created, err := h.storeLead(c, lead)
	switch {
	case errors.Is(err, errLimitReached):
		return h.leadLimitReached(c)
	case errors.Is(err, models.ErrUnavailable):
		h.log.Error("lead not stored: database unavailable", "request_id", requestID(c), "err", err)
		return h.leadUnavailable(c)
	case err != nil:
		return err
	}
	if !created {
		h.log.Info("lead form posted again; first post kept", "request_id", requestID(c))
	} else {
		h.metrics.LeadCreated()
	}
	return h.leadAccepted(c)
}

// errLimitReached is storeLead's answer to a post past the rate limit.
var errLimitReached = errors.New("lead form rate limit reached")

// storeLead stores l; where the store can, it counts the post against the client's
// rate limit in the same statement, and refuses with errLimitReached (Retry-After set)
// past it. When the counter cannot count, the post is refused with
// models.ErrUnavailable (503) rather than stored uncounted.
func (h *Handler) storeLead(c *fiber.Ctx, l *models.Lead) (created bool, err error) {
	if !h.store.CanCountLeadPosts() {
		return h.store.CreateLead(c.UserContext(), l)
	}
	now := h.clock.Now()
	created, count, err := h.store.CreateLeadCounted(c.UserContext(), l, h.limits.leadPosts.Hit(h.ips.IP(c), now))
	if err != nil && !errors.Is(err, models.ErrUnavailable) {
		// The statement failed as a whole, its hit with it. Count the post alone to
		// tell whose failure it was: a limit that cannot count refuses (503); one that
		// can leaves the insert's failure, a bug (500).
		if _, _, terr := h.limits.leadPosts.Take(c.UserContext(), h.ips.IP(c), now); terr != nil {
			h.log.Warn("lead rate limit unavailable; refusing the post", "err", terr, "request_id", requestID(c))
			return false, fmt.Errorf("%w: %w", models.ErrUnavailable, err)
		}
	}
	if err != nil {
		return false, err
	}
	if ok, wait := count.Allowed(h.limits.leadPosts.Max, now); !ok {
		setRetryAfter(c, wait)
		return false, errLimitReached
	}
	return created, nil
}

// submission reads the landing form: the visitor's fields, trimmed, and its one-time key.
// Fields the form does not have (status, owner, id) are never read.
func submission(c *fiber.Ctx) (models.Submission, string) {
	sub := models.Submission{
		LeadInput: models.LeadInput{
			Name:    formValue(c, "name"),
			Email:   formValue(c, "email"),
			Company: formValue(c, "company"),
			Phone:   formValue(c, "phone"),
			Message: formValue(c, "message"),
		},
		Attribution: models.Attribution{
			UTMSource:   formValue(c, "utm_source"),
			UTMMedium:   formValue(c, "utm_medium"),
			UTMCampaign: formValue(c, "utm_campaign"),
			Referrer:    formValue(c, "referrer"),
			LandingPath: formValue(c, "landing_path"),
		},
	}
	sub.Normalize()
	key := formValue(c, "form_key")
	if !validFormKey(key) {
		// A form without our key (a script, an old page) still works; it just cannot
		// be deduplicated.
		key = newFormKey()
	}
	return sub, key
}

// leadAccepted is the success answer: the thank-you fragment for htmx, else a redirect.
func (h *Handler) leadAccepted(c *fiber.Ctx) error {
	if wantsFragment(c) {
		return render(c, fiber.StatusOK, views.LeadThanks(h.content.Thanks))
	}
	return c.Redirect(paths.Thanks, fiber.StatusSeeOther)
}

// leadFormAgain answers a post that stored nothing with the form, values kept: the
// fragment for htmx, the whole page otherwise.
func (h *Handler) leadFormAgain(c *fiber.Ctx, status int, form views.LeadForm) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if wantsFragment(c) {
		return render(c, status, views.LeadFormFragment(form))
	}
	return render(c, status, views.LandingPage(views.Landing{Page: h.page, Content: h.content, Form: form}))
}

// leadLimitReached answers the 11th post in a minute: 429, with the form and what the
// visitor typed, so that nothing is lost.
func (h *Handler) leadLimitReached(c *fiber.Ctx) error {
	h.log.Warn("lead form rate limit reached", "request_id", requestID(c), "ip", h.ips.IP(c))
	h.metrics.LeadRefused(metrics.RefusedRateLimit)
	sub, key := submission(c)
	form := h.leadForm(sub, key, nil)
	form.Notice = noticeRateLimited
	return h.leadFormAgain(c, fiber.StatusTooManyRequests, form)
}

// leadUnavailable answers a post that could not be stored, or not counted against the
// rate limit, because the database is down: 503, with the form and what the visitor
// typed, so that nothing is lost and sending again works.
func (h *Handler) leadUnavailable(c *fiber.Ctx) error {
	h.metrics.LeadRefused(metrics.RefusedUnavailable)
	sub, key := submission(c)
	form := h.leadForm(sub, key, nil)
	form.Notice = noticeUnavailable
	return h.leadFormAgain(c, fiber.StatusServiceUnavailable, form)
}

// Thanks is the page a visitor without JavaScript sees after sending the form.
func (h *Handler) Thanks(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.ThanksPageView(views.ThanksPage{Page: h.pageTitled(h.content.Thanks.Title), Content: h.content}))
}

// leadForm builds the form's view model. Values are made valid UTF-8 for display only;
// what is stored went through validation.
func (h *Handler) leadForm(sub models.Submission, key string, ve *models.ValidationError) views.LeadForm {
	v := displayText
	f := views.LeadForm{
		Labels: h.content.FormLabels,
		Values: views.LeadFormValues{
			Name:        v(sub.Name),
			Email:       v(sub.Email),
			Company:     v(sub.Company),
			Phone:       v(sub.Phone),
			Message:     v(sub.Message),
			UTMSource:   v(sub.UTMSource),
			UTMMedium:   v(sub.UTMMedium),
			UTMCampaign: v(sub.UTMCampaign),
			Referrer:    v(sub.Referrer),
			LandingPath: v(sub.LandingPath),
			FormKey:     key,
		},
	}
	if ve != nil {
		f.Errors, f.ErrorOrder = ve.Fields, ve.Order
	}
	return f
}

// formKeyBytes is the size of the one-time key: 128 random bits cannot be guessed, so
// nobody can suppress another visitor's lead by posting its key first.
const formKeyBytes = 16

func newFormKey() string {
	b := make([]byte, formKeyBytes)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

func validFormKey(k string) bool {
	if len(k) != base64.RawURLEncoding.EncodedLen(formKeyBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(k)
	return err == nil
}
