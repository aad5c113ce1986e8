package handlers

import (
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/leadjson"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// ExportPage asks an admin for the email address to export.
func (h *Handler) ExportPage(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.ExportPage(views.Export{App: h.appPage(c, "Export", "export")}))
}

// Export answers with everything stored about one email address as a JSON download.
// Admins only: it gathers a person's data across leads, a step beyond working one. The
// address is posted, not put in the URL, so it stays out of access logs and history.
func (h *Handler) Export(c *fiber.Ctx) error {
	email := models.NormalizeEmail(formValue(c, "email"))
	if !models.LooksLikeEmail(email) {
		var ve models.ValidationError
		ve.Add("email", "Enter an email address in the correct format, like name@example.com")
		vm := views.Export{App: h.appPage(c, "Export", "export"), Email: formValue(c, "email"), Errors: ve.Fields, ErrorOrder: ve.Order}
		return render(c, fiber.StatusUnprocessableEntity, views.ExportPage(vm))
	}
	ex, err := h.store.ExportEmail(c.UserContext(), email)
	if err != nil {
		return err
	}
	body, err := json.MarshalIndent(exportJSON(ex, h.clock.Now()), "", "  ")
	if err != nil {
		return err
	}
	h.log.Info("personal data exported", "leads", len(ex.Leads), "by", currentUser(c).ID, "request_id", requestID(c))
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="leadline-export-`+h.now(c).Format("2006-01-02")+`.json"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusOK).Send(body)
}

// ExportFile is the JSON of an export.
type ExportFile struct {
	Email      string       `json:"email"`
	ExportedAt time.Time    `json:"exported_at"`
	Leads      []ExportLead `json:"leads"`
}

// ExportLead is one lead in an export, with what hangs off it.
type ExportLead struct {
	leadjson.Lead
	ConsentText string            `json:"consent_text"`
	ConsentAt   *time.Time        `json:"consent_at"`
	Notes       []apiNote         `json:"notes"`
	History     []apiHistoryEntry `json:"history"`
}

func exportJSON(ex *models.Export, now time.Time) ExportFile {
	out := ExportFile{Email: ex.Email, ExportedAt: now.UTC(), Leads: []ExportLead{}}
	for i := range ex.Leads {
		el := &ex.Leads[i]
		l := ExportLead{Lead: leadjson.From(&el.Lead), ConsentText: el.Lead.ConsentText, ConsentAt: el.Lead.ConsentAt,
			Notes: []apiNote{}, History: []apiHistoryEntry{}}
		for j := range el.Notes {
			l.Notes = append(l.Notes, noteJSON(&el.Notes[j]))
		}
		for j := range el.Events {
			l.History = append(l.History, historyJSON(&el.Events[j]))
		}
		out.Leads = append(out.Leads, l)
	}
	return out
}
