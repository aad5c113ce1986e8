package handlers

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// leadID reads :id; anything but a positive number is a lead that does not exist.
func leadID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// loadLead loads the lead named by :id.
func (h *Handler) loadLead(c *fiber.Ctx) (*models.Lead, error) {
	id, err := leadID(c)
	if err != nil {
		return nil, err
	}
	return h.store.Lead(c.UserContext(), id)
}

// leadEditForm reads the lead form's editable fields, trimmed.
func leadEditForm(c *fiber.Ctx) models.LeadEdit {
	e := models.LeadEdit{
		LeadInput: models.LeadInput{
			Name: c.FormValue("name"), Email: c.FormValue("email"), Company: c.FormValue("company"),
			Phone: c.FormValue("phone"), Message: c.FormValue("message"),
		},
		NextActionAt: c.FormValue("next_action_at"),
	}
	e.Normalize()
	return e
}

// view is which part of the page a request wants back: "row" (the list), "card" (the
// lead's page), or "" for a whole page. Only htmx gets parts.
func view(c *fiber.Ctx) string {
	v := c.Query("view")
	if v == "" {
		v = c.FormValue("view")
	}
	if (v == "row" || v == "card") && wantsFragment(c) {
		return v
	}
	return ""
}

// LeadsList is /app/leads: filters, results and pages. htmx gets the results alone.
func (h *Handler) LeadsList(c *fiber.Ctx) error {
	me := currentUser(c)
	now := time.Now()
	status := fiber.StatusOK
	f, err := models.ParseLeadFilter(queryGetter(c), me.ID)
	ve := validationOf(err)
	if err != nil {
		status = fiber.StatusUnprocessableEntity
	}
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	var leads []models.Lead
	var total int64
	if status == fiber.StatusOK {
		if leads, total, err = h.store.ListLeads(c.UserContext(), f, now); err != nil {
			return err
		}
	}
	owner := c.Query("owner")
	if status != fiber.StatusOK {
		owner = ""
	}
	csrf := csrfToken(c)
	res := views.LeadResults{
		Total:     total,
		Page:      f.Page,
		Pages:     int((total + int64(f.PerPage) - 1) / int64(f.PerPage)),
		Filtered:  f.Query != "" || f.Status != "" || owner != "" || f.Due || status != fiber.StatusOK,
		ClearURL:  "/app/leads",
		ExportURL: listURL("/app/leads.csv", f, owner, func(q url.Values) { q.Del("page"); q.Del("per_page") }),
		SortedBy:  string(f.Sort),
		SortURLs:  map[string]string{},
	}
	for _, l := range leads {
		res.Rows = append(res.Rows, leadRow(&l, users, csrf, now))
	}
	if len(leads) > 0 {
		res.From = int64(f.Offset()) + 1
		res.To = int64(f.Offset() + len(leads))
	}
	if f.Page > 1 {
		res.PrevURL = listURL("/app/leads", f, owner, func(q url.Values) { setPage(q, f.Page-1) })
	}
	if f.Page < res.Pages {
		res.NextURL = listURL("/app/leads", f, owner, func(q url.Values) { setPage(q, f.Page+1) })
	}
	for col, asc := range map[string]models.LeadSort{"name": models.SortName, "created": models.SortOldest, "status": models.SortStatus} {
		next := asc
		switch {
		case col == "name" && f.Sort == models.SortName:
			next = models.SortNameDesc
		case col == "created" && f.Sort == models.SortOldest:
			next = models.SortNewest
		}
		res.SortURLs[col] = listURL("/app/leads", f, owner, func(q url.Values) {
			q.Del("page")
			if next == models.SortNewest {
				q.Del("sort")
			} else {
				q.Set("sort", string(next))
			}
		})
	}
	if wantsFragment(c) {
		return render(c, status, views.LeadResultsView(res))
	}
	filters := views.LeadFilters{
		Q: f.Query, Due: f.Due, Statuses: statusOptions(f.Status, true),
		Errors: ve.Fields, ErrorOrder: ve.Order,
	}
	if f.PerPage != models.DefaultPerPage {
		filters.PerPage = f.PerPage
	}
	filters.Owners = []views.Option{
		{Value: "", Label: "Anyone", Selected: owner == ""},
		{Value: "me", Label: "Me", Selected: owner == "me"},
		{Value: "none", Label: "Nobody", Selected: owner == "none"},
	}
	for _, u := range users {
		id := strconv.FormatInt(u.ID, 10)
		label := u.Name
		if !u.Active {
			label += " (deactivated)"
		}
		filters.Owners = append(filters.Owners, views.Option{Value: id, Label: label, Selected: owner == id})
	}
	for _, s := range models.LeadSorts() {
		filters.Sorts = append(filters.Sorts, views.Option{Value: string(s), Label: sortLabel(s), Selected: s == f.Sort})
	}
	return render(c, status, views.LeadsPageView(views.LeadsPage{App: h.appPage(c, "Leads", "leads"), Filters: filters, Results: res}))
}

