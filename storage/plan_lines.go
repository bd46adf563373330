package storage

import (
	"bytes"
	"errors"
	"strconv"

	"igmc/indicators"
	"igmc/scoring"
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

// decodePlans reads the compact text back into plan lines by indicator
// id, in one pass and without a map per entry: the text is sorted by
// indicator, so each line is complete when the next indicator begins, and
// the milestones of all lines share one array.
func decodePlans(s string, fn func(indicator int64, l scoring.PlanLine)) error {
	b := []byte(s)
	ms := make([]scoring.Milestone, 0, bytes.Count(b, []byte(",m,")))
	var (
		cur   scoring.PlanLine
		curID int64 = -1
		from  int
	)
	flush := func() {
		if curID >= 0 {
			cur.Milestones = ms[from:len(ms):len(ms)]
			fn(curID, cur)
		}
	}
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		if nl < 0 {
			return errBadLines
		}
		line := b[:nl]
		b = b[nl+1:]
		id, rest, ok := leadingInt(line)
		if !ok || len(rest) < 4 || rest[0] != ',' || rest[2] != ',' {
			return errBadLines
		}
		kind := rest[1]
		y, rest, ok := leadingInt(rest[3:])
		if !ok || len(rest) < 2 || rest[0] != ',' {
			return errBadLines
		}
		v, err := strconv.ParseFloat(string(rest[1:]), 64)
		if err != nil {
			return errBadLines
		}
		if id != curID {
			flush()
			cur, curID, from = scoring.PlanLine{}, id, len(ms)
		}
		switch kind {
		case 'b':
			cur.BaselineYear, cur.BaselineValue = int(y), v
		case 't':
			cur.TargetYear, cur.TargetValue = int(y), v
		case 'm':
			ms = append(ms, scoring.Milestone{Year: int(y), Value: v})
		default:
			return errBadLines
		}
	}
	flush()
	return nil
}

// leadingInt reads the non-negative decimal integer b starts with.
func leadingInt(b []byte) (int64, []byte, bool) {
	var n int64
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9' && i < 18; i++ {
		n = n*10 + int64(b[i]-'0')
	}
	return n, b[i:], i > 0
}
