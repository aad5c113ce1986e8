package handlers

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/webhook"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// WebhookQueue queues the deliveries an admin asks for; *jobs.Engine implements it.
type WebhookQueue interface {
	SendTestEvent(ctx context.Context, webhookID int64) error
	Redeliver(ctx context.Context, d *models.WebhookDelivery) error
}

// AdminWebhooks lists the webhook endpoints with the form that adds one (admins only).
func (h *Handler) AdminWebhooks(c *fiber.Ctx) error {
	return h.renderWebhooks(c, fiber.StatusOK, models.NewWebhook{Format: models.FormatJSON}, nil, nil)
}

// renderWebhooks renders the list: the form with what was typed and its messages, and
// the secret of an endpoint just added.
func (h *Handler) renderWebhooks(c *fiber.Ctx, status int, form models.NewWebhook, ve *models.ValidationError, created *views.CreatedWebhook) error {
	hooks, err := h.store.Webhooks(c.UserContext())
	if err != nil {
		return err
	}
	vm := views.WebhooksPage{App: h.appPage(c, "Webhooks", "webhooks"), Created: created, AllowPrivate: h.cfg.WebhookAllowPrivate}
	vm.Form.URL = displayText(form.URL)
	for _, e := range models.WebhookEvents() {
		vm.Form.Events = append(vm.Form.Events, views.Checkbox{Value: e, Label: e, Checked: slices.Contains(form.Events, e)})
	}
	for _, f := range models.WebhookFormats() {
		vm.Form.Formats = append(vm.Form.Formats, views.Option{Value: string(f), Label: f.Label(), Selected: f == form.Format})
	}
	if ve != nil {
		vm.Form.Errors, vm.Form.ErrorOrder = ve.Fields, ve.Order
	}
	for i := range hooks {
		vm.Hooks = append(vm.Hooks, webhookRow(&hooks[i], h.zone(c)))
	}
	return render(c, status, views.WebhooksView(vm))
}

func webhookRow(w *models.Webhook, loc *time.Location) views.WebhookRow {
	return views.WebhookRow{
		ID: w.ID, URL: w.URL, Events: strings.Join(w.Events, ", "), Format: w.Format.Label(),
		Active: w.Active, Created: timeText(w.CreatedAt, loc),
	}
}

// CreateWebhook adds an endpoint after checking its URL's shape and where it leads
// (SSRF), and shows its signing secret once, in this answer only, as the tokens page
// does: a flash would keep it in the session's row.
func (h *Handler) CreateWebhook(c *fiber.Ctx) error {
	form := models.NewWebhook{URL: formValue(c, "url"), Events: formValues(c, "events"), Format: models.WebhookFormat(formValue(c, "format"))}
	form.Normalize()
	err := form.Validate()
	if err == nil {
		err = h.checkWebhookURL(c.UserContext(), form.URL)
	}
	if err != nil {
		return h.renderWebhooks(c, fiber.StatusUnprocessableEntity, form, validationOf(err), nil)
	}
	w := &models.Webhook{URL: form.URL, Events: form.Events, Format: form.Format, Secret: webhook.NewSecret(), Active: true, CreatedAt: h.clock.Now()}
	if err := h.store.CreateWebhook(c.UserContext(), w); err != nil {
		return err
	}
	h.log.Info("webhook added", "webhook_id", w.ID, "by", currentUser(c).ID, "request_id", requestID(c))
	return h.renderWebhooks(c, fiber.StatusCreated, models.NewWebhook{Format: models.FormatJSON}, nil,
		&views.CreatedWebhook{ID: w.ID, URL: w.URL, Secret: w.Secret})
}

// urlCheckTimeout bounds the DNS lookup of a URL being saved: a resolver that does not
// answer gets the admin a message, not a hanging form.
const urlCheckTimeout = 5 * time.Second

// checkWebhookURL is the guard's verdict on the URL as a validation error of the form.
func (h *Handler) checkWebhookURL(ctx context.Context, raw string) error {
	ctx, cancel := context.WithTimeout(ctx, urlCheckTimeout)
	defer cancel()
	err := h.hookGuard.CheckURL(ctx, raw)
	var ue *webhook.URLError
	if errors.As(err, &ue) {
		var v models.ValidationError
		v.Add("url", ue.Message)
		return &v
	}
	return err
}
