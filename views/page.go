// Package views holds Leadline's templ components and the flat view models they render.
// Components only loop and branch; handlers build the view models.
package views

// Page is what the layout of every full page needs.
type Page struct {
	Title       string
	Description string
	Product     string
	Assets      Assets
	// CSRF, on staff pages, is sent by htmx with every request (hx-headers on <body>).
	CSRF string
	// Workspace pages load the workspace's scripts (Assets.SSE, Live, Keys).
	Workspace bool
}

// Assets are the fingerprinted URLs of the embedded files a page links.
type Assets struct {
	CSS     string // Tailwind's build
	Theme   string // the brand colours, generated from Content.Brand
	HTMX    string
	App     string // htmx configuration hooks and small progressive enhancements
	Favicon string // SVG icon
	// The workspace's scripts, loaded on staff pages only: htmx's SSE extension, the
	// live updates that follow GET /app/live, and the keyboard shortcuts.
	SSE, Live, Keys string
}

// HTMXConfig configures htmx from a <meta> tag, since the CSP forbids inline scripts.
// 422 (validation), 429 (too many posts) and 503 (database down) carry a form to swap
// in; other errors are not swapped and app.js shows a message instead.
const HTMXConfig = `{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,` +
	`"historyCacheSize":0,"responseHandling":[` +
	`{"code":"204","swap":false},{"code":"[23]..","swap":true},` +
	`{"code":"409","swap":true},{"code":"422","swap":true},{"code":"429","swap":true},{"code":"503","swap":true},` +
	`{"code":"[45]..","swap":false,"error":true}]}`

// LeadForm is the landing page's form: the typed values, a message per bad field in
// the order of the form, and an optional notice for the whole form.
type LeadForm struct {
	Labels     FormLabels
	Values     LeadFormValues
	Errors     map[string]string
	ErrorOrder []string
	// Notice explains a failure that is not the visitor's (database down, too many posts).
	Notice string
}

// LeadFormValues are the form's fields as typed (or, for hidden ones, as rendered).
type LeadFormValues struct {
	Name, Email, Company, Phone, Message string
	UTMSource, UTMMedium, UTMCampaign    string
	Referrer, LandingPath                string
	FormKey                              string
}

// HasErrors reports whether any field has a message.
func (f LeadForm) HasErrors() bool { return len(f.ErrorOrder) > 0 }

// Landing is the landing page.
type Landing struct {
	Page    Page
	Content Content
	Form    LeadForm
}

// ThanksPage is the page a visitor without JavaScript lands on after sending the form.
type ThanksPage struct {
	Page    Page
	Content Content
}

// ErrorPage is the site's own page for a refusal (4xx, 503), and its htmx fragment.
type ErrorPage struct {
	Page    Page
	Status  int
	Title   string
	Message string
	// ActionURL and ActionLabel are the way on: the home page, or sign-in for a 401.
	ActionURL   string
	ActionLabel string
	// RequestID lets a person quote the failure to support.
	RequestID string
}
