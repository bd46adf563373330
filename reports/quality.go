package reports

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
)

// The data-quality report's files (SPEC §8). The CSV has one row per zone
// × indicator (level cell), one per zone (level zone) with its counts,
// open follow-ups and on-time share, and last one for the whole report
// (level total) with the totals and the year's open follow-ups; the
// workbook has the same rows in three sheets, cells, zones and totals.
// Column names are the JSON fields; a zone's counts (counts.value, …) are
// value_count, missing_count and so on.

// QualityCellColumns are the columns of a cell row (CSV and the cells
// sheet).
var QualityCellColumns = []string{"framework", "year", "zone", "indicator", "state", "status", "late", "warned", "flagged",
	"warnings_open", "warnings_explained"}

// QualityZoneColumns are the columns of a zone row (the zones sheet).
var QualityZoneColumns = []string{"framework", "year", "zone", "name_en", "name_zh", "value_count", "missing_count", "not_applicable_count",
	"late_count", "warned_count", "flagged_count", "warnings_open_count", "warnings_explained_count", "follow_ups_open", "on_time_share", "due_on"}

// QualityCSVColumns are the CSV's columns: level, then a cell row's, then
// a zone row's own.
var QualityCSVColumns = append(append([]string{"level"}, QualityCellColumns...), QualityZoneColumns[3:]...)

// qualityCountCells are the count columns of a zone or total row, from
// value_count to follow_ups_open.
func qualityCountCells(c indicators.QualityCounts, followUps int) []string {
	return []string{strconv.Itoa(c.Value), strconv.Itoa(c.Missing), strconv.Itoa(c.NotApplicable),
		strconv.Itoa(c.Late), strconv.Itoa(c.Warned), strconv.Itoa(c.Flagged), strconv.Itoa(c.WarningsOpen), strconv.Itoa(c.WarningsExplained),
		strconv.Itoa(followUps)}
}

func qualityZoneCells(r *indicators.QualityReport, z *indicators.QualityZone) []string {
	share := ""
	if z.OnTimeShare != nil {
		share = frac(*z.OnTimeShare)
	}
	return append(append([]string{z.NameEn, z.NameZh}, qualityCountCells(z.Counts, z.FollowUpsOpen)...), share, r.DueOn)
}

// WriteQualityCSV writes the report as CSV, a zone's row after its cells.
func WriteQualityCSV(w io.Writer, r *indicators.QualityReport) error {
	cw := indicators.NewCSVWriter(w)
	if err := cw.Write(QualityCSVColumns); err != nil {
		return err
	}
	year := strconv.Itoa(r.Year)
	rec := make([]string, len(QualityCSVColumns))
	for i := range r.Zones {
		z := &r.Zones[i]
		for _, c := range z.Cells {
			clear(rec)
			copy(rec, []string{"cell", r.Framework, year, z.Zone, c.Indicator, c.State, string(c.Status),
				strconv.FormatBool(c.Late), strconv.FormatBool(c.Warned), strconv.FormatBool(c.Flagged),
				strconv.Itoa(c.WarningsOpen), strconv.Itoa(c.WarningsExplained)})
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		clear(rec)
		copy(rec, []string{"zone", r.Framework, year, z.Zone})
		copy(rec[1+len(QualityCellColumns):], qualityZoneCells(r, z))
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	// The totals: no zone, no names and no on-time share of their own.
	clear(rec)
	copy(rec, []string{"total", r.Framework, year})
	copy(rec[1+len(QualityCellColumns)+2:], append(qualityCountCells(r.Totals, r.FollowUpsOpen), "", r.DueOn))
	if err := cw.Write(rec); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// WriteQualityXLSX writes the report as a workbook: the cells sheet
// through excelize's stream writer (500 zones × 200 indicators is 100 000
// rows), then the zones sheet and the totals sheet (a row of the zones'
// columns without zone, names and share). Counts and shares are number
// cells.
func WriteQualityXLSX(w io.Writer, r *indicators.QualityReport) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	fail := func(err error) error { return fmt.Errorf("reports: quality xlsx: %w", err) }
	if err := f.SetSheetName(f.GetSheetName(0), "cells"); err != nil {
		return fail(err)
	}
	for _, sheet := range []string{"zones", "totals"} {
		if _, err := f.NewSheet(sheet); err != nil {
			return fail(err)
		}
	}
	write := func(sheet string, rows func(add func(cells ...any) error) error) error {
		sw, err := f.NewStreamWriter(sheet)
		if err != nil {
			return err
		}
		n := 0
		add := func(cells ...any) error {
			n++
			if n > excelize.TotalRows {
				return ErrTooManyRows
			}
			ref, err := excelize.CoordinatesToCellName(1, n)
			if err != nil {
				return err
			}
			return sw.SetRow(ref, cells)
		}
		if err := rows(add); err != nil {
			return err
		}
		return sw.Flush()
	}
	header := func(cols []string) []any {
		out := make([]any, len(cols))
		for i, c := range cols {
			out[i] = c
		}
		return out
	}
	err := write("cells", func(add func(...any) error) error {
		if err := add(header(QualityCellColumns)...); err != nil {
			return err
		}
		for _, z := range r.Zones {
			for _, c := range z.Cells {
				if err := add(r.Framework, r.Year, z.Zone, c.Indicator, c.State, string(c.Status), c.Late, c.Warned, c.Flagged,
					c.WarningsOpen, c.WarningsExplained); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	err = write("zones", func(add func(...any) error) error {
		if err := add(header(QualityZoneColumns)...); err != nil {
			return err
		}
		for _, z := range r.Zones {
			var share any
			if z.OnTimeShare != nil {
				share = *z.OnTimeShare
			}
			c := z.Counts
			if err := add(r.Framework, r.Year, z.Zone, z.NameEn, z.NameZh, c.Value, c.Missing, c.NotApplicable, c.Late, c.Warned, c.Flagged,
				c.WarningsOpen, c.WarningsExplained, z.FollowUpsOpen, share, r.DueOn); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	err = write("totals", func(add func(...any) error) error {
		cols := append([]string{QualityZoneColumns[0], QualityZoneColumns[1]}, QualityZoneColumns[5:len(QualityZoneColumns)-2]...)
		if err := add(header(append(cols, "due_on"))...); err != nil {
			return err
		}
		t := r.Totals
		var due any
		if r.DueOn != "" {
			due = r.DueOn
		}
		return add(r.Framework, r.Year, t.Value, t.Missing, t.NotApplicable, t.Late, t.Warned, t.Flagged,
			t.WarningsOpen, t.WarningsExplained, r.FollowUpsOpen, due)
	})
	if err != nil {
		return fail(err)
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}
