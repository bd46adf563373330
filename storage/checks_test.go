package storage_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// typedZones adds zones given as "code:type".
func typedZones(t *testing.T, s *storage.Store, specs ...string) {
	t.Helper()
	var zs []indicators.Zone
	for _, spec := range specs {
		code, typ, _ := strings.Cut(spec, ":")
		zs = append(zs, indicators.Zone{Code: code, NameEn: "Zone " + code, Type: typ})
	}
	if _, err := s.ImportZones(ctx, zs, indicators.System); err != nil {
		t.Fatal(err)
	}
}

// values imports "zone,indicator,period,value" lines, submitted.
func values(t *testing.T, s *storage.Store, lines ...string) {
	t.Helper()
	if _, err := importCSV(s, "zone_code,indicator_code,period,value\n"+strings.Join(lines, "\n")+"\n", indicators.ImportOptions{}); err != nil {
		t.Fatalf("%v %+v", err, fieldsOf(err))
	}
}

func fieldsOf(err error) []indicators.FieldError {
	var e *indicators.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

func close2(a, b float64) bool { return math.Abs(a-b) < 0.005 }

// only returns the one warning of check among ws, failing otherwise.
func only(t *testing.T, ws []scoring.Warning, check string) scoring.Warning {
	t.Helper()
	var found []scoring.Warning
	for _, w := range ws {
		if w.Check == check {
			found = append(found, w)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one %s warning, got %+v", check, ws)
	}
	return found[0]
}

func none(t *testing.T, ws []scoring.Warning, check string) {
	t.Helper()
	for _, w := range ws {
		if w.Check == check {
			t.Fatalf("unexpected %s warning: %+v", check, w)
		}
	}
}

func checkOne(t *testing.T, s *storage.Store, zone, ind, period string, v float64) []scoring.Warning {
	t.Helper()
	ws, err := s.CheckValue(ctx, "igmc", zone, ind, period, v)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func TestCheckValueJump(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "A:park", "B:park")
		// The case: 100 then 3, inside 0–100. One earlier value:
		// the short-series rule (−97% of 100).
		values(t, s, "A,SPC-01,2019,100")
		w := only(t, checkOne(t, s, "A", "SPC-01", "2020", 3), scoring.CheckJump)
		if w.Figures["previous"] != 100 || w.Figures["change"] != -97 || !close2(w.Figures["relative_change"], -0.97) {
			t.Errorf("100 → 3: %+v", w.Figures)
		}
		none(t, checkOne(t, s, "A", "SPC-01", "2020", 99), scoring.CheckJump)

		// Five years 100, 102, 101, 103, 104: changes 2, −1, 2, 1 (median
		// 1.5, MAD 0.5); −101 has z = 0.6745 · (−101 − 1.5) / 0.5.
		values(t, s, "B,SPC-03,2015,100", "B,SPC-03,2016,102", "B,SPC-03,2017,101", "B,SPC-03,2018,103", "B,SPC-03,2019,104")
		w = only(t, checkOne(t, s, "B", "SPC-03", "2020", 3), scoring.CheckJump)
		if !close2(w.Figures["z"], -138.27) || w.Figures["changes"] != 4 || w.Figures["median_change"] != 1.5 {
			t.Errorf("z of −101: %+v", w.Figures)
		}
		none(t, checkOne(t, s, "B", "SPC-03", "2020", 105), scoring.CheckJump)
		// A later year is not an earlier value; checking 2017 looks at 2015
		// and 2016 only (one change: the short-series rule).
		none(t, checkOne(t, s, "B", "SPC-03", "2017", 101), scoring.CheckJump)

		// A draft is nobody's reference: A's 2021 draft of 5 is not the
		// value before 2022.
		if _, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "A", IndicatorCode: "SPC-01", Period: "2021", Value: 5}, as("o@example.org")); err != nil {
			t.Fatal(err)
		}
		if w := only(t, checkOne(t, s, "A", "SPC-01", "2022", 4), scoring.CheckJump); w.Figures["previous"] != 100 {
			t.Errorf("the draft was taken as the previous value: %+v", w.Figures)
		}

		// A monthly value is compared with the same month of earlier years:
		// March 2020 with March 2019 (40), not February 2020 (10).
		values(t, s, "A,ENV-01,2019-03,40", "A,ENV-01,2020-02,10")
		none(t, checkOne(t, s, "A", "ENV-01", "2020-03", 41), scoring.CheckJump)
		if w := only(t, checkOne(t, s, "A", "ENV-01", "2020-03", 100), scoring.CheckJump); w.Figures["previous"] != 40 {
			t.Errorf("March against March: %+v", w.Figures)
		}
	})
}

