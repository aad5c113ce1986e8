package views

import (
	"strconv"

	"github.com/a-h/templ"
)

// leadColumns is how many columns the leads table has; the edit, confirm and conflict
// rows span them all.
const leadColumns = 8

// i64 writes an integer for an attribute or a text node.
func i64(n int64) string { return strconv.FormatInt(n, 10) }

// itoa writes an int for an attribute or a text node.
func itoa(n int) string { return strconv.Itoa(n) }

// safePath is a path from package paths as a URL attribute. Those paths are constants
// with, at most, a numeric id filled in, so they need no sanitising.
func safePath(path string) templ.SafeURL { return templ.SafeURL(path) }

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
