package handlers

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/models"
)

// exportTimeout bounds a CSV export, which runs after the handler has returned.
// exportWriteTimeout bounds each stretch of the download instead of the server's
// WriteTimeout, which would cut an export that takes longer as a whole.
const (
	exportTimeout      = 5 * time.Minute
	exportWriteTimeout = 30 * time.Second
)

// LeadsCSV streams the filtered list as CSV, a row at a time.
func (h *Handler) LeadsCSV(c *fiber.Ctx) error {
	f, err := models.ParseLeadFilter(queryGetter(c), currentUser(c).ID)
	if err != nil {
		return err
	}
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	names := namesOf(users)
	now := h.now(c)
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="leads-`+now.UTC().Format("2006-01-02")+`.csv"`)
	// The export runs after the handler has returned, into a pipe the server reads
	// from. A failure midway closes the pipe with the error: the server then stops the
	// chunked answer without its clean end, so the download visibly breaks instead of
	// passing for a whole file. A client that goes away closes the pipe from the other
	// side, and the next write stops the query.
	pr, pw := io.Pipe()
	go h.writeCSV(pw, c.Context().Conn(), f, now, names, requestID(c))
	c.Context().SetBodyStream(pr, -1)
	// The headers go at once: the browser starts the download while the query runs,
	// and a failure before the first row still reaches it as a broken download.
	c.Context().Response.ImmediateHeaderFlush = true
	return nil
}

// writeCSV writes the export of f to pw and closes it, with the error if it failed.
// Each flush moves the connection's write deadline on: a client that keeps reading
// gets the whole export however long it takes (up to exportTimeout).
func (h *Handler) writeCSV(pw *io.PipeWriter, conn net.Conn, f models.LeadFilter, now time.Time, names people, rid string) {
	// The request's context ends with the handler; the export gets its own.
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	defer cancel()
	w := bufio.NewWriterSize(pw, 32<<10)
	cw := &csvWriter{w: w}
	cw.Write([]string{"id", "created_at", "name", "email", "company", "phone", "status", "owner",
		"next_action_at", "utm_source", "utm_medium", "utm_campaign", "referrer", "landing_path", "message"})
	n := 0
	err := h.store.EachLead(ctx, f, now, func(l *models.Lead) error {
		n++
		cw.Write(csvRow(l, names))
		if n%500 == 0 {
			_ = conn.SetWriteDeadline(time.Now().Add(exportWriteTimeout))
			return w.Flush() // a client that went away stops the export here
		}
		return nil
	})
	if err == nil {
		err = w.Flush()
	}
	switch {
	case err == nil:
		pw.Close()
		return
	case errors.Is(err, io.ErrClosedPipe):
		h.log.Info("CSV export stopped: the client went away", "request_id", rid, "rows", n)
	default:
		h.log.Error("CSV export failed midway; the download is broken off", "request_id", rid, "rows", n, "err", err)
	}
	pw.CloseWithError(err)
}

func csvRow(l *models.Lead, names people) []string {
	row := []string{
		strconv.FormatInt(l.ID, 10), l.CreatedAt.UTC().Format(time.RFC3339), l.Name, l.Email, l.Company, l.Phone,
		string(l.Status), names.name(l.OwnerID), models.FormatDate(l.NextActionAt),
		l.UTMSource, l.UTMMedium, l.UTMCampaign, l.Referrer, l.LandingPath, l.Message,
	}
	for i := range row {
		row[i] = csvCell(row[i])
	}
	return row
}

// csvCell keeps a spreadsheet from running a cell as a formula (OWASP's advice): a cell
// that starts with a tab or a carriage return, or whose first character after any
// white space (ASCII or Unicode) is = + - @ or their full-width forms, which some
// spreadsheets read the same, gets a leading apostrophe.
func csvCell(s string) string {
	if s == "" {
		return s
	}
	if s[0] == '\t' || s[0] == '\r' {
		return "'" + s
	}
	first, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(s, unicode.IsSpace))
	switch first {
	case '=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20':
		return "'" + s
	}
	return s
}

// csvWriter writes RFC 4180 CSV with every field quoted. encoding/csv quotes a field
// only when it holds a comma, a quote or a line break; a spreadsheet that splits on
// ";" (the default in many locales) would then cut "Acme;=cmd|…" into a second cell
// that starts with = and runs as a formula. Quoted, the field stays one cell.
type csvWriter struct {
	w *bufio.Writer
}

// Write writes one record. Errors surface at the next Flush of the bufio.Writer.
func (cw *csvWriter) Write(record []string) {
	for i, field := range record {
		if i > 0 {
			cw.w.WriteByte(',')
		}
		cw.w.WriteByte('"')
		cw.w.WriteString(strings.ReplaceAll(field, `"`, `""`))
		cw.w.WriteByte('"')
	}
	cw.w.WriteString("\r\n")
}
