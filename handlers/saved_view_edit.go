package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// viewID reads :id; anything but a positive number is a view that does not exist.
func viewID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// ownView loads the user's own view named by :id; someone else's is 403.
func (h *Handler) ownView(c *fiber.Ctx) (*models.SavedView, error) {
	id, err := viewID(c)
	if err != nil {
		return nil, err
	}
	return h.store.OwnSavedView(c.UserContext(), currentUser(c).ID, id)
}

// SavedViewPage is one's own view, to rename, share or delete.
func (h *Handler) SavedViewPage(c *fiber.Ctx) error {
	v, err := h.ownView(c)
	if err != nil {
		return err
	}
	return h.renderSavedView(c, fiber.StatusOK, v, v.Name, "")
}

func (h *Handler) renderSavedView(c *fiber.Ctx, status int, v *models.SavedView, typed, msg string) error {
	vm := views.SavedViewPage{
		App:  h.appPage(c, "View “"+v.Name+"”", "leads"),
		Name: v.Name, Value: typed, Error: msg, Shared: v.Shared,
		ListURL:   paths.WithQuery(paths.Leads, v.Query),
		RenameURL: paths.SavedView(v.ID), ShareURL: paths.SavedViewShare(v.ID), DeleteURL: paths.SavedViewDelete(v.ID),
		CSRF: csrfToken(c),
	}
	return render(c, status, views.SavedViewPageView(vm))
}

// RenameView renames one's own view; a refused name shows the page again (422).
func (h *Handler) RenameView(c *fiber.Ctx) error {
	v, err := h.ownView(c)
	if err != nil {
		return err
	}
	name := models.NormalizeViewName(formValue(c, "name"))
	err = models.ValidateViewName(name)
	if err == nil {
		err = h.store.RenameSavedView(c.UserContext(), v.UserID, v.ID, name)
	}
	if msg := firstMessage(err); msg != "" {
		return h.renderSavedView(c, fiber.StatusUnprocessableEntity, v, displayText(name), msg)
	}
	if err != nil {
		return err
	}
	return h.backToView(c, v, "View renamed to “"+name+"”.")
}

// ShareView shows one's own view to the team (shared=1) or keeps it to oneself.
func (h *Handler) ShareView(c *fiber.Ctx) error {
	v, err := h.ownView(c)
	if err != nil {
		return err
	}
	shared := formValue(c, "shared") == "1"
	if err := h.store.ShareSavedView(c.UserContext(), v.UserID, v.ID, shared); err != nil {
		return err
	}
	msg := "“" + v.Name + "” is now yours alone."
	if shared {
		msg = "“" + v.Name + "” is now shared with the team."
	}
	return h.backToView(c, v, msg)
}

// DeleteView deletes one's own view and goes back to every lead.
func (h *Handler) DeleteView(c *fiber.Ctx) error {
	v, err := h.ownView(c)
	if err != nil {
		return err
	}
	if err := h.store.DeleteSavedView(c.UserContext(), v.UserID, v.ID); err != nil {
		return err
	}
	if err := h.flash(c, "View “"+v.Name+"” deleted."); err != nil {
		return err
	}
	return c.Redirect(paths.Leads, fiber.StatusSeeOther)
}

// backToView shows the view's page again with a message.
func (h *Handler) backToView(c *fiber.Ctx, v *models.SavedView, msg string) error {
	if err := h.flash(c, msg); err != nil {
		return err
	}
	return c.Redirect(paths.SavedView(v.ID), fiber.StatusSeeOther)
}
