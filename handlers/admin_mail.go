package handlers

import (
	"context"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/jobs"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// MailQueue is the email jobs the admin page shows and retries; *jobs.Engine
// implements it.
type MailQueue interface {
	Mail() bool
	MailJobs(ctx context.Context) ([]jobs.MailJob, error)
	RetryMail(ctx context.Context, id int64) error
}

// mailKinds are the emails as the page names them.
var mailKinds = map[string]string{
	jobs.KindLeadCreatedMail: "New lead",
	jobs.KindAssignedMail:    "Assigned lead",
	jobs.KindDigestMail:      "Daily digest",
}

var mailStates = map[jobs.MailState]views.MailState{
	jobs.MailQueued: views.MailQueued, jobs.MailSending: views.MailSending,
	jobs.MailRetrying: views.MailRetrying, jobs.MailFailed: views.MailFailed,
}

// AdminMail lists the emails that are queued, being sent, waiting for a retry or
// failed for good (admins only).
func (h *Handler) AdminMail(c *fiber.Ctx) error {
	list, err := h.mail.MailJobs(c.UserContext())
	if err != nil {
		return err
	}
	vm := views.MailPage{App: h.appPage(c, "Mail", "mail"), On: h.mail.Mail(), NotifyTo: h.cfg.NotifyTo, From: h.cfg.MailFrom}
	for _, j := range list {
		row := views.MailJobRow{
			ID: j.ID, What: mailKinds[j.Kind], LeadID: j.LeadID, To: j.To, State: mailStates[j.State],
			Attempts: fmt.Sprintf("%d of %d", j.Attempt, j.MaxAttempts), LastError: j.LastError,
		}
		if row.What == "" {
			row.What = j.Kind
		}
		if row.To == "" {
			row.To = "nobody (the user is gone)"
		}
		if !j.LastErrorAt.IsZero() {
			row.LastErrorAt = timeText(j.LastErrorAt, h.zone(c))
		}
		if !j.NextAttempt.IsZero() {
			row.NextAttempt = timeText(j.NextAttempt, h.zone(c))
		}
		vm.Jobs = append(vm.Jobs, row)
	}
	return render(c, fiber.StatusOK, views.MailQueue(vm))
}

// RetryMail sends a failed or waiting email again now (POST, admins only).
func (h *Handler) RetryMail(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("mail job %q: %w", c.Params("id"), models.ErrNotFound)
	}
	if err := h.mail.RetryMail(c.UserContext(), id); err != nil {
		return err
	}
	h.log.Info("email retried", "job_id", id, "by", currentUser(c).ID, "request_id", requestID(c))
	if err := h.flash(c, "The email is queued to be sent again now."); err != nil {
		return err
	}
	return c.Redirect(paths.AdminMail, fiber.StatusSeeOther)
}
