package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// LeadsList is /app/leads: filters, results and pages. htmx gets the results alone.
func (h *Handler) LeadsList(c *fiber.Ctx) error {
	f, parseErr := models.ParseLeadFilter(queryGetter(c), currentUser(c).ID)
	return h.renderLeads(c, f, parseErr, views.SaveViewForm{})
}

// renderLeads answers with the list showing f, or what could not be read of its query
// (parseErr); save is the sidebar's save form as typed, after a refused save.
func (h *Handler) renderLeads(c *fiber.Ctx, f models.LeadFilter, parseErr error, save views.SaveViewForm) error {
	status := fiber.StatusOK
	if parseErr != nil || save.Error != "" {
		status = fiber.StatusUnprocessableEntity
	}
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	res, err := h.leadResults(c, f, parseErr == nil, users)
	if err != nil {
		return err
	}
	nav, err := h.savedViewsNav(c, f, parseErr == nil, save)
	if err != nil {
		return err
	}
	if wantsFragment(c) {
		if parseErr == nil {
			// htmx would push the form's own URL, empty fields and all ("status=&owner=");
			// the address bar gets the filter's instead, which reads back the same.
			c.Set("HX-Push-Url", listURL(f))
		}
		return render(c, status, views.LeadResultsFragment(res, nav))
	}
	vm := views.LeadsPage{
		App:     h.appPage(c, "Leads", "leads"),
		Filters: leadFilters(f, validationOf(parseErr), users),
		Results: res,
		Views:   nav,
	}
	return render(c, status, views.LeadsPageView(vm))
}

// leadResults is the page of leads the filter selects, with the links to the other
// pages, orders and the export. A filter that was refused (ok false) shows no lead.
func (h *Handler) leadResults(c *fiber.Ctx, f models.LeadFilter, ok bool, users []models.User) (views.LeadResults, error) {
	res := views.LeadResults{
		Page:      f.Page,
		Filtered:  f.Narrowed() || !ok,
		ClearURL:  paths.Leads,
		ExportURL: exportURL(f),
		SortedBy:  string(f.Sort),
		SortURLs:  sortURLs(f),
	}
	if !ok {
		return res, nil
	}
	now := h.now(c)
	page, err := h.store.ListLeads(c.UserContext(), f, now)
	if err != nil {
		return res, err
	}
	res.Total, res.TotalAtLeast, res.TotalEstimated = page.Total.N, page.Total.AtLeast, page.Total.Estimated
	// "All N that match" says the list's total; the confirm step counts exactly.
	res.Bulk = views.BulkBar{
		CSRF: csrfToken(c), Filter: f.Encode(), Total: page.Total.N, Max: models.MaxBulk,
		Statuses: statusOptions("", false), Owners: ownerOptions(users, nil),
	}
	if page.Total.Exact() {
		// Past the bound the number of pages is not known; the page says "Page N".
		res.Pages = int((page.Total.N + int64(f.PerPage) - 1) / int64(f.PerPage))
	}
	csrf := csrfToken(c)
	for i := range page.Leads {
		res.Rows = append(res.Rows, leadRow(&page.Leads[i], users, csrf, now))
	}
	if len(page.Leads) > 0 {
		res.From = int64(f.Offset()) + 1
		res.To = int64(f.Offset() + len(page.Leads))
	}
	if f.Page > 1 {
		res.PrevURL = listURL(onPage(f, f.Page-1))
	}
	if page.More {
		res.NextURL = listURL(onPage(f, f.Page+1))
	}
	return res, nil
}

// listURL is the list showing what f selects.
func listURL(f models.LeadFilter) string { return paths.WithQuery(paths.Leads, f.Encode()) }

// exportURL is the CSV of every lead f selects, whichever page the list is on.
func exportURL(f models.LeadFilter) string {
	f.Page, f.PerPage = 1, models.DefaultPerPage
	return paths.WithQuery(paths.LeadsCSV, f.Encode())
}

// onPage is f on another page.
func onPage(f models.LeadFilter, page int) models.LeadFilter {
	f.Page = page
	return f
}

// sortURLs are the links of the sortable column headers, by column: a click sorts by
// the column, a second click on name or created turns the order round. Each goes back
// to the first page.
func sortURLs(f models.LeadFilter) map[string]string {
	next := map[string]models.LeadSort{"name": models.SortName, "created": models.SortOldest, "status": models.SortStatus}
	switch f.Sort {
	case models.SortName:
		next["name"] = models.SortNameDesc
	case models.SortOldest:
		next["created"] = models.SortNewest
	}
	urls := make(map[string]string, len(next))
	for col, s := range next {
		f := f
		f.Sort, f.Page = s, 1
		urls[col] = listURL(f)
	}
	return urls
}

// leadFilters is the filter form showing f, and what could not be read of the query.
func leadFilters(f models.LeadFilter, ve *models.ValidationError, users []models.User) views.LeadFilters {
	filters := views.LeadFilters{
		Q: f.Query, Due: f.Due, Statuses: statusOptions(f.Status, true),
		Owners: ownerFilterOptions(f.Owner, users), Errors: ve.Fields, ErrorOrder: ve.Order,
	}
	if f.PerPage != models.DefaultPerPage {
		filters.PerPage = f.PerPage
	}
	for _, s := range models.LeadSorts() {
		filters.Sorts = append(filters.Sorts, views.Option{Value: string(s), Label: sortLabel(s), Selected: s == f.Sort})
	}
	return filters
}

// ownerFilterOptions are the filter's owner choices: anyone, me, nobody, then every
// user, deactivated ones included (their leads are still theirs).
func ownerFilterOptions(owner string, users []models.User) []views.Option {
	out := []views.Option{
		{Value: "", Label: "Anyone", Selected: owner == ""},
		{Value: models.OwnerMe, Label: "Me", Selected: owner == models.OwnerMe},
		{Value: models.OwnerNobody, Label: "Nobody", Selected: owner == models.OwnerNobody},
	}
	for _, u := range users {
		id := strconv.FormatInt(u.ID, 10)
		label := u.Name
		if !u.Active {
			label += " (deactivated)"
		}
		out = append(out, views.Option{Value: id, Label: label, Selected: owner == id})
	}
	return out
}

// sortLabel is how an order reads in the sort select.
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
