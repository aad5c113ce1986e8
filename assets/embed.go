// Package assets embeds the site's static files and serves them under content-hashed
// names, so that browsers may cache them for a year.
package assets

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"
)

//go:embed static
var files embed.FS

// File is one asset, held in memory.
type File struct {
	Name        string // as in the source tree: "app.css"
	Hashed      string // with the content hash: "app.3f2a1b9c0d.css"
	ContentType string
	Body        []byte
	// ETag is computed once here, not per request: hashing every response body is
	// what made the etag middleware the most expensive part of serving an asset.
	ETag string
}

// Manifest maps asset names to their hashed names and contents.
type Manifest struct {
	byName   map[string]*File
	byHashed map[string]*File
}

// New reads the embedded files, plus generated ones (such as the theme built from the
// site's content), and hashes them.
func New(generated map[string][]byte) (*Manifest, error) {
	m := &Manifest{byName: map[string]*File{}, byHashed: map[string]*File{}}
	err := fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		m.add(strings.TrimPrefix(p, "static/"), body)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("assets: %w", err)
	}
	for name, body := range generated {
		m.add(name, body)
	}
	return m, nil
}

func (m *Manifest) add(name string, body []byte) {
	sum := sha256.Sum256(body)
	ext := path.Ext(name)
	f := &File{
		Name:        name,
		Hashed:      strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext,
		ContentType: contentType(ext),
		Body:        body,
		ETag:        `"` + hex.EncodeToString(sum[:8]) + `"`,
	}
	m.byName[name] = f
	m.byHashed[f.Hashed] = f
}

func contentType(ext string) string {
	switch ext {
	case ".ico":
		return "image/x-icon"
	case ".js":
		return "text/javascript; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// URL is the hashed URL of an asset. It panics on an unknown name: the set of assets is
// fixed at build time, so a wrong name is a bug that the first render reveals.
func (m *Manifest) URL(name string) string {
	f, ok := m.byName[name]
	if !ok {
		panic("assets: no asset named " + name)
	}
	return "/assets/" + f.Hashed
}

// Lookup finds an asset by its hashed name (immutable is then true) or by its plain name.
func (m *Manifest) Lookup(name string) (f *File, immutable bool, ok bool) {
	if f, ok := m.byHashed[name]; ok {
		return f, true, true
	}
	f, ok = m.byName[name]
	return f, false, ok
}

// ErrorPage is the static 500 page: plain HTML that renders even when templates or the
// database fail.
func (m *Manifest) ErrorPage() []byte {
	if f, ok := m.byName["500.html"]; ok {
		return f.Body
	}
	return []byte("<!DOCTYPE html><title>Error</title><h1>Something went wrong</h1>")
}
