package handlers

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// chartWidth and chartHeight are the dashboard chart's SVG size.
const (
	chartWidth  = 720
	chartHeight = 200
	chartDays   = 30
)

// Dashboard is /app: the pipeline at a glance.
func (h *Handler) Dashboard(c *fiber.Ctx) error {
	now := h.now(c)
	stats, err := h.store.Stats(c.UserContext(), chartDays, now)
	if err != nil {
		return err
	}
	recent, err := h.store.RecentLeads(c.UserContext(), 8)
	if err != nil {
		return err
	}
	due, err := h.store.DueLeads(c.UserContext(), now, 8)
	if err != nil {
		return err
	}
	vm := views.Dashboard{
		App:   h.appPage(c, "Dashboard", "dashboard"),
		Total: stats.Total,
		Won:   stats.ByStatus[models.StatusWon],
		Lost:  stats.ByStatus[models.StatusLost],
		Chart: chart(stats.PerDay),
	}
	vm.App.LiveURL = paths.Dashboard // new leads and changes show without a reload
	vm.Conversion = "—"
	if closed := vm.Won + vm.Lost; closed > 0 {
		vm.Conversion = strconv.FormatInt((vm.Won*100+closed/2)/closed, 10) + " %"
	}
	for _, s := range models.Statuses() {
		vm.ByStatus = append(vm.ByStatus, views.StatusCount{
			Status: string(s), Label: s.Label(), Count: stats.ByStatus[s], URL: listURL(models.LeadFilter{Status: s}),
		})
	}
	csrf := csrfToken(c)
	for i := range recent {
		vm.Recent = append(vm.Recent, leadRow(&recent[i], nil, csrf, now))
	}
	for i := range due {
		vm.Due = append(vm.Due, leadRow(&due[i], nil, csrf, now))
	}
	return render(c, fiber.StatusOK, views.DashboardPage(vm))
}

// chart lays out one bar a day, scaled to the busiest day.
func chart(days []models.DayCount) views.Chart {
	ch := views.Chart{Width: chartWidth, Height: chartHeight}
	if len(days) == 0 {
		return ch
	}
	const top, bottom = 16.0, 24.0 // room for the max label and the dates
	busiest := days[0]
	for _, d := range days {
		ch.Total += d.Count
		if d.Count > busiest.Count {
			busiest = d
		}
	}
	ch.Max = busiest.Count
	slot := float64(chartWidth) / float64(len(days))
	plot := float64(chartHeight) - top - bottom
	for i, d := range days {
		hgt := 0.0
		if ch.Max > 0 {
			hgt = plot * float64(d.Count) / float64(ch.Max)
		}
		if d.Count > 0 && hgt < 2 {
			hgt = 2 // a day with a lead stays visible
		}
		ch.Bars = append(ch.Bars, views.Bar{
			X: float64(i)*slot + slot*0.15, W: slot * 0.7,
			Y: top + plot - hgt, H: hgt, Count: d.Count,
			Label: d.Day.Format("2 Jan") + ": " + plural(d.Count, "lead"),
		})
	}
	ch.FirstLabel, ch.LastLabel = days[0].Day.Format("2 Jan"), days[len(days)-1].Day.Format("2 Jan")
	ch.Summary = fmt.Sprintf("%s in the last %d days", plural(ch.Total, "new lead"), len(days))
	if ch.Max > 0 {
		ch.Summary += fmt.Sprintf("; the busiest day was %s with %s", busiest.Day.Format("2 January"), plural(busiest.Count, "lead"))
	}
	ch.Summary += "."
	return ch
}

func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.FormatInt(n, 10) + " " + word + "s"
}
