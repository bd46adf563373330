package storage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
)

// TestPeerChecksFollowTheDefinition: a Checker's peer warnings, batch by
// batch, are what scoring.Peer gives for each row against the definition
// of its peers worked out here from the values stored and the batch's:
// the other zones of its type with a value of the indicator and year, the
// batch's value in place of the stored one (the last of a key given
// twice). Three types of 12 zones and 4 untyped zones; three indicators
// (one where most zones agree, so that the mean deviation stands in);
// stored years 2018–2020, most keys filled; batches over 2019–2021 in
// several sizes, checked through one Checker, as it keeps every peer set,
// as it forgets them after a few, and with the series prefetched.
func TestPeerChecksFollowTheDefinition(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(8, 2026))
	types := map[string]string{}
	var zones []indicators.Zone
	for i := range 40 {
		z := indicators.Zone{Code: fmt.Sprintf("P%02d", i), NameEn: "Zone", NameZh: "园区"}
		if i < 36 {
			z.Type = []string{"park", "city", "cluster"}[i%3]
		}
		types[z.Code] = z.Type
		zones = append(zones, z)
	}
	inds := []string{"SPC-01", "SPC-03", "SPC-05"}
	draw := func(ind string) float64 {
		if ind == "SPC-05" { // half the zones or more alike: the MAD is often 0
			if rng.IntN(10) < 7 {
				return 30
			}
			return float64(20 + rng.IntN(20))
		}
		v := float64(40 + rng.IntN(12)) // ties aplenty
		if rng.IntN(15) == 0 {
			v = float64(rng.IntN(101)) // now and then far from the rest
		}
		if ind == "SPC-03" {
			v = v*100 + float64(rng.IntN(3))
		}
		return v
	}
	type key struct {
		zone, ind string
		year      int
	}
	stored := map[key]float64{}
	var file strings.Builder
	file.WriteString("zone_code,indicator_code,period,value\n")
	for _, z := range zones {
		for _, ind := range inds {
			for year := 2018; year <= 2020; year++ {
				if rng.IntN(5) == 0 {
					continue
				}
				v := draw(ind)
				stored[key{z.Code, ind, year}] = v
				fmt.Fprintf(&file, "%s,%s,%d,%v\n", z.Code, ind, year, v)
			}
		}
	}
	var batches [][]CheckRow
	for _, size := range []int{1, 7, 30, 90, 160} {
		var b []CheckRow
		for range size {
			z := zones[rng.IntN(len(zones))].Code
			ind := inds[rng.IntN(len(inds))]
			b = append(b, CheckRow{Zone: z, Indicator: ind, Period: fmt.Sprint(2019 + rng.IntN(3)), Value: draw(ind)})
		}
		batches = append(batches, b)
	}
	// A batch that gives zones their stored values again, as a file
	// imported twice does: its peer sets stay as stored.
	var again []CheckRow
	for _, z := range zones {
		for _, year := range []int{2019, 2020} {
			for _, ind := range []string{"SPC-01", "SPC-05"} {
				if v, ok := stored[key{z.Code, ind, year}]; ok {
					again = append(again, CheckRow{Zone: z.Code, Indicator: ind, Period: fmt.Sprint(year), Value: v})
				}
			}
		}
	}
	batches = append(batches, again)
	// A long run of one peer set, each zone given four times (the last
	// value standing).
	var long []CheckRow
	for round := range 4 {
		for _, z := range zones {
			if z.Type == "park" {
				long = append(long, CheckRow{Zone: z.Code, Indicator: "SPC-01", Period: "2020", Value: draw("SPC-01") + float64(round)})
			}
		}
	}
	batches = append(batches, long)
	// want is the peer warning of row i of batch b, from the definition.
	want := func(b []CheckRow, i int) *scoring.Warning {
		r := b[i]
		if types[r.Zone] == "" {
			return nil
		}
		year := 0
		fmt.Sscan(r.Period, &year)
		over := map[string]float64{}
		for _, o := range b {
			if o.Indicator == r.Indicator && o.Period == r.Period {
				over[o.Zone] = o.Value
			}
		}
		var peers []float64
		for _, z := range zones {
			if z.Code == r.Zone || z.Type != types[r.Zone] {
				continue
			}
			if v, ok := over[z.Code]; ok {
				peers = append(peers, v)
			} else if v, ok := stored[key{z.Code, r.Indicator, year}]; ok {
				peers = append(peers, v)
			}
		}
		slices.Sort(peers)
		return scoring.Peer(r.Value, peers)
	}
	for _, s := range internalStores(t, "") {
		t.Run(string(s.engine), func(t *testing.T) {
			if _, err := s.ImportZones(ctx, zones, indicators.System); err != nil {
				t.Fatal(err)
			}
			res, err := s.ImportMeasurements(ctx, indicators.NewCSVRows(strings.NewReader(file.String())),
				indicators.ImportOptions{Framework: "igmc", AcceptWarnings: true})
			if err != nil || res.New != len(stored) {
				t.Fatalf("stored values: %+v %v", res, err)
			}
			for _, tc := range []struct {
				name          string
				values, above int
				noSpill       bool
			}{
				{"kept", 1 << 23, 1 << 30, false},
				{"spilled", 3 * (12 + peerSetCost), 1 << 30, false},
				{"held", 3 * (12 + peerSetCost), 1 << 30, true},
				{"prefetched", 1 << 23, -1, false},
			} {
				t.Run(tc.name, func(t *testing.T) {
					oldValues, oldAbove := maxPeerValues, prefetchAbove
					maxPeerValues, prefetchAbove = tc.values, tc.above
					defer func() { maxPeerValues, prefetchAbove = oldValues, oldAbove }()
					tmp := t.TempDir()
					t.Setenv("TMPDIR", tmp)
					ch, err := s.NewChecker(ctx, "igmc")
					if err != nil {
						t.Fatal(err)
					}
					ch.spill.failed = tc.noSpill
					defer func() {
						ch.Close()
						if left, _ := os.ReadDir(tmp); len(left) > 0 {
							t.Errorf("the Checker left %d files behind", len(left))
						}
					}()
					warned, judged := 0, 0
					for _, b := range batches {
						out, err := ch.CheckRows(ctx, b)
						if err != nil {
							t.Fatal(err)
						}
						for i, ws := range out {
							var got *scoring.Warning
							for _, w := range ws {
								if w.Check == scoring.CheckPeer {
									got = &w
								}
							}
							w := want(b, i)
							if !reflect.DeepEqual(got, w) {
								t.Fatalf("batch of %d, row %+v: got %+v, want %+v", len(b), b[i], got, w)
							}
							if w != nil {
								warned++
							}
							if types[b[i].Zone] != "" {
								judged++
							}
						}
					}
					if warned < 5 || judged < 200 {
						t.Fatalf("%d rows warned of %d with a type: the comparison shows little", warned, judged)
					}
					if ch.peerValues > maxPeerValues {
						t.Fatalf("the Checker keeps %d peer values, over its bound %d", ch.peerValues, maxPeerValues)
					}
					if spilled := len(ch.spill.at); (tc.name == "spilled") != (spilled > 0) || ch.held != nil {
						t.Fatalf("%d peer sets spilled, %d held after the batch", spilled, len(ch.held))
					}
				})
			}
		})
	}
}

