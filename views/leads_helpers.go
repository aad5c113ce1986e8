package views

import (
	"strconv"

	"github.com/a-h/templ"
)

// leadColumns is how many columns the leads table has; the edit, confirm and conflict
// rows span them all.
const leadColumns = 7

// i64 writes an integer for an attribute or a text node.
func i64(n int64) string { return strconv.FormatInt(n, 10) }

// itoa writes an int for an attribute or a text node.
func itoa(n int) string { return strconv.Itoa(n) }

// f1 writes a coordinate of the chart with one decimal, enough for a pixel grid.
func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// leadPath is the URL of a lead, or of one of its actions when suffix is set
// ("/edit?view=row").
func leadPath(id int64, suffix string) string {
	return "/app/leads/" + i64(id) + suffix
}

// leadURL is leadPath as a URL attribute. The id is a number, so the URL is safe.
func leadURL(id int64, suffix string) templ.SafeURL {
	return templ.SafeURL(leadPath(id, suffix))
}

// rowDOMID is the id of a lead's row (and of the rows that replace it): htmx targets it.
func rowDOMID(id int64) string { return "lead-" + i64(id) }

// perLead makes an element id unique in the list, where every row has the same fields.
func perLead(name string, id int64) string { return name + "-" + i64(id) }

// statusTone is the colour of a status, as pill or select; each status keeps its colour
// everywhere so it can be told at a glance. The class names are written out in full for
// Tailwind's content scan.
func statusTone(status string) string {
	switch status {
	case "new":
		return "tone-new"
	case "contacted":
		return "tone-contacted"
	case "qualified":
		return "tone-qualified"
	case "won":
		return "tone-won"
	case "lost":
		return "tone-lost"
	}
	return "tone-lost"
}

// statusDot is the small colour mark beside a status count on the dashboard.
func statusDot(status string) string {
	switch status {
	case "new":
		return "bg-sky-500"
	case "contacted":
		return "bg-violet-500"
	case "qualified":
		return "bg-amber-500"
	case "won":
		return "bg-emerald-500"
	}
	return "bg-slate-400"
}

// sortState says how the list is sorted by column col: "ascending", "descending" or ""
// when it is sorted by another column. sortedBy is the list's sort ("-created" …).
func sortState(col, sortedBy string) string {
	switch sortedBy {
	case col:
		return "ascending"
	case "-" + col:
		return "descending"
	}
	return ""
}

// sortAttrs marks the column the list is sorted by, for screen readers.
func sortAttrs(col, sortedBy string) templ.Attributes {
	if s := sortState(col, sortedBy); s != "" {
		return templ.Attributes{"aria-sort": s}
	}
	return nil
}

// oobAttrs makes a fragment an out-of-band swap: htmx puts it in place of the element
// with the same id, beside the main swap.
func oobAttrs(oob bool) templ.Attributes {
	if oob {
		return templ.Attributes{"hx-swap-oob": "true"}
	}
	return nil
}

// invalidAttrs ties an input to its error message, when it has one.
func invalidAttrs(inputID, err string) templ.Attributes {
	if err == "" {
		return nil
	}
	return templ.Attributes{"aria-invalid": "true", "aria-describedby": inputID + "-error"}
}

// fieldClass is an input's class, red when its value was refused.
func fieldClass(base, err string) string {
	if err != "" {
		return base + " field-error"
	}
	return base
}

// firstError is the field that gets the focus when a form comes back refused: the
// first one listed, or "" when all is well.
func firstError(order []string) string {
	if len(order) > 0 {
		return order[0]
	}
	return ""
}

// historyField names a changed field in a sentence of the history ("Ana changed status
// from New to Contacted").
func historyField(field string) string {
	switch field {
	case "next_action_at":
		return "follow-up date"
	case "owner_id":
		return "owner"
	}
	return field
}

// viewTarget is what a request made from a lead's row or card replaces: the row ("row")
// or the card (anything else).
func viewTarget(view string) string {
	if view == "row" {
		return "closest tr"
	}
	return "#lead-card"
}

