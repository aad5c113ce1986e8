package store

import (
	"context"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
)

// savedViewColumns reads a view with its owner's name.
const savedViewColumns = "saved_views.*, users.name AS owner_name"

func (s *Store) savedViews(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Model(&models.SavedView{}).Select(savedViewColumns).
		Joins("JOIN users ON users.id = saved_views.user_id")
}

// CreateSavedView stores a view for its user. A name the user has already given a view
// (whatever its case) is refused with a *models.ValidationError.
func (s *Store) CreateSavedView(ctx context.Context, v *models.SavedView) error {
	now := time.Now().UTC()
	v.CreatedAt, v.UpdatedAt = now, now
	if err := s.db.WithContext(ctx).Omit("OwnerName").Create(v).Error; err != nil {
		if failureOf(err) == failUnique {
			return fmt.Errorf("%w: %w", models.ViewNameTaken(v.Name), err)
		}
		return classify(fmt.Errorf("create view: %w", err))
	}
	return nil
}

// SavedViews lists the views a user sees: their own, then those others share, each
// group by name.
func (s *Store) SavedViews(ctx context.Context, userID int64) ([]models.SavedView, error) {
	var out []models.SavedView
	err := s.savedViews(ctx).Where("saved_views.user_id = ? OR saved_views.shared", userID).
		Order(gorm.Expr("CASE WHEN saved_views.user_id = ? THEN 0 ELSE 1 END, lower(saved_views.name), saved_views.id", userID)).
		Find(&out).Error
	if err != nil {
		return nil, classify(fmt.Errorf("views of user %d: %w", userID, err))
	}
	return out, nil
}

// OwnSavedView returns one of the user's own views. Another user's view is
// models.ErrForbidden: only its owner may change it.
func (s *Store) OwnSavedView(ctx context.Context, userID, id int64) (*models.SavedView, error) {
	var v models.SavedView
	if err := s.savedViews(ctx).Where("saved_views.id = ?", id).Take(&v).Error; err != nil {
		return nil, classify(fmt.Errorf("view %d: %w", id, err))
	}
	if v.UserID != userID {
		return nil, fmt.Errorf("view %d of user %d: %w", id, v.UserID, models.ErrForbidden)
	}
	return &v, nil
}

// RenameSavedView gives one of the user's views a new name (validate first).
func (s *Store) RenameSavedView(ctx context.Context, userID, id int64, name string) error {
	err := s.changeSavedView(ctx, userID, id, map[string]any{"name": name})
	if failureOf(err) == failUnique {
		return fmt.Errorf("%w: %w", models.ViewNameTaken(name), err)
	}
	return err
}

// ShareSavedView shows one of the user's views to the team, or stops showing it.
func (s *Store) ShareSavedView(ctx context.Context, userID, id int64, shared bool) error {
	return s.changeSavedView(ctx, userID, id, map[string]any{"shared": shared})
}

// changeSavedView updates the user's own view; another user's is ErrForbidden.
func (s *Store) changeSavedView(ctx context.Context, userID, id int64, fields map[string]any) error {
	fields["updated_at"] = time.Now().UTC()
	res := s.db.WithContext(ctx).Model(&models.SavedView{}).Where("id = ? AND user_id = ?", id, userID).Updates(fields)
	if res.Error != nil {
		if failureOf(res.Error) == failUnique {
			return res.Error
		}
		return classify(fmt.Errorf("change view %d: %w", id, res.Error))
	}
	if res.RowsAffected == 0 {
		return s.notOwned(ctx, userID, id)
	}
	return nil
}

// DeleteSavedView deletes one of the user's views; another user's is ErrForbidden.
func (s *Store) DeleteSavedView(ctx context.Context, userID, id int64) error {
	res := s.db.WithContext(ctx).Where("id = ? AND user_id = ?", id, userID).Delete(&models.SavedView{})
	if res.Error != nil {
		return classify(fmt.Errorf("delete view %d: %w", id, res.Error))
	}
	if res.RowsAffected == 0 {
		return s.notOwned(ctx, userID, id)
	}
	return nil
}

// notOwned tells why a change of view id by userID touched nothing: the view is
// someone else's (ErrForbidden) or does not exist (ErrNotFound).
func (s *Store) notOwned(ctx context.Context, userID, id int64) error {
	_, err := s.OwnSavedView(ctx, userID, id)
	if err == nil {
		// It is the user's after all: it appeared between the two statements.
		return fmt.Errorf("view %d: %w", id, models.ErrConflict)
	}
	return err
}
