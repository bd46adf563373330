package reports

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"igmc/indicators"
	"igmc/scoring"
)

// Recomputed is what RecomputeBundle found: the number of scorecards it
// recomputed and, when one differs, the first figure that does.
type Recomputed struct {
	Cards int
	// SignedOff counts the cards of signed-off zones, checked against
	// their signed snapshots rather than recomputed; Unsigned names those
	// whose signature names a key the bundle does not carry (signed
	// before a rotation: check them with the installation's listed keys).
	SignedOff int
	Unsigned  []string
	// Difference names the first figure that differs: zone, perspective
	// or indicator, field, the bundle's value and the recomputed one.
	// Empty when every figure matches.
	Difference string
}

// RecomputeBundle rebuilds every official scorecard of a bundle from the
// bundle's own files — framework.json, zones.csv, plans.csv,
// applicability.csv, approved.csv — with the scoring package, and compares
// each with scorecards/<zone>.json. It needs no database. approved.csv is
// read one zone at a time, so only one zone's values are held. The error
// is for a bundle that cannot be read or lacks a file.
func RecomputeBundle(r io.ReaderAt, size int64) (Recomputed, error) {
	var out Recomputed
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return out, fmt.Errorf("bundle: %w", err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	var ff frameworkFile
	if err := readJSONEntry(files, FrameworkFileName, &ff); err != nil {
		return out, err
	}
	if ff.MethodVersion != scoring.MethodVersion {
		return out, fmt.Errorf("%s: method version %q, this program computes version %q", FrameworkFileName, indicators.Excerpt(ff.MethodVersion), scoring.MethodVersion)
	}
	fw := ff.scoring()
	if err := fw.Validate(); err != nil {
		return out, fmt.Errorf("%s: %v", FrameworkFileName, err)
	}
	zones, err := readZoneCodes(files)
	if err != nil {
		return out, err
	}
	opts := make(map[string]*scoring.Options, len(zones))
	for _, z := range zones {
		opts[z] = &scoring.Options{Zone: z, Year: ff.Year, Basis: scoring.BasisOfficial}
	}
	if err := readPlans(files, opts); err != nil {
		return out, err
	}
	if err := eachRow(files, ApplicabilityName, applicabilityColumns, func(line int, rec []string) error {
		o, err := zoneOpts(opts, rec[0], ApplicabilityName, line)
		if err != nil {
			return err
		}
		if o.NotApplicable == nil {
			o.NotApplicable = map[string]string{}
		}
		o.NotApplicable[rec[1]] = rec[2]
		return nil
	}); err != nil {
		return out, err
	}
	signed, err := signedOffCards(files)
	if err != nil {
		return out, err
	}
	compare := func(zone string, values []scoring.Value) error {
		if so, ok := signed[zone]; ok {
			diff, checked, err := checkSignedOff(files, zone, so)
			if err != nil {
				return err
			}
			out.SignedOff++
			if !checked {
				out.Unsigned = append(out.Unsigned, zone)
			}
			if diff != "" {
				out.Difference = diff
				return errDone
			}
			return nil
		}
		card, err := scoring.Compute(fw, values, *opts[zone])
		if err != nil {
			return fmt.Errorf("zone %s: %v", zone, err)
		}
		got, err := ScorecardJSON(&card)
		if err != nil {
			return err
		}
		name := "scorecards/" + zone + ".json"
		f := files[name]
		if f == nil {
			return fmt.Errorf("%s: not in the bundle", name)
		}
		want, err := readEntry(f)
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		out.Cards++
		if !bytes.Equal(bytes.TrimSpace(want), got) {
			out.Difference = zone + ": " + firstDifference(name, want, got)
			return errDone
		}
		return nil
	}
	// approved.csv holds each zone's values together; a zone is scored
	// when its rows end, the zones without values at the end.
	done := map[string]bool{}
	cur, values := "", []scoring.Value(nil)
	err = eachRow(files, ApprovedName, approvedColumns, func(line int, rec []string) error {
		if _, err := zoneOpts(opts, rec[0], ApprovedName, line); err != nil {
			return err
		}
		if rec[0] != cur {
			if cur != "" {
				if err := compare(cur, values); err != nil {
					return err
				}
			}
			if done[rec[0]] {
				return fmt.Errorf("%s line %d: the rows of zone %s are not together", ApprovedName, line, indicators.Excerpt(rec[0]))
			}
			done[rec[0]], cur, values = true, rec[0], values[:0]
		}
		p, err := indicators.ParsePeriod(rec[2])
		if err != nil {
			return fmt.Errorf("%s line %d: %v", ApprovedName, line, err)
		}
		x, err := strconv.ParseFloat(rec[3], 64)
		if err != nil {
			return fmt.Errorf("%s line %d: value %q is not a number", ApprovedName, line, indicators.Excerpt(rec[3]))
		}
		q, err := indicators.ParseQuality(rec[4])
		if err != nil {
			return fmt.Errorf("%s line %d: %v", ApprovedName, line, err)
		}
		values = append(values, scoring.Value{Indicator: rec[1], Year: p.Year, Sub: p.Sub, Value: x, Approved: true, Quality: q})
		return nil
	})
	if err == nil && cur != "" {
		err = compare(cur, values)
	}
	for _, z := range zones {
		if err != nil {
			break
		}
		if !done[z] {
			err = compare(z, nil)
		}
	}
	if errors.Is(err, errDone) {
		err = nil
	}
	return out, err
}

// errDone stops reading at the first difference.
var errDone = errors.New("a figure differs")

func zoneOpts(opts map[string]*scoring.Options, zone, file string, line int) (*scoring.Options, error) {
	o := opts[zone]
	if o == nil {
		return nil, fmt.Errorf("%s line %d: zone %q is not in zones.csv", file, line, indicators.Excerpt(zone))
	}
	return o, nil
}

func readJSONEntry(files map[string]*zip.File, name string, v any) error {
	f := files[name]
	if f == nil {
		return fmt.Errorf("%s: not in the bundle", name)
	}
	b, err := readEntry(f)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: not valid JSON: %v", name, err)
	}
	return nil
}

