package web

import "igmc/reports"

// The pages' charts are drawn by reports.SVGChart, which the public site
// shares; these are its names here.
type (
	svgChart = reports.SVGChart
	svgRef   = reports.SVGRef
)

// The chart colours (reports.SVGAxis and the others).
const (
	svgAxis  = reports.SVGAxis
	svgGreen = reports.SVGGreen
	svgRed   = reports.SVGRed
	svgBlue  = reports.SVGBlue
)

// The dashes of reference lines (classes of app.css).
const (
	svgDashLong   = reports.SVGDashLong
	svgDashShort  = reports.SVGDashShort
	svgDashSparse = reports.SVGDashSparse
)