func sortLabel(s models.LeadSort) string {
	switch s {
	case models.SortOldest:
		return "Oldest first"
	case models.SortName:
		return "Name A–Z"
	case models.SortNameDesc:
		return "Name Z–A"
	case models.SortStatus:
		return "Pipeline stage"
	}
	return "Newest first"
}

func setPage(q url.Values, page int) {
	if page <= 1 {
		q.Del("page")
		return
	}
	q.Set("page", strconv.Itoa(page))
}

// ShowLead is a lead's page; htmx asks for its row or its card alone.
func (h *Handler) ShowLead(c *fiber.Ctx) error {
	l, err := h.loadLead(c)
	if err != nil {
		return err
	}
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	now := time.Now()
	switch view(c) {
	case "row":
		return render(c, fiber.StatusOK, views.LeadRowView(leadRow(l, users, csrfToken(c), now)))
	case "card":
		return render(c, fiber.StatusOK, views.LeadCardView(leadCard(l, users, csrfToken(c), now)))
	}
	return h.renderDetail(c, fiber.StatusOK, l, users, views.NoteForm{})
}

// renderDetail renders a lead's whole page.
func (h *Handler) renderDetail(c *fiber.Ctx, status int, l *models.Lead, users []models.User, form views.NoteForm) error {
	notes, err := h.store.Notes(c.UserContext(), l.ID)
	if err != nil {
		return err
	}
	events, err := h.store.Events(c.UserContext(), l.ID)
	if err != nil {
		return err
	}
	form.LeadID, form.CSRF = l.ID, csrfToken(c)
	vm := views.LeadDetail{
		App:      h.appPage(c, "Lead details", "leads"),
		Card:     leadCard(l, users, csrfToken(c), time.Now()),
		Notes:    noteViews(notes),
		History:  history(l, events, namesOf(users)),
		NoteForm: form,
	}
	return render(c, status, views.LeadDetailView(vm))
}

func noteViews(notes []models.Note) []views.NoteView {
	out := make([]views.NoteView, 0, len(notes))
	for _, n := range notes {
		author := n.AuthorName
		if author == "" {
			author = "A former user"
		}
		out = append(out, views.NoteView{Author: author, Body: n.Body, When: timeText(n.CreatedAt), WhenISO: n.CreatedAt.UTC().Format(time.RFC3339)})
	}
	return out
}

// EditLead turns the row or the card into a form (a whole page without htmx).
func (h *Handler) EditLead(c *fiber.Ctx) error {
	l, err := h.loadLead(c)
	if err != nil {
		return err
	}
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	return h.renderEdit(c, fiber.StatusOK, view(c), l, users, editValues(l), nil)
}

