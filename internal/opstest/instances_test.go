package opstest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/leadline/leadline/internal/mailtest"
	"github.com/leadline/leadline/internal/testdb"
)

// TestTwoInstancesAreOne starts two real processes on two ports against one
// PostgreSQL schema, at the same moment (their migrations take turns), and checks
// that a visitor or a colleague cannot tell them apart: the first admin is made once,
// a session from one works on the other, the rate limits count across both, and each
// email is sent once though both work the job queue.
func TestTwoInstancesAreOne(t *testing.T) {
	smtp := mailtest.Start(t)
	p := &pair{bin: binary(t), smtp: smtp, data: t.TempDir()}
	_, p.dbURL = testdb.NewSchema(t)
	p.a, p.b = launch(t, "a", p.bin, p.env()), launch(t, "b", p.bin, p.env())
	p.a.waitReady()
	p.b.waitReady()
	for _, step := range []struct {
		name string
		run  func(*testing.T, *pair)
	}{
		{"OneFirstAdmin", oneFirstAdmin},
		{"SessionsAreShared", sessionsAreShared},
		{"LeadLimitIsShared", leadLimitIsShared},
		{"SignInLimitIsShared", signInLimitIsShared},
		{"EachEmailSentOnce", eachEmailSentOnce},
	} {
		if !t.Run(step.name, func(t *testing.T) { step.run(t, p) }) && step.name == "OneFirstAdmin" {
			t.FailNow() // the steps after it need its admin
		}
	}
}

// pair is two instances of the binary on one database, with mail to a test server.
type pair struct {
	bin, dbURL, data string
	a, b             *instance
	smtp             *mailtest.Server
}

// env is the settings both instances and the commands run with.
func (p *pair) env() map[string]string {
	return map[string]string{
		"DATABASE_URL": p.dbURL, "LEADLINE_DATA_DIR": p.data, "LEADLINE_TRUSTED_PROXIES": "127.0.0.1/32",
		"LEADLINE_SMTP_URL": p.smtp.URL() + "?from=leads@example.com", "LEADLINE_NOTIFY_TO": "team@example.com",
	}
}

func oneFirstAdmin(t *testing.T, p *pair) {
	a, b := p.a, p.b
	// No user yet: each instance prints a setup link with a token of its own.
	tokenA, tokenB := setupToken(t, a), setupToken(t, b)
	if tokenA == tokenB {
		t.Fatal("both instances printed the same setup token")
	}
	for _, c := range []struct {
		in    *instance
		token string
	}{{a, tokenA}, {b, tokenB}} {
		if code := get(t, c.in, "/setup?token="+c.token, nil).StatusCode; code != http.StatusOK {
			t.Fatalf("%s: setup page before any user: %d", c.in.name, code)
		}
	}
	// Both links used at once: one admin is made, the other instance refuses.
	answers := setupBothAtOnce(t, p, tokenA, tokenB)
	made := 0
	for i, r := range answers {
		switch r.StatusCode {
		case http.StatusSeeOther:
			made++
			winner, other := []*instance{a, b}[i], []*instance{a, b}[1-i]
			// The session made on the winner works on the other instance.
			session := sessionCookie(t, r)
			if code := get(t, other, "/app", session).StatusCode; code != http.StatusOK {
				t.Errorf("session from %s on %s: /app answered %d", winner.name, other.name, code)
			}
		case http.StatusNotFound:
		default:
			t.Errorf("setup on %s: %d", []*instance{a, b}[i].name, r.StatusCode)
		}
	}
	if made != 1 {
		t.Fatalf("%d first admins made, want exactly 1", made)
	}
	users := mustRun(t, p.bin, p.env(), "", "user", "list")
	if n := strings.Count(users, "@example.com"); n != 1 {
		t.Errorf("%d users after two setups, want 1:\n%s", n, users)
	}
	// Once a user exists, neither instance's setup page exists.
	for _, c := range []struct {
		in    *instance
		token string
	}{{a, tokenA}, {b, tokenB}, {a, tokenB}, {b, tokenA}} {
		if code := get(t, c.in, "/setup?token="+c.token, nil).StatusCode; code != http.StatusNotFound {
			t.Errorf("%s: setup page after the first admin: %d, want 404", c.in.name, code)
		}
	}
}