// eachRow reads a CSV file of the bundle whose header must be columns,
// handing fn each row padded to the header's width.
func eachRow(files map[string]*zip.File, name string, columns []string, fn func(line int, rec []string) error) error {
	f := files[name]
	if f == nil {
		return fmt.Errorf("%s: not in the bundle", name)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	defer rc.Close()
	rows := indicators.NewCSVRows(rc)
	rec := make([]string, len(columns))
	for first := true; ; first = false {
		line, got, err := rows.Next()
		if err == io.EOF {
			if first {
				return fmt.Errorf("%s: empty", name)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		if first {
			if strings.Join(got, ",") != strings.Join(columns, ",") {
				return fmt.Errorf("%s: the header is not %s", name, strings.Join(columns, ","))
			}
			continue
		}
		if len(got) > len(columns) {
			return fmt.Errorf("%s line %d: %d cells, want %d", name, line, len(got), len(columns))
		}
		clear(rec)
		copy(rec, got)
		if err := fn(line, rec); err != nil {
			return err
		}
	}
}

func readZoneCodes(files map[string]*zip.File) ([]string, error) {
	var out []string
	err := eachRow(files, "zones.csv", indicators.ZoneColumns, func(_ int, rec []string) error {
		out = append(out, rec[0])
		return nil
	})
	return out, err
}

// readPlans reads plans.csv into each zone's plan lines.
func readPlans(files map[string]*zip.File, opts map[string]*scoring.Options) error {
	return eachRow(files, PlansName, planColumns, func(line int, rec []string) error {
		o, err := zoneOpts(opts, rec[0], PlansName, line)
		if err != nil {
			return err
		}
		y, err := strconv.Atoi(rec[3])
		if err != nil {
			return fmt.Errorf("%s line %d: year %q is not a year", PlansName, line, indicators.Excerpt(rec[3]))
		}
		x, err := strconv.ParseFloat(rec[4], 64)
		if err != nil {
			return fmt.Errorf("%s line %d: value %q is not a number", PlansName, line, indicators.Excerpt(rec[4]))
		}
		if o.Plans == nil {
			o.Plans = map[string]scoring.PlanLine{}
		}
		l := o.Plans[rec[1]]
		switch rec[2] {
		case "baseline":
			l.BaselineYear, l.BaselineValue = y, x
		case "milestone":
			l.Milestones = append(l.Milestones, scoring.Milestone{Year: y, Value: x})
		case "target":
			l.TargetYear, l.TargetValue = y, x
		default:
			return fmt.Errorf("%s line %d: kind %q is not baseline, milestone or target", PlansName, line, indicators.Excerpt(rec[2]))
		}
		o.Plans[rec[1]] = l
		return nil
	})
}