func (h *Handler) renderEdit(c *fiber.Ctx, status int, v string, l *models.Lead, users []models.User, values views.LeadEditValues, ve *models.ValidationError) error {
	var errs map[string]string
	var order []string
	if ve != nil {
		errs, order = ve.Fields, ve.Order
	}
	now := time.Now()
	if v == "row" {
		return render(c, status, views.LeadRowEditView(views.LeadRowEdit{Row: leadRow(l, users, csrfToken(c), now), Values: values, Errors: errs, ErrorOrder: order}))
	}
	edit := views.LeadCardEdit{Card: leadCard(l, users, csrfToken(c), now), Values: values, Errors: errs, ErrorOrder: order}
	if v == "card" {
		return render(c, status, views.LeadCardEditView(edit))
	}
	return render(c, status, views.LeadEditPageView(views.LeadEditPage{App: h.appPage(c, "Edit "+l.Name, "leads"), Edit: edit}))
}

// formVersion reads the version the editor saw.
func formVersion(c *fiber.Ctx) (int, bool) {
	v, err := strconv.Atoi(c.FormValue("version"))
	return v, err == nil && v > 0
}

// UpdateLead saves an edit of the contact fields and the follow-up date (PUT, or POST
// from the page without JavaScript). A stale version gets 409 and the conflict view.
func (h *Handler) UpdateLead(c *fiber.Ctx) error {
	l, err := h.loadLead(c)
	if err != nil {
		return err
	}
	edit := leadEditForm(c)
	v := view(c)
	if v == "row" {
		// The row edits the contact fields only; the rest stays as it is.
		edit.Message, edit.NextActionAt = l.Message, models.FormatDate(l.NextActionAt)
	}
	version, ok := formVersion(c)
	values := views.LeadEditValues{
		Name: edit.Name, Email: edit.Email, Company: edit.Company, Phone: edit.Phone, Message: edit.Message,
		NextActionAt: edit.NextActionAt, Version: version,
	}
	ve := validationOf(edit.Validate())
	if !ok {
		ve.Add("version", "Reload the lead and edit it again")
	}
	if ve.Err() != nil {
		users, err := h.store.Users(c.UserContext())
		if err != nil {
			return err
		}
		values.Version = l.Version
		if ok {
			values.Version = version
		}
		return h.renderEdit(c, fiber.StatusUnprocessableEntity, v, l, users, values, ve)
	}
	updated, err := h.store.UpdateLead(c.UserContext(), l.ID, version, currentUser(c).ID, edit.Apply)
	return h.afterChange(c, v, updated, values, err, "Saved.")
}

// SetStatus moves a lead along the pipeline in one click.
func (h *Handler) SetStatus(c *fiber.Ctx) error {
	id, err := leadID(c)
	if err != nil {
		return err
	}
	status := models.Status(c.FormValue("status"))
	version, ok := formVersion(c)
	if !status.Valid() || !ok {
		return refuse(fiber.StatusUnprocessableEntity, "Choose a status from the list, on a lead you have loaded.")
	}
	updated, err := h.store.UpdateLead(c.UserContext(), id, version, currentUser(c).ID, func(l *models.Lead) { l.Status = status })
	return h.afterChange(c, view(c), updated, views.LeadEditValues{Version: version}, err, "Status set to "+statusLabel(status)+".")
}

// SetOwner gives a lead to a staff user, or to nobody, in one click.
func (h *Handler) SetOwner(c *fiber.Ctx) error {
	id, err := leadID(c)
	if err != nil {
		return err
	}
	version, ok := formVersion(c)
	if !ok {
		return refuse(fiber.StatusUnprocessableEntity, "Reload the lead and choose again.")
	}
	var owner *int64
	if raw := c.FormValue("owner_id"); raw != "" {
		oid, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return refuse(fiber.StatusUnprocessableEntity, "Choose an owner from the list.")
		}
		u, err := h.store.UserByID(c.UserContext(), oid)
		if errors.Is(err, models.ErrNotFound) || (err == nil && !u.Active) {
			return refuse(fiber.StatusUnprocessableEntity, "Choose an active staff user as the owner.")
		}
		if err != nil {
			return err
		}
		owner = &oid
	}
	updated, err := h.store.UpdateLead(c.UserContext(), id, version, currentUser(c).ID, func(l *models.Lead) { l.OwnerID = owner })
	return h.afterChange(c, view(c), updated, views.LeadEditValues{Version: version}, err, "Owner changed.")
}

