package store

import (
	"context"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// emailTaken is the validation error for an address another user has.
func emailTaken() error {
	var v models.ValidationError
	v.Add("email", "A user with this email address already exists")
	return &v
}

// CreateUser stores a new user with an already hashed password.
func (s *Store) CreateUser(ctx context.Context, u *models.User) error {
	u.Email = models.NormalizeEmail(u.Email)
	u.SessionEpoch = 1
	if err := s.db.WithContext(ctx).Create(u).Error; err != nil {
		if failureOf(err) == failUnique {
			return emailTaken()
		}
		return classify(fmt.Errorf("create user: %w", err))
	}
	return nil
}

// CreateFirstAdmin stores u only when there is no user yet, so the setup page can create
// one admin and no more, even when two people post it at once.
func (s *Store) CreateFirstAdmin(ctx context.Context, u *models.User) (created bool, err error) {
	u.Email = models.NormalizeEmail(u.Email)
	u.Role, u.Active, u.SessionEpoch = models.RoleAdmin, true, 1
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.dialect == Postgres {
			// Serialise concurrent setups; SQLite's immediate transaction already does.
			if err := tx.Exec("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE").Error; err != nil {
				return err
			}
		}
		var n int64
		if err := tx.Model(&models.User{}).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		created = true
		return tx.Create(u).Error
	})
	if err != nil {
		return false, classify(fmt.Errorf("create first admin: %w", err))
	}
	return created, nil
}

// CountUsers returns how many users exist.
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&models.User{}).Count(&n).Error; err != nil {
		return 0, classify(fmt.Errorf("count users: %w", err))
	}
	return n, nil
}

// UserByID returns one user.
func (s *Store) UserByID(ctx context.Context, id int64) (*models.User, error) {
	var u models.User
	if err := s.db.WithContext(ctx).First(&u, id).Error; err != nil {
		return nil, classify(fmt.Errorf("user %d: %w", id, err))
	}
	return &u, nil
}

// UserByEmail finds a user by address, whatever its case.
func (s *Store) UserByEmail(ctx context.Context, email string) (*models.User, error) {
	var u models.User
	err := s.db.WithContext(ctx).Where("lower(email) = ?", models.NormalizeEmail(email)).First(&u).Error
	if err != nil {
		return nil, classify(fmt.Errorf("user by email: %w", err))
	}
	return &u, nil
}

// Users lists every user, admins first, then by name.
func (s *Store) Users(ctx context.Context) ([]models.User, error) {
	var out []models.User
	if err := s.db.WithContext(ctx).Order("active DESC, role ASC, lower(name) ASC, id ASC").Find(&out).Error; err != nil {
		return nil, classify(fmt.Errorf("users: %w", err))
	}
	return out, nil
}

// RecordLogin notes a successful sign-in.
func (s *Store) RecordLogin(ctx context.Context, id int64, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&models.User{}).Where("id = ?", id).Update("last_login_at", at.UTC()).Error
	return classify(err)
}

// SetPassword stores a new hash and ends every session of the user; it returns the new
// session epoch, which the caller's own fresh session carries.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string) (int64, error) {
	return s.updateUser(ctx, id, map[string]any{"password_hash": hash}, false)
}

// SetRole changes a user's role and ends their sessions. Making the last active admin
// staff fails with models.ErrLastAdmin.
func (s *Store) SetRole(ctx context.Context, id int64, role models.Role) (int64, error) {
	return s.updateUser(ctx, id, map[string]any{"role": role}, role != models.RoleAdmin)
}

// SetActive activates or deactivates a user; either ends their sessions. Deactivating
// the last active admin fails with models.ErrLastAdmin.
func (s *Store) SetActive(ctx context.Context, id int64, active bool) (int64, error) {
	return s.updateUser(ctx, id, map[string]any{"active": active}, !active)
}

// updateUser changes fields and bumps the session epoch in one transaction, and returns
// the new epoch. A change that may take admin rights away (dropsAdmin) first checks, in
// the same transaction, that another active admin remains.
func (s *Store) updateUser(ctx context.Context, id int64, fields map[string]any, dropsAdmin bool) (int64, error) {
	fields["session_epoch"] = gorm.Expr("session_epoch + 1")
	fields["updated_at"] = time.Now().UTC()
	var epoch int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if dropsAdmin {
			if err := s.keepAnAdmin(tx, id); err != nil {
				return err
			}
		}
		res := tx.Model(&models.User{}).Where("id = ?", id).Updates(fields)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return gorm.ErrRecordNotFound
		}
		return tx.Model(&models.User{}).Where("id = ?", id).Select("session_epoch").Scan(&epoch).Error
	})
	if err != nil {
		return 0, classify(fmt.Errorf("update user %d: %w", id, err))
	}
	return epoch, nil
}

// keepAnAdmin refuses with models.ErrLastAdmin when user id is the only active admin.
// On PostgreSQL it locks every active admin's row until the transaction ends, in id
// order: a count alone would let two admins demoting each other at once both see two
// admins and both succeed, since under READ COMMITTED neither waits for the other's
// row. Locked, the second waits, then re-reads the first's row, no longer an admin,
// and is refused. SQLite's immediate transactions already admit one writer at a time.
func (s *Store) keepAnAdmin(tx *gorm.DB, id int64) error {
	q := tx.Model(&models.User{}).Where("role = ? AND active", models.RoleAdmin).Order("id")
	if s.dialect == Postgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var admins []int64
	if err := q.Pluck("id", &admins).Error; err != nil {
		return err
	}
	if len(admins) == 1 && admins[0] == id {
		return models.ErrLastAdmin
	}
	return nil
}

// SetTimeZone stores the zone the user reads dates in ("" for the site's). It does not
// end the user's sessions: nothing about their rights changed.
func (s *Store) SetTimeZone(ctx context.Context, id int64, zone string) error {
	res := s.db.WithContext(ctx).Model(&models.User{}).Where("id = ?", id).
		Updates(map[string]any{"time_zone": zone, "updated_at": time.Now().UTC()})
	if res.Error == nil && res.RowsAffected == 0 {
		return fmt.Errorf("user %d: %w", id, models.ErrNotFound)
	}
	return classify(res.Error)
}
