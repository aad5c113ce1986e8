package handlers

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// NewLead is the form that enters a lead by hand.
func (h *Handler) NewLead(c *fiber.Ctx) error {
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	me := currentUser(c).ID
	return render(c, fiber.StatusOK, views.NewLeadPageView(views.NewLeadPage{
		App: h.appPage(c, "New lead", "leads"), Status: statusOptions(models.StatusNew, false),
		Owners: ownerOptions(users, &me),
	}))
}

// CreateLeadByHand stores a lead entered by staff, validated like the landing form.
func (h *Handler) CreateLeadByHand(c *fiber.Ctx) error {
	edit := leadEditForm(c)
	status := models.Status(c.FormValue("status"))
	ve := validationOf(edit.Validate())
	if !status.Valid() {
		ve.Add("status", "Choose a status from the list")
	}
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	var owner *int64
	if raw := c.FormValue("owner_id"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		valid := false
		for _, u := range users {
			valid = valid || (err == nil && u.ID == id && u.Active)
		}
		if !valid {
			ve.Add("owner_id", "Choose an owner from the list")
		} else {
			owner = &id
		}
	}
	if ve.Err() != nil {
		return render(c, fiber.StatusUnprocessableEntity, views.NewLeadPageView(views.NewLeadPage{
			App: h.appPage(c, "New lead", "leads"),
			Values: views.LeadEditValues{Name: edit.Name, Email: edit.Email, Company: edit.Company, Phone: edit.Phone,
				Message: edit.Message, NextActionAt: edit.NextActionAt},
			Status: statusOptions(status, false), Owners: ownerOptions(users, owner),
			Errors: ve.Fields, ErrorOrder: ve.Order,
		}))
	}
	me := currentUser(c).ID
	l := &models.Lead{Status: status, OwnerID: owner, CreatedBy: &me, Version: 1}
	edit.Apply(l)
	if _, err := h.store.CreateLead(c.UserContext(), l); err != nil {
		return err
	}
	if err := h.flash(c, "Lead added."); err != nil {
		return err
	}
	return c.Redirect(leadURL(l.ID), fiber.StatusSeeOther)
}

// ConfirmDelete is the step before a delete: the row asks again (htmx), or a page does.
func (h *Handler) ConfirmDelete(c *fiber.Ctx) error {
	l, err := h.loadLead(c)
	if err != nil {
		return err
	}
	row := leadRow(l, nil, csrfToken(c), time.Now())
	if view(c) == "row" {
		return render(c, fiber.StatusOK, views.LeadRowConfirmView(row))
	}
	return render(c, fiber.StatusOK, views.DeleteConfirmPage(views.DeleteConfirm{App: h.appPage(c, "Delete "+l.Name+"?", "leads"), Row: row}))
}

