package views

// LeadView is the part of the workspace a lead is shown in, and so what a request about
// it answers with: its row in the list, its card on its page, or the whole page (all a
// browser without htmx ever gets). Links and forms carry it in the ViewParam parameter;
// handlers read it once, with ParseLeadView.
type LeadView int

// The views of a lead.
const (
	// ViewPage is the whole page, the default.
	ViewPage LeadView = iota
	// ViewRow is the lead's row in the list.
	ViewRow
	// ViewCard is the lead's card on its page.
	ViewCard
)

// ViewParam is the query or form parameter that carries a LeadView.
const ViewParam = "view"

// ParseLeadView reads a view parameter: "row" or "card"; anything else is the page.
func ParseLeadView(s string) LeadView {
	switch s {
	case "row":
		return ViewRow
	case "card":
		return ViewCard
	}
	return ViewPage
}

// Param is the view as its parameter carries it: "row", "card", or "" for the page.
func (v LeadView) Param() string {
	switch v {
	case ViewRow:
		return "row"
	case ViewCard:
		return "card"
	}
	return ""
}

// String names the view, for logs and test failures.
func (v LeadView) String() string {
	if v == ViewPage {
		return "page"
	}
	return v.Param()
}

// withView is path asking for view v of the lead.
func withView(path string, v LeadView) string {
	if v == ViewPage {
		return path
	}
	return path + "?" + ViewParam + "=" + v.Param()
}

// viewTarget is what a request made from a lead's row or card replaces: the row, or
// the card.
func viewTarget(v LeadView) string {
	if v == ViewRow {
		return "closest tr"
	}
	return "#lead-card"
}

// controlID is the id of a one-click select: unique per row in the list ("status-42"),
// fixed on the card ("card-status"). A stable id lets htmx give the focus back to the
// select after the swap.
func controlID(kind string, id int64, v LeadView) string {
	if v == ViewRow {
		return perLead(kind, id)
	}
	return "card-" + kind
}
