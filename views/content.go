package views

// Content is every word, brand colour and link on the public pages. A company makes the
// landing page its own by editing DefaultContent below; the markup never needs touching.
type Content struct {
	Product      string // the product's name, in the header, title and footer
	Company      string // who sells it, for the footer's copyright line
	Tagline      string // the <meta name="description"> and the footer's line
	Headline     string // the hero's headline
	Subheadline  string // the sentence under the headline
	CallToAction string // the hero button that jumps to the form
	// Brand is the accent colour as a hex triple ("#4f46e5"); light and dark shades are
	// derived from it.
	Brand string

	ValuesTitle string
	Values      []ValuePoint

	ProofTitle string
	Logos      []string // customers' names, shown as a wordmark row
	Stats      []Stat
	Quotes     []Quote

	FAQTitle string
	FAQ      []QA

	FormTitle  string
	FormIntro  string
	FormLabels FormLabels
	Thanks     Thanks
	Footer     string
}

// ValuePoint is one benefit in the value section.
type ValuePoint struct {
	Icon  string // one of: bolt, chart, shield, users, clock, sparkles
	Title string
	Text  string
}

// Stat is one number in the social-proof band.
type Stat struct{ Value, Label string }

// Quote is one customer testimonial.
type Quote struct{ Text, Name, Role string }

// QA is one question of the FAQ.
type QA struct{ Question, Answer string }

// FormLabels are the lead form's words.
type FormLabels struct {
	Name, Email, Company, Phone, Message string
	Optional                             string
	Submit                               string
	Sending                              string
	Privacy                              string
	ErrorSummary                         string
}

// Thanks is what a visitor reads after sending the form.
type Thanks struct{ Title, Text, Back string }

// DefaultContent is the words of Baton, a fictional shift-handover product for
// operations teams, so that a fresh install shows a finished landing page. Replace it
// with your own product's words and brand colour.
func DefaultContent() Content {
	return Content{
		Product:      "Baton",
		Company:      "Baton Labs Ltd",
		Tagline:      "Shift handovers for operations teams: one live brief, so nothing is dropped between shifts.",
		Headline:     "Every shift handover, without the dropped baton",
		Subheadline:  "Baton turns open incidents, pending work and on-call notes into one live handover that the next shift signs off — so work continues where it stopped, not from a scroll through chat.",
		CallToAction: "Book a demo",
		Brand:        "#0f766e",

		ValuesTitle: "Everything the next shift needs to know",
		Values: []ValuePoint{
			{Icon: "clock", Title: "Handovers in five minutes", Text: "Templates gather open tickets, alerts and notes into one brief, so the outgoing shift writes less and says more."},
			{Icon: "users", Title: "Nothing assumed, everything acknowledged", Text: "The incoming lead confirms each item. Work that nobody has picked up is flagged before the outgoing shift leaves."},
			{Icon: "bolt", Title: "Live from the tools you run", Text: "Connect your paging, ticketing and chat tools once. Handovers update as incidents change, not when someone remembers."},
			{Icon: "chart", Title: "See where work stalls", Text: "Carry-over trends show which queues roll from shift to shift, long before they turn into backlog."},
			{Icon: "shield", Title: "Audit-ready by default", Text: "Every handover is timestamped, signed and kept as long as your compliance team asks. SSO and role-based access included."},
			{Icon: "sparkles", Title: "Summaries that draft themselves", Text: "Baton drafts the shift summary from the shift's activity. Your lead edits, signs and moves on."},
		},

		ProofTitle: "Trusted by teams that never switch off",
		Logos:      []string{"Northwind Freight", "Halden Energy", "Kestrel Health", "Orbital Logistics", "Meridian Water", "Fenwick Rail"},
		Stats: []Stat{
			{Value: "38%", Label: "fewer incidents reopened after a shift change"},
			{Value: "5 min", Label: "median time to write a complete handover"},
			{Value: "2,400+", Label: "operations teams hand over with Baton"},
		},
		Quotes: []Quote{
			{Text: "Our night shift used to start with twenty minutes of detective work. Now they read one page, acknowledge it and get going.", Name: "Priya Raman", Role: "Head of Network Operations, Halden Energy"},
			{Text: "The audit trail alone paid for it. When the regulator asked who knew what and when, we had the answer in a minute.", Name: "Tomás Ferreira", Role: "Operations Director, Meridian Water"},
			{Text: "Handovers stopped being a ritual and became a tool. Our carry-over backlog halved in the first quarter.", Name: "Grace Okafor", Role: "Service Delivery Lead, Kestrel Health"},
		},

		FAQTitle: "Frequently asked questions",
		FAQ: []QA{
			{Question: "How long does it take to set up?", Answer: "Most teams run their first handover within a day. Connecting your paging and ticketing tools takes a few minutes each, and we help you turn your current handover document into a template."},
			{Question: "Does Baton replace our ticketing tool?", Answer: "No. Tickets stay where they are. Baton reads them to build the handover and links back, so the brief is always current and nobody keeps two lists."},
			{Question: "Which tools does it connect to?", Answer: "The common paging, ticketing, monitoring and chat tools out of the box, plus a webhook and an API for anything in-house."},
			{Question: "Where is our data kept, and who can see it?", Answer: "Data is encrypted in transit and at rest, hosted in the EU or the US as you choose. Access follows your single sign-on and the roles you define."},
			{Question: "How is Baton priced?", Answer: "Per person on shift, billed monthly or yearly. Read-only viewers, such as managers and auditors, are free."},
			{Question: "Can we try it before we buy?", Answer: "Yes. After a short demo you get a 30-day pilot for one team, with our help setting it up. No card needed."},
		},

		FormTitle: "Book a 20‑minute demo",
		FormIntro: "Tell us a little about your team. A product specialist — a person, not a bot — will reply within one business day.",
		FormLabels: FormLabels{
			Name:         "Full name",
			Email:        "Work email",
			Company:      "Company",
			Phone:        "Phone",
			Message:      "What should the demo cover?",
			Optional:     "(optional)",
			Submit:       "Request a demo",
			Sending:      "Sending…",
			Privacy:      "We use your details only to reply to you. No newsletters, no sharing.",
			ErrorSummary: "There is a problem",
		},
		Thanks: Thanks{
			Title: "Thank you — your request is in",
			Text:  "A Baton product specialist will email you within one business day to find a time that suits your team.",
			Back:  "Back to the home page",
		},
		Footer: "Made for the people who keep the lights on.",
	}
}