func TestCheckValuePeers(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "A:park", "P1:park", "P2:park", "P3:park", "P4:park", "P5:park", "C:city", "N:")
		// Four peers (10, 12, 11, 13) are too few to say anything; a city
		// is no peer of a park, nor a zone without a type.
		values(t, s, "P1,SPC-05,2020,10", "P2,SPC-05,2020,12", "P3,SPC-05,2020,11", "P4,SPC-05,2020,13", "C,SPC-05,2020,12", "N,SPC-05,2020,12")
		none(t, checkOne(t, s, "A", "SPC-05", "2020", 30), scoring.CheckPeer)
		// A zone is not its own peer: P1 checked has three.
		none(t, checkOne(t, s, "P1", "SPC-05", "2020", 90), scoring.CheckPeer)
		// The fifth peer: 10, 11, 12, 12, 13 (median 12, MAD 1); 30 has
		// z = 0.6745 · 18 = 12.14, 17 has 3.37.
		values(t, s, "P5,SPC-05,2020,12")
		w := only(t, checkOne(t, s, "A", "SPC-05", "2020", 30), scoring.CheckPeer)
		if w.Figures["peers"] != 5 || w.Figures["peer_median"] != 12 || !close2(w.Figures["z"], 12.14) {
			t.Errorf("peer figures %+v", w.Figures)
		}
		none(t, checkOne(t, s, "A", "SPC-05", "2020", 17), scoring.CheckPeer)
		// The zone without a type has no peers at all.
		none(t, checkOne(t, s, "N", "SPC-05", "2020", 90), scoring.CheckPeer)
		// Another year has no peers yet.
		none(t, checkOne(t, s, "A", "SPC-05", "2021", 30), scoring.CheckPeer)
	})
}

func TestCheckValueFlat(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "A:park")
		values(t, s, "A,SPC-06,2017,5", "A,SPC-06,2018,5")
		// Three years (2017–2019) pass; the fourth warns.
		none(t, checkOne(t, s, "A", "SPC-06", "2019", 5), scoring.CheckFlat)
		values(t, s, "A,SPC-06,2016,5")
		w := only(t, checkOne(t, s, "A", "SPC-06", "2019", 5), scoring.CheckFlat)
		if w.Figures["years"] != 4 || w.Figures["since"] != 2016 || w.Figures["value"] != 5 {
			t.Errorf("flat figures %+v", w.Figures)
		}
		none(t, checkOne(t, s, "A", "SPC-06", "2019", 6), scoring.CheckFlat)
	})
}

const checkRules = "code,left,operator,right,tolerance,severity,message_en,message_zh\n" +
	"pm25-within-pm10,ENV-01,<=,ENV-02,0,error,PM2.5 within PM10,PM2.5 不超过 PM10\n" +
	"open-share,SPC-05 / SPC-01,<=,1,0,warning,open space within developed land,开放空间不超过已开发土地\n"

