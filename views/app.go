package views

// AppPage is what the workspace layout needs on every staff page.
type AppPage struct {
	Page      Page
	Heading   string
	Nav       string // which navigation entry is current: dashboard, leads, users, account
	UserID    int64  // the live updates leave out the notice for one's own changes
	UserName  string
	UserEmail string
	IsAdmin   bool
	CSRF      string
	Flash     string
	// Stream is the live stream the page follows (paths.LiveSince).
	Stream string
	// LiveURL, when set, makes the whole page a live region: live.js fetches it again
	// when a lead changes (the dashboard; the list refreshes only its results).
	LiveURL string
}

// Login is the sign-in page.
type Login struct {
	Page  Page
	Next  string
	Email string
	Error string
}

// Setup is the page that creates the first admin.
type Setup struct {
	Page        Page
	Token       string
	Email, Name string
	Errors      map[string]string
	ErrorOrder  []string
}

// Account is the signed-in user's page with the time zone and password forms.
type Account struct {
	App        AppPage
	Errors     map[string]string
	ErrorOrder []string
	TimeZone   TimeZoneForm
}

// TimeZoneForm is where a user chooses the zone their dates are shown in.
type TimeZoneForm struct {
	// Zones are the choices, the site's zone first ("" as its value).
	Zones []Option
	// Current names the zone dates are shown in now; Now is the time there.
	Current, Now string
	Errors       map[string]string
	ErrorOrder   []string
}

// UsersPage lists staff accounts for an admin.
type UsersPage struct {
	App   AppPage
	Users []UserRow
	Form  NewUserForm
}

// UserRow is one account in the users table.
type UserRow struct {
	ID                int64
	Name, Email, Role string
	Active, IsMe      bool
	LastLogin         string
}

// NewUserForm is the form that adds a user, with typed values and messages.
type NewUserForm struct {
	Email, Name, Role string
	Errors            map[string]string
	ErrorOrder        []string
}

// TokensPage is /app/account/tokens: the user's API tokens and the form to make one.
type TokensPage struct {
	App    AppPage
	Tokens []TokenRow
	Form   NewTokenForm
	// Created is the token just made, whose secret this page shows once.
	Created *CreatedToken
}

// TokenRow is one token as its owner sees it later: never its secret.
type TokenRow struct {
	ID                                   int64
	Name, Prefix, Created, Expires, Used string
	State                                string
	Active                               bool
}

// NewTokenForm is the form that makes a token, with typed values and messages.
type NewTokenForm struct {
	Name       string
	Expiries   []Option
	Errors     map[string]string
	ErrorOrder []string
}

// CreatedToken is a token's secret, shown once.
type CreatedToken struct {
	Name, Secret string
}