// afterChange answers a saved change: the row or the card (with the history refreshed
// out of band) for htmx, a redirect to the lead otherwise; or the conflict view.
func (h *Handler) afterChange(c *fiber.Ctx, v string, l *models.Lead, yours views.LeadEditValues, err error, flash string) error {
	var ce *models.ConflictError
	if errors.As(err, &ce) {
		return h.renderConflict(c, v, ce, yours)
	}
	if err != nil {
		return err
	}
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	now := time.Now()
	switch v {
	case "row":
		return render(c, fiber.StatusOK, views.LeadRowView(leadRow(l, users, csrfToken(c), now)))
	case "card":
		events, err := h.store.Events(c.UserContext(), l.ID)
		if err != nil {
			return err
		}
		if err := render(c, fiber.StatusOK, views.LeadCardView(leadCard(l, users, csrfToken(c), now))); err != nil {
			return err
		}
		return views.HistoryView(history(l, events, namesOf(users)), true).Render(c.UserContext(), c.Response().BodyWriter())
	}
	if err := h.flash(c, flash); err != nil {
		return err
	}
	return c.Redirect(backTo(c, leadURL(l.ID)), fiber.StatusSeeOther)
}

// backTo is the page a form without JavaScript came from, if it is a lead page or the
// list, else fallback.
func backTo(c *fiber.Ctx, fallback string) string {
	ref := c.Get(fiber.HeaderReferer)
	if i := strings.Index(ref, "/app/leads"); i >= 0 {
		if p := localNext(ref[i:]); p != "" && !strings.Contains(p, "/edit") {
			return p
		}
	}
	return fallback
}

// renderConflict answers 409 with what the other person saved next to what this person
// sent.
func (h *Handler) renderConflict(c *fiber.Ctx, v string, ce *models.ConflictError, yours views.LeadEditValues) error {
	cur := ce.Current
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	names := namesOf(users)
	if v == "" {
		v = "card"
	}
	cf := views.Conflict{
		LeadID:    cur.ID,
		View:      v,
		ReloadURL: leadURL(cur.ID) + "?view=" + v,
		CSRF:      csrfToken(c),
		Row:       leadRow(cur, users, csrfToken(c), time.Now()),
		Yours:     yours,
	}
	cf.Yours.Version = cur.Version
	seen := map[string]bool{}
	for _, e := range ce.Since { // newest first: the value now is the newest event's
		if seen[e.Field] {
			continue
		}
		seen[e.Field] = true
		by := e.UserName
		if by == "" {
			by = "a former user"
		}
		cf.Fields = append(cf.Fields, views.ConflictField{
			Label:  fieldLabel(e.Field),
			Theirs: eventValue(e.Field, e.NewValue, names),
			Yours:  yoursFor(e.Field, yours),
			By:     by,
			When:   timeText(e.CreatedAt),
		})
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if !wantsFragment(c) {
		// Without htmx the whole page carries the comparison above the lead.
		return render(c, fiber.StatusConflict, views.ConflictPage(views.ConflictPageVM{App: h.appPage(c, "This lead changed", "leads"), Conflict: cf}))
	}
	return render(c, fiber.StatusConflict, views.ConflictView(cf))
}

// yoursFor is what the editor sent for a field, where the form carried it.
func yoursFor(field string, v views.LeadEditValues) string {
	switch field {
	case "name":
		return v.Name
	case "email":
		return v.Email
	case "company":
		return v.Company
	case "phone":
		return v.Phone
	case "message":
		return v.Message
	case "next_action_at":
		return v.NextActionAt
	}
	return "(not changed by you)"
}

// queryGetter reads query parameters one at a time.
func queryGetter(c *fiber.Ctx) func(string) string {
	return func(k string) string { return c.Query(k) }
}
