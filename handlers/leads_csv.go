package handlers

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/models"
)

// exportTimeout bounds a CSV export, which runs after the handler has returned.
const exportTimeout = 5 * time.Minute

// LeadsCSV streams the filtered list as CSV, a row at a time.
func (h *Handler) LeadsCSV(c *fiber.Ctx) error {
	f, err := models.ParseLeadFilter(queryGetter(c), currentUser(c).ID)
	if err != nil {
		return err
	}
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	names := namesOf(users)
	now := time.Now()
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="leads-`+now.UTC().Format("2006-01-02")+`.csv"`)
	log, rid := h.log, requestID(c)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		// The request's context ends with the handler; the export gets its own.
		ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
		defer cancel()
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"id", "created_at", "name", "email", "company", "phone", "status", "owner",
			"next_action_at", "utm_source", "utm_medium", "utm_campaign", "referrer", "landing_path", "message"})
		n := 0
		err := h.store.EachLead(ctx, f, now, func(l *models.Lead) error {
			n++
			if err := cw.Write(csvRow(l, names)); err != nil {
				return err
			}
			if n%500 == 0 {
				cw.Flush()
				return w.Flush() // a client that went away stops the export here
			}
			return nil
		})
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			log.Error("CSV export stopped", "request_id", rid, "rows", n, "err", err)
		}
	})
	return nil
}

func csvRow(l *models.Lead, names people) []string {
	row := []string{
		strconv.FormatInt(l.ID, 10), l.CreatedAt.UTC().Format(time.RFC3339), l.Name, l.Email, l.Company, l.Phone,
		string(l.Status), names.name(l.OwnerID), models.FormatDate(l.NextActionAt),
		l.UTMSource, l.UTMMedium, l.UTMCampaign, l.Referrer, l.LandingPath, l.Message,
	}
	for i := range row {
		row[i] = csvCell(row[i])
	}
	return row
}

// csvCell keeps a spreadsheet from running a cell as a formula: a cell that starts
// with = + - @, a tab or a carriage return gets a leading apostrophe (OWASP's advice).
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