// DeleteLead deletes a lead. htmx swaps the row for nothing; DELETE without htmx gets
// 204; the form without JavaScript (POST …/delete) goes back to the list.
func (h *Handler) DeleteLead(c *fiber.Ctx) error {
	id, err := leadID(c)
	if err != nil {
		return err
	}
	if err := h.store.DeleteLead(c.UserContext(), id); err != nil {
		return err
	}
	h.log.Info("lead deleted", "lead_id", id, "by", currentUser(c).ID, "request_id", requestID(c))
	switch {
	case c.Method() == fiber.MethodPost:
		if err := h.flash(c, "Lead deleted."); err != nil {
			return err
		}
		return c.Redirect("/app/leads", fiber.StatusSeeOther)
	case c.Get("HX-Request") == "true":
		return c.Status(fiber.StatusOK).SendString("")
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// AddNote adds a note by the signed-in user.
func (h *Handler) AddNote(c *fiber.Ctx) error {
	l, err := h.loadLead(c)
	if err != nil {
		return err
	}
	id := l.ID
	body := strings.TrimSpace(c.FormValue("body"))
	form := views.NoteForm{LeadID: id, CSRF: csrfToken(c), Body: strings.ToValidUTF8(body, "\uFFFD")}
	if err := models.ValidateNote(body); err != nil {
		form.Error = validationOf(err).Fields["body"]
		if wantsFragment(c) {
			notes, err := h.store.Notes(c.UserContext(), id)
			if err != nil {
				return err
			}
			return render(c, fiber.StatusUnprocessableEntity, views.NotesView(noteViews(notes), form))
		}
		users, err := h.store.Users(c.UserContext())
		if err != nil {
			return err
		}
		return h.renderDetail(c, fiber.StatusUnprocessableEntity, l, users, form)
	}
	me := currentUser(c).ID
	if err := h.store.AddNote(c.UserContext(), &models.Note{LeadID: id, UserID: &me, Body: body}); err != nil {
		return err
	}
	if !wantsFragment(c) {
		return c.Redirect(leadURL(id)+"#notes", fiber.StatusSeeOther)
	}
	notes, err := h.store.Notes(c.UserContext(), id)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.NotesView(noteViews(notes), views.NoteForm{LeadID: id, CSRF: csrfToken(c)}))
}

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

// chartWidth and chartHeight are the dashboard chart's SVG size.
const (
	chartWidth  = 720
	chartHeight = 200
	chartDays   = 30
)

// Dashboard is /app: the pipeline at a glance.
func (h *Handler) Dashboard(c *fiber.Ctx) error {
	now := time.Now()
	stats, err := h.store.Stats(c.UserContext(), chartDays, now)
	if err != nil {
		return err
	}
	recent, err := h.store.RecentLeads(c.UserContext(), 8)
	if err != nil {
		return err
	}
	due, err := h.store.DueLeads(c.UserContext(), now, 8)
	if err != nil {
		return err
	}
	vm := views.Dashboard{
		App:   h.appPage(c, "Dashboard", "dashboard"),
		Total: stats.Total,
		Won:   stats.ByStatus[models.StatusWon],
		Lost:  stats.ByStatus[models.StatusLost],
		Chart: chart(stats.PerDay),
	}
	vm.Conversion = "—"
	if closed := vm.Won + vm.Lost; closed > 0 {
		vm.Conversion = strconv.FormatInt((vm.Won*100+closed/2)/closed, 10) + " %"
	}
	for _, s := range models.Statuses() {
		vm.ByStatus = append(vm.ByStatus, views.StatusCount{
			Status: string(s), Label: statusLabel(s), Count: stats.ByStatus[s], URL: "/app/leads?status=" + string(s),
		})
	}
	csrf := csrfToken(c)
	for i := range recent {
		vm.Recent = append(vm.Recent, leadRow(&recent[i], nil, csrf, now))
	}
	for i := range due {
		vm.Due = append(vm.Due, leadRow(&due[i], nil, csrf, now))
	}
	return render(c, fiber.StatusOK, views.DashboardPage(vm))
}

// chart lays out one bar a day, scaled to the busiest day.
func chart(days []models.DayCount) views.Chart {
	ch := views.Chart{Width: chartWidth, Height: chartHeight}
	if len(days) == 0 {
		return ch
	}
	const top, bottom = 16.0, 24.0 // room for the max label and the dates
	busiest := days[0]
	for _, d := range days {
		ch.Total += d.Count
		if d.Count > busiest.Count {
			busiest = d
		}
	}
	ch.Max = busiest.Count
	slot := float64(chartWidth) / float64(len(days))
	plot := float64(chartHeight) - top - bottom
	for i, d := range days {
		hgt := 0.0
		if ch.Max > 0 {
			hgt = plot * float64(d.Count) / float64(ch.Max)
		}
		if d.Count > 0 && hgt < 2 {
			hgt = 2 // a day with a lead stays visible
		}
		ch.Bars = append(ch.Bars, views.Bar{
			X: float64(i)*slot + slot*0.15, W: slot * 0.7,
			Y: top + plot - hgt, H: hgt, Count: d.Count,
			Label: d.Day.Format("2 Jan") + ": " + plural(d.Count, "lead"),
		})
	}
	ch.FirstLabel, ch.LastLabel = days[0].Day.Format("2 Jan"), days[len(days)-1].Day.Format("2 Jan")
	ch.Summary = fmt.Sprintf("%s in the last %d days", plural(ch.Total, "new lead"), len(days))
	if ch.Max > 0 {
		ch.Summary += fmt.Sprintf("; the busiest day was %s with %s", busiest.Day.Format("2 January"), plural(busiest.Count, "lead"))
	}
	ch.Summary += "."
	return ch
}

func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.FormatInt(n, 10) + " " + word + "s"
}
