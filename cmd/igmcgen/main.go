// Command igmcgen writes a synthetic dataset for performance tests of the
// imports: a catalogue (six perspectives, annual indicators), a zones file
// (the zones of five types in turn, unless -types says otherwise) and a
// measurements file of zones × indicators × years rows, all valid and all
// deterministic from the seed. The defaults give the one-million-row
// dataset that docs/performance.md measures:
//
//	go run ./cmd/igmcgen -out /tmp/bench
//	igmc catalogue import --framework bench /tmp/bench/catalogue.csv
//	igmc zones import /tmp/bench/zones.csv
//	igmc measurements import --framework bench /tmp/bench/measurements.csv
//
// igmcgen bench generates a dataset of any size, loads it into a fresh
// database (SQLite in a temporary folder, or a new PostgreSQL database
// dropped afterwards) and measures the import, the export, the ranking,
// the main pages and the scorecard API, each beside a baseline measured in
// the same run, and adds the table to docs/performance.md:
//
//	go run ./cmd/igmcgen bench -zones 5000 -engine postgres -postgres URL
//	go run ./cmd/igmcgen bench -zones 50 -dry -skip api
package main

import (
	"flag"
	"fmt"
	"os"

	"igmc/storage/benchdata"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "igmcgen:", err)
		os.Exit(1)
	}
}

// defaultTypes is how many zone types the generated zones take unless
// told otherwise: as in a national programme, every zone has one, and a
// value is compared with its type's other zones.
const defaultTypes = 5

func run(args []string) error {
	if len(args) > 0 && args[0] == "bench" {
		return runBench(args[1:], os.Stdout, os.Stderr)
	}
	fs := flag.NewFlagSet("igmcgen", flag.ContinueOnError)
	d := benchdata.Default
	out := fs.String("out", "", "folder to write catalogue.csv, zones.csv and measurements.csv into (created if missing)")
	fs.IntVar(&d.Zones, "zones", d.Zones, "number of zones")
	fs.IntVar(&d.Indicators, "indicators", d.Indicators, "number of annual indicators")
	fs.IntVar(&d.Years, "years", d.Years, "number of years")
	fs.IntVar(&d.From, "from", d.From, "first year")
	fs.Uint64Var(&d.Seed, "seed", d.Seed, "random seed of the values")
	fs.IntVar(&d.Types, "types", defaultTypes, "zone types the zones take in turn, so that the peer check has peers (0: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("usage: igmcgen -out DIR [-zones N] [-indicators N] [-years N] [-from YEAR] [-seed N] [-types N]")
	}
	if err := os.MkdirAll(*out, 0o750); err != nil {
		return err
	}
	files, err := benchdata.WriteFiles(*out, d)
	if err != nil {
		return err
	}
	fmt.Printf("%s\n%s\n%s: %d rows (framework code %q)\n", files.Catalogue, files.Zones, files.Measurements, d.Rows(), benchdata.Framework)
	return nil
}
