package jobs

import (
	"github.com/riverqueue/river"
)

// QueueMail is the queue of every email job; the admin page lists it.
const QueueMail = "mail"

// Job kinds, as River stores them.
const (
	KindLeadCreatedMail = "mail_lead_created"
	KindAssignedMail    = "mail_lead_assigned"
	KindDigestMail      = "mail_digest"
	KindDigestSweep     = "digest_sweep"
)

// The arguments carry ids, not copies of the data: a job reads the lead and the user
// when it runs, so an email says what is true when it is sent, and a person's data is
// not copied into the queue.

// LeadCreatedMail is the team's email about a new lead. One per lead: inserting it
// again (a retried transaction) is a no-op while the first is kept.
type LeadCreatedMail struct {
	LeadID int64 `json:"lead_id" river:"unique"`
}

// Kind is the job's kind.
func (LeadCreatedMail) Kind() string { return KindLeadCreatedMail }

// InsertOpts puts it on the mail queue, unique per lead.
func (LeadCreatedMail) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMail, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// AssignedMail is the email to a lead's new owner. Version is the lead's version after
// the assignment, so each assignment is its own email and a repeat of one is not.
type AssignedMail struct {
	LeadID  int64 `json:"lead_id" river:"unique"`
	OwnerID int64 `json:"owner_id" river:"unique"`
	ByID    int64 `json:"by_id"`
	Version int   `json:"version" river:"unique"`
}

// Kind is the job's kind.
func (AssignedMail) Kind() string { return KindAssignedMail }

// InsertOpts puts it on the mail queue, unique per assignment.
func (AssignedMail) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMail, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// DigestMail is one user's digest of due follow-ups for one day (yyyy-mm-dd in the
// site's zone). Unique per user and day: two instances, a restart or a second sweep
// never send two.
type DigestMail struct {
	UserID int64  `json:"user_id" river:"unique"`
	Day    string `json:"day" river:"unique"`
}

// Kind is the job's kind.
func (DigestMail) Kind() string { return KindDigestMail }

// InsertOpts puts it on the mail queue, unique per user and day.
func (DigestMail) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMail, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// DigestSweep finds the users with follow-ups due and queues their digests. The
// periodic job inserts it at DigestHour in the site's zone, and at every start.
type DigestSweep struct{}

// Kind is the job's kind.
func (DigestSweep) Kind() string { return KindDigestSweep }

// KindRetentionSweep is the retention sweep's kind.
const KindRetentionSweep = "retention_sweep"

// RetentionSweep erases the leads untouched for longer than LEADLINE_RETENTION. The
// periodic job inserts it at RetentionHour in the site's zone, and at every start.
type RetentionSweep struct{}

// Kind is the job's kind.
func (RetentionSweep) Kind() string { return KindRetentionSweep }
