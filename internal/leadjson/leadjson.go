// Package leadjson is a lead as Leadline's JSON shows it to other systems: the API's
// answers and the webhooks' payloads.
package leadjson

import (
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/leadline/leadline/models"
)

// Lead is a lead as the JSON API shows it, and as webhooks send it: one definition,
// so an integrator reads the same fields from both.
type Lead struct {
	ID           int64      `json:"id"`
	Name         string     `json:"name"`
	Email        string     `json:"email"`
	Company      string     `json:"company"`
	Phone        string     `json:"phone"`
	Message      string     `json:"message"`
	Status       string     `json:"status"`
	OwnerID      *int64     `json:"owner_id" nullable:"true" doc:"The staff user working the lead"`
	OwnerName    string     `json:"owner_name" doc:"The owner's name; empty without an owner"`
	NextActionAt *string    `json:"next_action_at" nullable:"true" format:"date" doc:"The follow-up date"`
	RepeatOf     *int64     `json:"repeat_of" nullable:"true" doc:"The earliest earlier lead with the same email, whatever its case"`
	CreatedBy    *int64     `json:"created_by" nullable:"true" doc:"The staff user who entered the lead; null for the landing form"`
	UTMSource    string     `json:"utm_source"`
	UTMMedium    string     `json:"utm_medium"`
	UTMCampaign  string     `json:"utm_campaign"`
	Referrer     string     `json:"referrer"`
	LandingPath  string     `json:"landing_path"`
	Version      int        `json:"version" doc:"Moves on with every change; send it back with a PATCH"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	ErasedAt     *time.Time `json:"erased_at" nullable:"true" doc:"When the lead's personal data was erased; an erased lead can no longer be changed (409)"`
}

// TransformSchema lists the statuses in the document from the pipeline itself.
func (Lead) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	if p := s.Properties["status"]; p != nil {
		p.Enum = nil
		for _, st := range models.Statuses() {
			p.Enum = append(p.Enum, string(st))
		}
	}
	return s
}

// From is the lead l as the API shows it.
func From(l *models.Lead) Lead {
	out := Lead{
		ID: l.ID, Name: l.Name, Email: l.Email, Company: l.Company, Phone: l.Phone, Message: l.Message,
		Status: string(l.Status), OwnerID: l.OwnerID, OwnerName: l.OwnerName, RepeatOf: l.RepeatOf, CreatedBy: l.CreatedBy,
		UTMSource: l.UTMSource, UTMMedium: l.UTMMedium, UTMCampaign: l.UTMCampaign, Referrer: l.Referrer,
		LandingPath: l.LandingPath, Version: l.Version, CreatedAt: l.CreatedAt.UTC(), UpdatedAt: l.UpdatedAt.UTC(),
	}
	if l.ErasedAt != nil {
		at := l.ErasedAt.UTC()
		out.ErasedAt = &at
	}
	if l.NextActionAt != nil {
		d := models.FormatDate(l.NextActionAt)
		out.NextActionAt = &d
	}
	return out
}
