package views

import (
	"strconv"
)

// Dashboard is /app.
type Dashboard struct {
	App        AppPage
	Total      int64
	ByStatus   []StatusCount
	Conversion string // "42 %" (won of won+lost), or "—" before any lead is closed
	Won, Lost  int64
	Chart      Chart
	Recent     []LeadRow
	Due        []LeadRow
}

// StatusCount is how many leads have a status, with the list filtered to them.
type StatusCount struct {
	Status, Label string
	Count         int64
	URL           string
}

// Chart is the new-leads-per-day bar chart, laid out by the handler so the template only
// draws: an SVG of Width×Height with one bar a day.
type Chart struct {
	Width, Height int
	Bars          []Bar
	Max           int64 // the largest day's count, for the axis label
	Total         int64
	// Summary describes the chart for screen readers.
	Summary string
	// FirstLabel and LastLabel are the dates under the ends of the axis.
	FirstLabel, LastLabel string
}

// Bar is one day of the chart.
type Bar struct {
	X, Y, W, H float64
	Count      int64
	Label      string // "25 Nov: 3 leads", for the bar's <title>
}

// statusDot is the small colour mark beside a status count on the dashboard.
func statusDot(status string) string {
	switch status {
	case "new":
		return "bg-sky-500"
	case "contacted":
		return "bg-violet-500"
	case "qualified":
		return "bg-amber-500"
	case "won":
		return "bg-emerald-500"
	}
	return "bg-slate-400"
}

// f1 writes a coordinate of the chart with one decimal, enough for a pixel grid.
func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// chartTop is the height of the tallest bar (the smallest y), where the chart draws its
// top grid line; with no bar above zero it is the baseline.
func chartTop(c Chart) float64 {
	top := float64(c.Height)
	for _, b := range c.Bars {
		if b.H > 0 && b.Y < top {
			top = b.Y
		}
	}
	return top
}

// chartBase is the chart's baseline: the bottom of the bars, where the handler put it
// to leave room for the dates below.
func chartBase(c Chart) float64 {
	if len(c.Bars) > 0 {
		return c.Bars[0].Y + c.Bars[0].H
	}
	return float64(c.Height)
}

// chartViewBox is the SVG's viewBox: the chart's own area plus a margin on the left for
// the counts.
func chartViewBox(c Chart) string {
	return "-28 0 " + itoa(c.Width+32) + " " + itoa(c.Height)
}