// chartTop is the height of the tallest bar (the smallest y), where the chart draws its
// top grid line; with no bar above zero it is the baseline.
func chartTop(c Chart) float64 {
	top := float64(c.Height)
	for _, b := range c.Bars {
		if b.H > 0 && b.Y < top {
			top = b.Y
		}
	}
	return top
}

// chartBase is the chart's baseline: the bottom of the bars, where the handler put it
// to leave room for the dates below.
func chartBase(c Chart) float64 {
	if len(c.Bars) > 0 {
		return c.Bars[0].Y + c.Bars[0].H
	}
	return float64(c.Height)
}

// chartViewBox is the SVG's viewBox: the chart's own area plus a margin on the left for
// the counts.
func chartViewBox(c Chart) string {
	return "-28 0 " + itoa(c.Width+32) + " " + itoa(c.Height)
}

// fromEditor reports whether a conflict answers the editor (which always sends a name)
// rather than a one-click status or owner change, which has nothing to edit again.
func fromEditor(c Conflict) bool { return c.Yours.Name != "" }

// hasAttribution reports whether the lead came with any campaign or referrer detail.
func hasAttribution(c LeadCard) bool {
	return c.UTMSource != "" || c.UTMMedium != "" || c.UTMCampaign != "" ||
		c.Referrer != "" || c.LandingPath != ""
}

// orDash shows an empty value as a dash, so an empty cell reads as "nothing" on purpose.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// conflictVersion is the version the "edit again" form sends: the lead's latest, so that
// saving again is a deliberate overwrite of what the other person saved.
func conflictVersion(c Conflict) int {
	if c.Yours.Version != 0 {
		return c.Yours.Version
	}
	return c.Row.Version
}

// miniPath is the path of a 20×20 solid icon (Heroicons, MIT licence).
func miniPath(name string) string {
	switch name {
	case "search":
		return "M9 3.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11ZM2 9a7 7 0 1 1 12.452 4.391l3.328 3.329a.75.75 0 1 1-1.06 1.06l-3.329-3.328A7 7 0 0 1 2 9Z"
	case "plus":
		return "M10.75 4.75a.75.75 0 0 0-1.5 0v4.5h-4.5a.75.75 0 0 0 0 1.5h4.5v4.5a.75.75 0 0 0 1.5 0v-4.5h4.5a.75.75 0 0 0 0-1.5h-4.5v-4.5Z"
	case "download":
		return "M10.75 2.75a.75.75 0 0 0-1.5 0v8.614L6.295 8.235a.75.75 0 1 0-1.09 1.03l4.25 4.5a.75.75 0 0 0 1.09 0l4.25-4.5a.75.75 0 0 0-1.09-1.03l-2.955 3.129V2.75ZM3.5 12.75a.75.75 0 0 0-1.5 0v2.5A2.75 2.75 0 0 0 4.75 18h10.5A2.75 2.75 0 0 0 18 15.25v-2.5a.75.75 0 0 0-1.5 0v2.5c0 .69-.56 1.25-1.25 1.25H4.75c-.69 0-1.25-.56-1.25-1.25v-2.5Z"
	case "chevron-left":
		return "M11.78 5.22a.75.75 0 0 1 0 1.06L8.06 10l3.72 3.72a.75.75 0 1 1-1.06 1.06l-4.25-4.25a.75.75 0 0 1 0-1.06l4.25-4.25a.75.75 0 0 1 1.06 0Z"
	case "chevron-right":
		return "M8.22 5.22a.75.75 0 0 1 1.06 0l4.25 4.25a.75.75 0 0 1 0 1.06l-4.25 4.25a.75.75 0 0 1-1.06-1.06L11.94 10 8.22 6.28a.75.75 0 0 1 0-1.06Z"
	case "chevron-up":
		return "M9.47 6.47a.75.75 0 0 1 1.06 0l4.25 4.25a.75.75 0 1 1-1.06 1.06L10 8.06l-3.72 3.72a.75.75 0 0 1-1.06-1.06l4.25-4.25Z"
	case "chevron-down":
		return "M5.22 8.22a.75.75 0 0 1 1.06 0L10 11.94l3.72-3.72a.75.75 0 1 1 1.06 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L5.22 9.28a.75.75 0 0 1 0-1.06Z"
	case "chevron-up-down":
		return "M10.53 3.47a.75.75 0 0 0-1.06 0L6.22 6.72a.75.75 0 0 0 1.06 1.06L10 5.06l2.72 2.72a.75.75 0 1 0 1.06-1.06l-3.25-3.25Zm-4.31 9.81 3.25 3.25a.75.75 0 0 0 1.06 0l3.25-3.25a.75.75 0 1 0-1.06-1.06L10 14.94l-2.72-2.72a.75.75 0 0 0-1.06 1.06Z"
	case "arrow-left":
		return "M17 10a.75.75 0 0 1-.75.75H5.612l4.158 3.96a.75.75 0 1 1-1.04 1.08l-5.5-5.25a.75.75 0 0 1 0-1.08l5.5-5.25a.75.75 0 1 1 1.04 1.08L5.612 9.25H16.25A.75.75 0 0 1 17 10Z"
	case "warning":
		return "M8.485 2.495c.673-1.167 2.357-1.167 3.03 0l6.28 10.875c.673 1.167-.17 2.625-1.516 2.625H3.72c-1.347 0-2.189-1.458-1.515-2.625L8.485 2.495ZM10 5a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0v-3.5A.75.75 0 0 1 10 5Zm0 9a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
	case "pencil":
		return "M2.695 14.763l-1.262 3.154a.5.5 0 0 0 .65.65l3.155-1.262a4 4 0 0 0 1.343-.885L17.5 5.5a2.121 2.121 0 0 0-3-3L3.58 13.42a4 4 0 0 0-.885 1.343Z"
	}
	return ""
}