// replaceSorted against removing and adding one by one and sorting, with
// few changes (made in place) and many (merged), ties, and gone values
// the set does not hold.
func TestReplaceSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for _, changes := range []int{0, 1, 5, replaceInPlace / 2, replaceInPlace, 3 * replaceInPlace} {
		for range 50 {
			stored := make([]float64, rng.IntN(200))
			for i := range stored {
				stored[i] = float64(rng.IntN(30))
			}
			slices.Sort(stored)
			var gone, come []float64
			for range rng.IntN(changes + 1) {
				if len(stored) > 0 && rng.IntN(3) > 0 {
					gone = append(gone, stored[rng.IntN(len(stored))])
				} else {
					gone = append(gone, float64(100+rng.IntN(5))) // not held
				}
			}
			for range changes - len(gone) {
				come = append(come, float64(rng.IntN(35)))
			}
			want := slices.Clone(stored)
			for _, v := range gone {
				if i := slices.Index(want, v); i >= 0 {
					want = slices.Delete(want, i, i+1)
				}
			}
			want = append(want, come...)
			slices.Sort(want)
			slices.Sort(gone)
			slices.Sort(come)
			got := replaceSorted(nil, stored, gone, come)
			if !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("stored %v, gone %v, come %v: got %v, want %v", stored, gone, come, got, want)
			}
		}
	}
}
