package store

import (
	"context"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// expiredTokenKept is how long an expired token stays listed, so that its owner can
// see why a script stopped, before making a token clears it away.
const expiredTokenKept = 7 * 24 * time.Hour

// CreateToken stores a new token for its user, at the user's current session epoch,
// and clears away the user's tokens that expired more than a week before t.CreatedAt
// (the API's sign-in makes one per run of a script, each expiring within a day).
func (s *Store) CreateToken(ctx context.Context, t *models.APIToken) error {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = time.Now()
	}
	t.CreatedAt = t.CreatedAt.UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&models.User{}).Where("id = ? AND active", t.UserID).
			Select("session_epoch").Take(&t.Epoch).Error; err != nil {
			return err
		}
		if err := tx.Where("user_id = ? AND expires_at < ?", t.UserID, t.CreatedAt.Add(-expiredTokenKept)).
			Delete(&models.APIToken{}).Error; err != nil {
			return err
		}
		return tx.Create(t).Error
	})
	if err != nil {
		return classify(fmt.Errorf("create token: %w", err))
	}
	return nil
}

// Tokens lists a user's tokens, newest first.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]models.APIToken, error) {
	var out []models.APIToken
	if err := s.db.WithContext(ctx).Where("user_id = ?", userID).Order("id DESC").Find(&out).Error; err != nil {
		return nil, classify(fmt.Errorf("tokens of user %d: %w", userID, err))
	}
	return out, nil
}

// TokenByHash finds the token whose secret has this hash.
func (s *Store) TokenByHash(ctx context.Context, hash string) (*models.APIToken, error) {
	var t models.APIToken
	if err := s.db.WithContext(ctx).Where("hash = ?", hash).Take(&t).Error; err != nil {
		return nil, classify(fmt.Errorf("token: %w", err))
	}
	return &t, nil
}

// TouchToken records that the token was used at, unless a use since notBefore is
// recorded already: one write per token per interval, not one per request.
func (s *Store) TouchToken(ctx context.Context, id int64, at, notBefore time.Time) error {
	err := s.db.WithContext(ctx).Model(&models.APIToken{}).
		Where("id = ? AND (last_used_at IS NULL OR last_used_at < ?)", id, notBefore.UTC()).
		Update("last_used_at", at.UTC()).Error
	if err != nil {
		return classify(fmt.Errorf("touch token %d: %w", id, err))
	}
	return nil
}

// RevokeToken deletes one of the user's tokens and returns it; another user's token is
// not found.
func (s *Store) RevokeToken(ctx context.Context, userID, id int64) (*models.APIToken, error) {
	var t models.APIToken
	res := s.db.WithContext(ctx).Clauses(clause.Returning{}).Where("id = ? AND user_id = ?", id, userID).Delete(&t)
	if res.Error != nil {
		return nil, classify(fmt.Errorf("revoke token %d: %w", id, res.Error))
	}
	if res.RowsAffected == 0 {
		return nil, fmt.Errorf("token %d: %w", id, models.ErrNotFound)
	}
	return &t, nil
}
