package handlers

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// deliveriesShown is how many attempts an endpoint's page lists.
const deliveriesShown = 50

// webhookParam is the endpoint named by the path's :id; a bad id is not found.
func webhookParam(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("webhook %q: %w", c.Params("id"), models.ErrNotFound)
	}
	return id, nil
}

// AdminWebhook shows one endpoint with its buttons and its latest deliveries.
func (h *Handler) AdminWebhook(c *fiber.Ctx) error {
	id, err := webhookParam(c)
	if err != nil {
		return err
	}
	w, err := h.store.Webhook(c.UserContext(), id)
	if err != nil {
		return err
	}
	list, err := h.store.Deliveries(c.UserContext(), id, deliveriesShown)
	if err != nil {
		return err
	}
	vm := views.WebhookPage{App: h.appPage(c, "Webhook", "webhooks"), Hook: webhookRow(w, h.zone(c))}
	for _, d := range list {
		row := views.DeliveryRow{
			ID: d.ID, Event: d.Event, EventID: d.EventID, LeadID: d.LeadID, Attempt: d.Attempt, OK: d.OK(),
			Error: d.Error, Duration: strconv.FormatInt(d.DurationMS, 10) + " ms", At: timeText(d.CreatedAt, h.zone(c)), Status: "no answer",
		}
		if d.StatusCode != 0 {
			row.Status = strconv.Itoa(d.StatusCode)
		}
		vm.Deliveries = append(vm.Deliveries, row)
	}
	return render(c, fiber.StatusOK, views.WebhookView(vm))
}

// backTo says what was done in the flash and goes to path.
func (h *Handler) backTo(c *fiber.Ctx, path, message string) error {
	if err := h.flash(c, message); err != nil {
		return err
	}
	if c.Get("HX-Request") == "true" {
		// htmx (the delete's confirm) loads the page whole, with the flash.
		c.Set("HX-Redirect", path)
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Redirect(path, fiber.StatusSeeOther)
}

// SendTestEvent queues a webhook.test delivery to the endpoint.
func (h *Handler) SendTestEvent(c *fiber.Ctx) error {
	id, err := webhookParam(c)
	if err != nil {
		return err
	}
	if _, err := h.store.Webhook(c.UserContext(), id); err != nil {
		return err
	}
	if err := h.webhooks.SendTestEvent(c.UserContext(), id); err != nil {
		return err
	}
	return h.backTo(c, paths.AdminWebhook(id), "A test event is on its way. Its delivery appears below in a moment: reload to see it.")
}

// SetWebhookActive disables or enables the endpoint (the form's active: true or false).
func (h *Handler) SetWebhookActive(c *fiber.Ctx) error {
	id, err := webhookParam(c)
	if err != nil {
		return err
	}
	active, err := strconv.ParseBool(formValue(c, "active"))
	if err != nil {
		var v models.ValidationError
		v.Add("active", "Choose to enable or disable the webhook")
		return &v
	}
	if err := h.store.SetWebhookActive(c.UserContext(), id, active); err != nil {
		return err
	}
	h.log.Info("webhook active set", "webhook_id", id, "active", active, "by", currentUser(c).ID, "request_id", requestID(c))
	msg := "The webhook is disabled: it receives nothing until you enable it."
	if active {
		msg = "The webhook is enabled: it receives its events again."
	}
	return h.backTo(c, paths.AdminWebhook(id), msg)
}

// DeleteWebhook deletes the endpoint with its log; deliveries still queued for it are
// dropped when they come up.
func (h *Handler) DeleteWebhook(c *fiber.Ctx) error {
	id, err := webhookParam(c)
	if err != nil {
		return err
	}
	w, err := h.store.Webhook(c.UserContext(), id)
	if err != nil {
		return err
	}
	if err := h.store.DeleteWebhook(c.UserContext(), id); err != nil {
		return err
	}
	h.log.Info("webhook deleted", "webhook_id", id, "by", currentUser(c).ID, "request_id", requestID(c))
	return h.backTo(c, paths.AdminWebhooks, "The webhook to "+w.URL+" was deleted.")
}

// Redeliver sends the event of one logged delivery (the form's delivery) again, with
// its event id.
func (h *Handler) Redeliver(c *fiber.Ctx) error {
	id, err := webhookParam(c)
	if err != nil {
		return err
	}
	did, err := strconv.ParseInt(formValue(c, "delivery"), 10, 64)
	if err != nil || did <= 0 {
		return fmt.Errorf("delivery %q: %w", formValue(c, "delivery"), models.ErrNotFound)
	}
	d, err := h.store.Delivery(c.UserContext(), id, did)
	if err != nil {
		return err
	}
	if err := h.webhooks.Redeliver(c.UserContext(), d); err != nil {
		return err
	}
	h.log.Info("webhook redelivered", "webhook_id", id, "delivery_id", did, "by", currentUser(c).ID, "request_id", requestID(c))
	return h.backTo(c, paths.AdminWebhook(id), "The "+d.Event+" event is queued to be sent again.")
}
