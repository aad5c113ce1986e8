package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/assets"
)

// Asset serves an embedded file. Hashed names never change content, so browsers keep
// them for a year; plain names (used by the static 500 page) are revalidated by ETag.
func (h *Handler) Asset(c *fiber.Ctx) error {
	f, immutable, ok := h.assets.Lookup(c.Params("name"))
	if !ok {
		return fiber.ErrNotFound
	}
	if immutable {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		c.Set(fiber.HeaderCacheControl, "public, no-cache")
	}
	return sendAsset(c, f)
}

// sendAsset answers with the file, or 304 when the client's copy is current.
func sendAsset(c *fiber.Ctx, f *assets.File) error {
	c.Set(fiber.HeaderETag, f.ETag)
	if c.Fresh() {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, f.ContentType)
	return c.Send(f.Body)
}

// Favicon serves the icon browsers ask for at the root.
func (h *Handler) Favicon(c *fiber.Ctx) error {
	f, _, ok := h.assets.Lookup("favicon.ico")
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	return sendAsset(c, f)
}
