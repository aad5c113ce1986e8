package handlers

import (
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

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
		ClearURL:  paths.Leads,
		ExportURL: listURL(paths.LeadsCSV, f, owner, func(q url.Values) { q.Del("page"); q.Del("per_page") }),
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
		res.PrevURL = listURL(paths.Leads, f, owner, func(q url.Values) { setPage(q, f.Page-1) })
	}
	if f.Page < res.Pages {
		res.NextURL = listURL(paths.Leads, f, owner, func(q url.Values) { setPage(q, f.Page+1) })
	}
	for col, asc := range map[string]models.LeadSort{"name": models.SortName, "created": models.SortOldest, "status": models.SortStatus} {
		next := asc
		switch {
		case col == "name" && f.Sort == models.SortName:
			next = models.SortNameDesc
		case col == "created" && f.Sort == models.SortOldest:
			next = models.SortNewest
		}
		res.SortURLs[col] = listURL(paths.Leads, f, owner, func(q url.Values) {
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

// listURL is /app/leads with the filter's query; change adjusts it first.
func listURL(path string, f models.LeadFilter, owner string, change func(q url.Values)) string {
	q := url.Values{}
	if f.Query != "" {
		q.Set("q", f.Query)
	}
	if f.Status != "" {
		q.Set("status", string(f.Status))
	}
	if owner != "" {
		q.Set("owner", owner)
	}
	if f.Due {
		q.Set("due", "1")
	}
	if f.Sort != models.SortNewest {
		q.Set("sort", string(f.Sort))
	}
	if f.Page > 1 {
		q.Set("page", strconv.Itoa(f.Page))
	}
	if f.PerPage != models.DefaultPerPage {
		q.Set("per_page", strconv.Itoa(f.PerPage))
	}
	if change != nil {
		change(q)
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