func sessionsAreShared(t *testing.T, p *pair) {
	a, b := p.a, p.b
	mustRun(t, p.bin, p.env(),
		"another long password\n", "user", "add", "--email", "sam@example.com", "--name", "Sam", "--password-stdin")
	r := postForm(t, a, "/login", nil, url.Values{"email": {"sam@example.com"}, "password": {"another long password"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in on a: %d", r.StatusCode)
	}
	session := sessionCookie(t, r)
	for _, in := range []*instance{a, b} {
		if code := get(t, in, "/app", session).StatusCode; code != http.StatusOK {
			t.Errorf("session from a on %s: %d", in.name, code)
		}
	}
	// Signing out on b ends the session on a too.
	page := get(t, b, "/app/account", session)
	csrf := csrfToken(t, page)
	if code := postForm(t, b, "/logout", append(session, csrf.cookies...), url.Values{"_csrf": {csrf.token}}).StatusCode; code != http.StatusSeeOther {
		t.Fatalf("sign out on b: %d", code)
	}
	if code := get(t, a, "/app", session).StatusCode; code != http.StatusSeeOther {
		t.Errorf("a still serves a session that b ended: %d", code)
	}
}

func leadLimitIsShared(t *testing.T, p *pair) {
	a, b := p.a, p.b
	// Ten posts a minute from one address, whichever instance takes them.
	for i := range 10 {
		in := []*instance{a, b}[i%2]
		r := postForm(t, in, "/leads", nil, url.Values{"name": {"Ada"}, "email": {fmt.Sprintf("ada%d@example.com", i)}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("post %d on %s: %d", i+1, in.name, r.StatusCode)
		}
	}
	for _, in := range []*instance{a, b} {
		r := postForm(t, in, "/leads", nil, url.Values{"name": {"Ada"}, "email": {"eleven@example.com"}})
		if r.StatusCode != http.StatusTooManyRequests {
			t.Errorf("11th post on %s: %d, want 429", in.name, r.StatusCode)
		}
	}
}

func signInLimitIsShared(t *testing.T, p *pair) {
	a, b := p.a, p.b
	// Five failures, spread over both, and the sixth try is refused by either.
	bad := url.Values{"email": {"sam@example.com"}, "password": {"not the password"}}
	for i := range 5 {
		in := []*instance{a, b}[i%2]
		if code := postForm(t, in, "/login", nil, bad).StatusCode; code != http.StatusUnauthorized {
			t.Fatalf("failure %d on %s: %d", i+1, in.name, code)
		}
	}
	good := url.Values{"email": {"sam@example.com"}, "password": {"another long password"}}
	for _, in := range []*instance{a, b} {
		r := postForm(t, in, "/login", nil, good)
		if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Errorf("sign-in on %s after 5 failures: %d, want 429 with Retry-After", in.name, r.StatusCode)
		}
	}
}

// eachEmailSentOnce: both instances work the one job queue, and every lead posted to
// either gets exactly one email to the team.
func eachEmailSentOnce(t *testing.T, p *pair) {
	before := len(p.smtp.Messages())
	const n = 6
	for i := range n {
		in := []*instance{p.a, p.b}[i%2]
		// From addresses of their own, past the lead form's limit the earlier step used up.
		r := postForm(t, in, "/leads", nil, url.Values{"name": {fmt.Sprintf("Once %d", i)}, "email": {fmt.Sprintf("once%d@example.com", i)}},
			"X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i+1))
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("post %d on %s: %d", i, in.name, r.StatusCode)
		}
	}
	p.smtp.WaitFor(t, before+n, 30*time.Second, nil)
	// Every mail job has finished, so no second copy can still be on its way.
	waitJobsDone(t, p.dbURL)
	count := map[string]int{}
	for _, m := range p.smtp.Messages()[before:] {
		msg := mailtest.Parse(t, m.Raw)
		count[msg.Subject]++
	}
	if len(count) != n {
		t.Errorf("%d different emails for %d leads: %v", len(count), n, count)
	}
	for subject, k := range count {
		if k != 1 {
			t.Errorf("%q sent %d times", subject, k)
		}
	}
}

// setupToken reads the token of the setup link the instance logged.
func setupToken(t *testing.T, in *instance) string {
	t.Helper()
	line := in.waitLog("no user yet: open this link to create the first admin (it works once)")
	u, err := url.Parse(line.str("setup_url"))
	if err != nil || u.Query().Get("token") == "" {
		t.Fatalf("%s: setup link %q", in.name, line.str("setup_url"))
	}
	return u.Query().Get("token")
}

// setupBothAtOnce posts the first-admin form to both instances at the same moment,
// each with its own token, and returns their answers.
func setupBothAtOnce(t *testing.T, p *pair, tokenA, tokenB string) []*response {
	t.Helper()
	a, b := p.a, p.b
	var wg sync.WaitGroup
	answers := make([]*response, 2)
	for i, c := range []struct {
		in    *instance
		token string
	}{{a, tokenA}, {b, tokenB}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = postForm(t, c.in, "/setup", nil, url.Values{
				"token": {c.token}, "email": {fmt.Sprintf("admin-%s@example.com", c.in.name)},
				"name": {"Admin " + c.in.name}, "password": {"a long enough password"}, "confirm": {"a long enough password"},
			})
		}()
	}
	wg.Wait()
	return answers
}

// waitJobsDone waits until no new-lead email job is left to run (a bounded poll of the
// queue, which the instances work on their own).
func waitJobsDone(t *testing.T, dbURL string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for try := 0; ; try++ {
		var left int
		err := conn.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'mail_lead_created' AND state <> 'completed'`).Scan(&left)
		if err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			return
		}
		if try == 600 {
			t.Fatalf("%d email jobs still not done after 30 s", left)
		}
		<-tick.C
	}
}
