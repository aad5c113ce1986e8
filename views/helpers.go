package views

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/a-h/templ"
)

// fieldAnchor links an error-summary entry to its field. Hidden fields have no input a
// person can reach, so their messages link to the form itself.
func fieldAnchor(name string) string {
	switch name {
	case "name", "email", "company", "phone", "message":
		return "#" + name
	}
	return "#lead-form"
}

// iconPath is the SVG path (Heroicons outline, 24×24, MIT licence) drawn for a value
// point's icon key. An unknown key gets the sparkles, so a typo never breaks the page.
func iconPath(name string) string {
	switch name {
	case "bolt":
		return "m3.75 13.5 10.5-11.25L12 10.5h8.25L9.75 21.75 12 13.5H3.75Z"
	case "chart":
		return "M3 13.125C3 12.504 3.504 12 4.125 12h2.25c.621 0 1.125.504 1.125 1.125v6.75C7.5 20.496 6.996 21 6.375 21h-2.25A1.125 1.125 0 0 1 3 19.875v-6.75ZM9.75 8.625c0-.621.504-1.125 1.125-1.125h2.25c.621 0 1.125.504 1.125 1.125v11.25c0 .621-.504 1.125-1.125 1.125h-2.25a1.125 1.125 0 0 1-1.125-1.125V8.625ZM16.5 4.125c0-.621.504-1.125 1.125-1.125h2.25C20.496 3 21 3.504 21 4.125v15.75c0 .621-.504 1.125-1.125 1.125h-2.25a1.125 1.125 0 0 1-1.125-1.125V4.125Z"
	case "shield":
		return "M9 12.75 11.25 15 15 9.75m-3-7.036A11.959 11.959 0 0 1 3.598 6 11.99 11.99 0 0 0 3 9.749c0 5.592 3.824 10.29 9 11.623 5.176-1.332 9-6.03 9-11.622 0-1.31-.21-2.571-.598-3.751h-.152c-3.196 0-6.1-1.248-8.25-3.285Z"
	case "users":
		return "M18 18.72a9.094 9.094 0 0 0 3.741-.479 3 3 0 0 0-4.682-2.72m.94 3.198.001.031c0 .225-.012.447-.037.666A11.944 11.944 0 0 1 12 21c-2.17 0-4.207-.576-5.963-1.584A6.062 6.062 0 0 1 6 18.719m12 0a5.971 5.971 0 0 0-.941-3.197m0 0A5.995 5.995 0 0 0 12 12.75a5.995 5.995 0 0 0-5.058 2.772m0 0a3 3 0 0 0-4.681 2.72 8.986 8.986 0 0 0 3.74.477m.94-3.197a5.971 5.971 0 0 0-.94 3.197M15 6.75a3 3 0 1 1-6 0 3 3 0 0 1 6 0Zm6 3a2.25 2.25 0 1 1-4.5 0 2.25 2.25 0 0 1 4.5 0Zm-13.5 0a2.25 2.25 0 1 1-4.5 0 2.25 2.25 0 0 1 4.5 0Z"
	case "clock":
		return "M12 6v6h4.5m4.5 0a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z"
	}
	return "M9.813 15.904 9 18.75l-.813-2.846a4.5 4.5 0 0 0-3.09-3.09L2.25 12l2.846-.813a4.5 4.5 0 0 0 3.09-3.09L9 5.25l.813 2.846a4.5 4.5 0 0 0 3.09 3.09L15.75 12l-2.846.813a4.5 4.5 0 0 0-3.09 3.09ZM18.259 8.715 18 9.75l-.259-1.035a3.375 3.375 0 0 0-2.455-2.456L14.25 6l1.036-.259a3.375 3.375 0 0 0 2.455-2.456L18 2.25l.259 1.035a3.375 3.375 0 0 0 2.456 2.456L21.75 6l-1.035.259a3.375 3.375 0 0 0-2.456 2.456ZM16.894 20.567 16.5 21.75l-.394-1.183a2.25 2.25 0 0 0-1.423-1.423L13.5 18.75l1.183-.394a2.25 2.25 0 0 0 1.423-1.423l.394-1.183.394 1.183a2.25 2.25 0 0 0 1.423 1.423l1.183.394-1.183.394a2.25 2.25 0 0 0-1.423 1.423Z"
}

// initials are the letters on a quote's avatar: the first letters of the first and the
// last word of a name.
func initials(name string) string {
	words := strings.Fields(name)
	if len(words) == 0 {
		return ""
	}
	first, _ := utf8.DecodeRuneInString(words[0])
	if len(words) == 1 {
		return string(unicode.ToUpper(first))
	}
	last, _ := utf8.DecodeRuneInString(words[len(words)-1])
	return string(unicode.ToUpper(first)) + string(unicode.ToUpper(last))
}

// logoClass gives each customer's name in the logo row its own lettering, so a row of
// plain names reads as a row of wordmarks.
func logoClass(i int) string {
	switch i % 6 {
	case 0:
		return "font-extrabold tracking-tight"
	case 1:
		return "font-serif text-xl italic"
	case 2:
		return "font-semibold uppercase tracking-[0.2em] text-sm"
	case 3:
		return "font-black uppercase tracking-tight"
	case 4:
		return "font-mono font-semibold tracking-tight"
	}
	return "font-serif font-bold tracking-wide"
}

// statusText is an HTTP status as shown on the error page; zero shows nothing.
func statusText(status int) string {
	if status == 0 {
		return ""
	}
	return strconv.Itoa(status)
}

// csrfHeaders makes htmx send the CSRF token with every request (hx-headers on
// <body>); public pages have none. The token is base64url, so it needs no escaping
// inside the JSON.
func csrfHeaders(token string) templ.Attributes {
	if token == "" {
		return nil
	}
	return templ.Attributes{"hx-headers": `{"X-CSRF-Token":"` + token + `"}`}
}

// withCSRF is p carrying the CSRF token for htmx.
func withCSRF(p Page, token string) Page {
	p.CSRF = token
	p.Workspace = true
	return p
}

// formatInt writes n with thousands separators.
// formatTotal is a count of leads: one that stopped at a bound reads "10,000+", an
// estimate "about 20,000".
func formatTotal(r LeadResults) string {
	switch {
	case r.TotalAtLeast:
		return formatInt(r.Total) + "+"
	case r.TotalEstimated:
		return "about " + formatInt(r.Total)
	}
	return formatInt(r.Total)
}

func formatInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + formatInt(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
