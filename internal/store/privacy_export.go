package store

import (
	"context"
	"fmt"

	"github.com/leadline/leadline/models"
)

// ExportEmail gathers everything stored about one email address (compared without
// case): each lead with it, oldest first, with its notes, history and consent. An
// address with no lead gives an Export with no leads, not an error.
func (s *Store) ExportEmail(ctx context.Context, email string) (*models.Export, error) {
	out := &models.Export{Email: email}
	var leads []models.Lead
	err := s.leads(ctx).Where("lower(leads.email) = lower(?)", email).Order("leads.id").Find(&leads).Error
	if err != nil {
		return nil, classify(fmt.Errorf("export %q: %w", email, err))
	}
	for _, l := range leads {
		notes, err := s.Notes(ctx, l.ID)
		if err != nil {
			return nil, err
		}
		events, err := s.Events(ctx, l.ID)
		if err != nil {
			return nil, err
		}
		out.Leads = append(out.Leads, models.ExportedLead{Lead: l, Notes: notes, Events: events})
	}
	return out, nil
}
