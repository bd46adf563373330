package storage

import (
	"bytes"
	"errors"
	"strconv"

	"igmc/indicators"
)

// A plan version's entries are also kept on the version as one compact
// text, so that scoring every zone of a ranking reads one row per zone:
// one "indicator_id,kind,year,value" line per entry, sorted, kind b
// (baseline), m (milestone) or t (target), the value written exactly.

var kindLetter = map[indicators.PlanKind]byte{indicators.PlanBaseline: 'b', indicators.PlanMilestone: 'm', indicators.PlanTarget: 't'}

// encodeLines writes rows (sorted by sortEntryRows) as the compact text.
func encodeLines(rows []planEntryRow) string {
	b := make([]byte, 0, len(rows)*24)
	for _, r := range rows {
		b = strconv.AppendInt(b, r.IndicatorID, 10)
		b = append(b, ',', kindLetter[r.Kind], ',')
		b = strconv.AppendInt(b, int64(r.Year), 10)
		b = append(b, ',')
		b = strconv.AppendFloat(b, r.Value, 'g', -1, 64)
		b = append(b, '\n')
	}
	return string(b)
}

var errBadLines = errors.New("storage: a plan version's lines do not read")

// decodeLines reads the compact text back, entry by entry.
func decodeLines(s string, fn func(indicator int64, kind byte, year int, value float64)) error {
	b := []byte(s)
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		if nl < 0 {
			return errBadLines
		}
		line := b[:nl]
		b = b[nl+1:]
		c1 := bytes.IndexByte(line, ',')
		if c1 < 0 || c1+3 > len(line) || line[c1+2] != ',' {
			return errBadLines
		}
		rest := line[c1+3:]
		c3 := bytes.IndexByte(rest, ',')
		if c3 < 0 {
			return errBadLines
		}
		id, err1 := strconv.ParseInt(string(line[:c1]), 10, 64)
		y, err2 := strconv.Atoi(string(rest[:c3]))
		v, err3 := strconv.ParseFloat(string(rest[c3+1:]), 64)
		if err1 != nil || err2 != nil || err3 != nil {
			return errBadLines
		}
		fn(id, line[c1+1], y, v)
	}
	return nil
}