func TestCheckValueRules(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "A:park")
		if _, err := s.ImportRules(ctx, "igmc", indicators.NewCSVRows(strings.NewReader(checkRules)), false, as("admin@example.org")); err != nil {
			t.Fatal(err)
		}
		values(t, s, "A,ENV-02,2020,40", "A,ENV-01,2020-01,30", "A,ENV-01,2020-02,30", "A,SPC-01,2020,0")
		// PM2.5 is monthly, by its mean: (30 + 30 + 38) / 3 = 32.67 holds;
		// (30 + 30 + 70) / 3 = 43.33 > 40 fails, an error rule.
		for _, w := range checkOne(t, s, "A", "ENV-01", "2020-03", 38) {
			if w.Check == scoring.CheckRule {
				t.Errorf("a holding rule warned: %+v", w)
			}
		}
		w := only(t, checkOne(t, s, "A", "ENV-01", "2020-03", 70), scoring.CheckRule)
		if w.Rule != "pm25-within-pm10" || w.Severity != indicators.SeverityError || w.State != indicators.RuleFails ||
			!close2(w.Figures["left"], 43.33) || w.Figures["right"] != 40 {
			t.Errorf("failed rule %+v", w)
		}
		// The new PM10 value stands in for the stored one: January and
		// February's mean 30 > 25 fails.
		w = only(t, checkOne(t, s, "A", "ENV-02", "2020", 25), scoring.CheckRule)
		if w.Figures["left"] != 30 || w.Figures["right"] != 25 {
			t.Errorf("rule with the new PM10: %+v", w.Figures)
		}
		// SPC-01 is 0: the share divides by zero, a warning whatever the
		// severity, and never an error.
		w = only(t, checkOne(t, s, "A", "SPC-05", "2020", 10), scoring.CheckRule)
		if w.Rule != "open-share" || w.State != indicators.RuleDivByZero || w.Severity != indicators.SeverityWarning {
			t.Errorf("division by zero %+v", w)
		}
		// A rule missing a value is not checked: nothing for 2019.
		none(t, checkOne(t, s, "A", "SPC-05", "2019", 10), scoring.CheckRule)
	})
}

func TestCheckRowsUsesTheBatch(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		typedZones(t, s, "A:park", "P1:park", "P2:park", "P3:park", "P4:park", "P5:park")
		if _, err := s.ImportRules(ctx, "igmc", indicators.NewCSVRows(strings.NewReader(checkRules)), false, as("admin@example.org")); err != nil {
			t.Fatal(err)
		}
		rows := []storage.CheckRow{
			{Zone: "A", Indicator: "SPC-01", Period: "2020", Value: 100},
			{Zone: "A", Indicator: "SPC-01", Period: "2021", Value: 3},
			{Zone: "A", Indicator: "SPC-05", Period: "2021", Value: 10},
			{Zone: "A", Indicator: "SPC-01", Period: "2022", Value: 0},
			{Zone: "A", Indicator: "SPC-05", Period: "2022", Value: 10},
		}
		for i, v := range []float64{10, 12, 11, 13, 12} {
			rows = append(rows, storage.CheckRow{Zone: fmt.Sprintf("P%d", i+1), Indicator: "SPC-07", Period: "2021", Value: v})
		}
		rows = append(rows, storage.CheckRow{Zone: "A", Indicator: "SPC-07", Period: "2021", Value: 30})
		got, err := s.CheckRows(ctx, "igmc", rows)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(rows) {
			t.Fatalf("%d answers for %d rows", len(got), len(rows))
		}
		none(t, got[0], scoring.CheckJump)
		if w := only(t, got[1], scoring.CheckJump); w.Figures["previous"] != 100 {
			t.Errorf("the batch's 2020 is not the previous value: %+v", w)
		}
		// 10 / 3 > 1: the rule fails with the batch's SPC-01.
		if w := only(t, got[2], scoring.CheckRule); w.State != indicators.RuleFails || !close2(w.Figures["left"], 3.33) {
			t.Errorf("rule with the batch's values: %+v", w)
		}
		if w := only(t, got[4], scoring.CheckRule); w.State != indicators.RuleDivByZero {
			t.Errorf("division by zero in the batch: %+v", w)
		}
		// The five peers come from the batch too.
		if w := only(t, got[len(rows)-1], scoring.CheckPeer); w.Figures["peers"] != 5 || w.Figures["peer_median"] != 12 {
			t.Errorf("peers from the batch: %+v", w)
		}
		_, err = s.CheckRows(ctx, "igmc", []storage.CheckRow{{Zone: "A", Indicator: "SPC-01", Period: "2020-03", Value: 1}})
		if e := domainErr(t, err, indicators.Invalid); len(e.Fields) != 1 || e.Fields[0].Field != "period" {
			t.Errorf("a monthly period for an annual indicator: %+v", e.Fields)
		}
		if _, err := s.CheckValue(ctx, "igmc", "NOPE", "SPC-01", "2020", 1); err == nil {
			t.Error("an unknown zone was checked")
		}
	})
}
