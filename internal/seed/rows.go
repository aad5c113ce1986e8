// Package seed loads many varied leads into a Leadline database quickly, for the
// benchmarks and load tests that measure the list, the dashboard and the export at
// scale. PostgreSQL gets them with COPY, SQLite with multi-row inserts in a few large
// transactions. The same options give the same leads.
package seed

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Words the rows are made of. Some are common on purpose ("Ada" is one first name in
// forty; "security" is in one message in six), some rare, so that searches of both
// kinds have something to find.
var (
	firstNames = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Margaret", "Linus",
		"Tony", "Pepper", "Bruce", "Diana", "Clark", "Lois", "Peter", "Mary", "Natasha", "Steve",
		"Wanda", "Carol", "Sam", "Nick", "Maria", "Jean", "Scott", "Hope", "Janet", "Hank",
		"Olivia", "Noah", "Emma", "Liam", "Sofia", "Mateo", "Amara", "Kenji", "Priya", "Ravi",
		"Zoë", "Åsa"}
	lastNames = []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson", "Hamilton",
		"Torvalds", "Stark", "Potts", "Banner", "Prince", "Kent", "Lane", "Parker", "Jane", "Romanoff",
		"Rogers", "Maximoff", "Danvers", "Wilson", "Fury", "Hill", "Grey", "Lang", "van Dyne", "Pym",
		"Smith", "Jones", "García", "Müller", "Nakamura", "Okafor", "Patel", "Kowalski", "Dubois",
		"Rossi", "Andersson", "O'Brien", "Nguyen"}
	companyWords = []string{"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka",
		"Tyrell", "Cyberdyne", "Soylent", "Hooli", "Vandelay", "Pied Piper", "Aperture", "Black Mesa",
		"Oscorp", "Gringotts", "Monarch", "Nakatomi", "Dunder"}
	companyKinds = []string{"Ltd", "Inc", "GmbH", "Industries", "Labs", "Partners", "Logistics",
		"Analytics", "Health", "Security"}
	domains  = []string{"example.com", "example.org", "corp.example", "mail.example", "example.net"}
	messages = []string{
		"Please send an invoice for %d seats.",
		"Call me back about pricing, we have %d users.",
		"We need single sign-on and a security review before we buy %d licences.",
		"Demo next week? Our team of %d is evaluating tools.",
		"Question about data retention and GDPR for %d customer records.",
		"Is there a discount for %d seats on a yearly plan?",
		"Our security team asks for your SOC 2 report; we are %d people.",
		"Migrating from a spreadsheet with %d leads, can you help?",
		"",
	}
	sources = []string{"", "", "newsletter", "google", "linkedin", "partner"}
)

// statusWeights spreads leads over the pipeline as a sales team's usually are: most
// are new or contacted, few are won.
var statusWeights = []struct {
	status string
	weight int
}{{"new", 40}, {"contacted", 25}, {"qualified", 15}, {"won", 8}, {"lost", 12}}

// Row is one lead to insert, in the columns both databases take.
type Row struct {
	Name, Email, Company, Phone, Message, Status, UTMSource string
	OwnerID                                                 *int64
	NextActionAt                                            *time.Time
	CreatedAt                                               time.Time
}

// columns are Row's columns, in the order values returns them.
var columns = []string{"name", "email", "company", "phone", "message", "status", "utm_source",
	"owner_id", "next_action_at", "version", "created_at", "updated_at"}

// values is the row as the insert's arguments, in columns' order.
func (r *Row) values() []any {
	return []any{r.Name, r.Email, r.Company, r.Phone, r.Message, r.Status, r.UTMSource,
		r.OwnerID, r.NextActionAt, 1, r.CreatedAt, r.CreatedAt}
}

// generator makes the rows of one seeding, the same ones for the same options.
type generator struct {
	rnd    *rand.Rand
	owners []int64
	now    time.Time
	span   time.Duration
}

func newGenerator(opts Options, owners []int64) *generator {
	return &generator{
		rnd:    rand.New(rand.NewPCG(opts.Seed, uint64(opts.N))),
		owners: owners,
		now:    opts.Now.UTC(),
		span:   time.Duration(opts.Days) * 24 * time.Hour,
	}
}

// row fills r with the i-th lead. Each lead's email is unique (i is part of it), as
// most are; repeats are left to the tests that need them.
func (g *generator) row(i int, r *Row) {
	pick := func(s []string) string { return s[g.rnd.IntN(len(s))] }
	first, last := pick(firstNames), pick(lastNames)
	r.Name = first + " " + last
	local := strings.ToLower(strings.NewReplacer(" ", "", "'", "").Replace(first + "." + last))
	r.Email = fmt.Sprintf("%s.%d@%s", local, i, pick(domains))
	r.Company = ""
	if g.rnd.IntN(5) > 0 {
		r.Company = pick(companyWords) + " " + pick(companyKinds)
	}
	r.Phone = ""
	if g.rnd.IntN(2) == 0 {
		r.Phone = fmt.Sprintf("+44 20 %04d %04d", g.rnd.IntN(10000), g.rnd.IntN(10000))
	}
	r.Message = pick(messages)
	if r.Message != "" {
		r.Message = fmt.Sprintf(r.Message, 1+g.rnd.IntN(500))
	}
	r.Status = g.status()
	r.UTMSource = pick(sources)
	r.OwnerID = nil
	if len(g.owners) > 0 && g.rnd.IntN(3) > 0 {
		r.OwnerID = &g.owners[g.rnd.IntN(len(g.owners))]
	}
	r.CreatedAt = g.now.Add(-time.Duration(g.rnd.Int64N(int64(g.span)))).Truncate(time.Microsecond)
	r.NextActionAt = nil
	if g.rnd.IntN(10) == 0 {
		d := g.now.AddDate(0, 0, g.rnd.IntN(60)-30).Truncate(24 * time.Hour)
		r.NextActionAt = &d
	}
}

func (g *generator) status() string {
	n := g.rnd.IntN(100)
	for _, w := range statusWeights {
		if n < w.weight {
			return w.status
		}
		n -= w.weight
	}
	return "new"
}