// outlinePath is the path of a 24×24 outline icon (Heroicons, MIT licence) for the
// empty states.
func outlinePath(name string) string {
	switch name {
	case "inbox":
		return "M2.25 13.5h3.86a2.25 2.25 0 0 1 2.012 1.244l.256.512a2.25 2.25 0 0 0 2.013 1.244h3.218a2.25 2.25 0 0 0 2.013-1.244l.256-.512a2.25 2.25 0 0 1 2.013-1.244h3.859m-19.5.338V18a2.25 2.25 0 0 0 2.25 2.25h15A2.25 2.25 0 0 0 21.75 18v-4.162c0-.224-.034-.447-.1-.661L19.24 5.338a2.25 2.25 0 0 0-2.15-1.588H6.911a2.25 2.25 0 0 0-2.15 1.588L2.35 13.177a2.25 2.25 0 0 0-.1.661Z"
	case "funnel":
		return "M12 3c2.755 0 5.455.232 8.083.678.533.09.917.556.917 1.096v1.044a2.25 2.25 0 0 1-.659 1.591l-5.432 5.432a2.25 2.25 0 0 0-.659 1.591v2.927a2.25 2.25 0 0 1-1.244 2.013L9.75 21v-6.568a2.25 2.25 0 0 0-.659-1.591L3.659 7.409A2.25 2.25 0 0 1 3 5.818V4.774c0-.54.384-1.006.917-1.096A48.32 48.32 0 0 1 12 3Z"
	}
	return ""
}

// controlID is the id of a one-click select: unique per row in the list ("status-42"),
// fixed on the card ("card-status"). A stable id lets htmx give the focus back to the
// select after the swap.
func controlID(kind string, id int64, view string) string {
	if view == "row" {
		return perLead(kind, id)
	}
	return "card-" + kind
}

// conflictReloadHref is where "Reload the latest" goes without htmx: the lead's page.
func conflictReloadHref(c Conflict) string {
	if c.Row.URL != "" {
		return c.Row.URL
	}
	return leadPath(c.LeadID, "")
}
