package handlers

import (
	"bufio"
	"io"
	"testing"
	"time"

	"github.com/leadline/leadline/models"
)

// BenchmarkCSVRows writes export rows of a typical lead, as the CSV export does after
// the store has read them, and reports rows a second. The reading is measured by the
// store's BenchmarkEachLead100k.
func BenchmarkCSVRows(b *testing.B) {
	owner, next := int64(2), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	l := &models.Lead{
		ID: 123456, CreatedAt: time.Date(2026, 11, 30, 9, 41, 7, 0, time.UTC),
		Name: "Ada Lovelace", Email: "ada.lovelace@example.com", Company: "Analytical Engines Ltd",
		Phone: "+44 20 7946 0000", Status: models.StatusContacted, OwnerID: &owner, NextActionAt: &next,
		UTMSource: "newsletter", UTMMedium: "email", UTMCampaign: "winter-launch",
		Referrer: "https://news.example.com/", LandingPath: "/",
		Message: `We need help with security reviews of our "engine" before the spring release.`,
	}
	names := people{2: "Olga Owner"}
	cw := &csvWriter{w: bufio.NewWriterSize(io.Discard, 32<<10)}
	rows := 0
	for b.Loop() {
		cw.Write(csvRow(l, names))
		rows++
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
