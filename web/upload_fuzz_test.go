package web_test

import (
	"bytes"
	"runtime"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"igmc/indicators/xlsxrows/xlsxtest"
	"igmc/storage"
	"igmc/storage/storagetest"
	"igmc/web"
)

// TestUploadMemory posts the bombs and a 300 MB single-line CSV to the
// real handler, within the default limits (1 GiB), while a goroutine
// samples the heap: it must stay under 100 MB above idle.
func TestUploadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("posts several hundred megabytes")
	}
	s := storagetest.Open(t, storage.SQLite)
	c, tmp := uploadServer(t, s, web.DefaultMaxUpload)
	var inputs []refusal
	for _, r := range refusals() {
		switch r.name {
		case "styles_2GiB_413", "zones_sheet_1GiB_413", "sheet_lies_422", "cell_of_100MiB_422", "huge_sheet_one_corrupt_entry_422", "csv_300MB_single_line_422":
			inputs = append(inputs, r)
		}
	}
	bodies := make([][]byte, len(inputs))
	for i, r := range inputs {
		if r.ctype != "text/csv" {
			var b bytes.Buffer
			_, _ = b.ReadFrom(r.body())
			bodies[i] = b.Bytes()
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	idle := ms.HeapInuse
	peak := make(chan uint64)
	stop := make(chan struct{})
	go func() {
		var top uint64
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			top = max(top, m.HeapInuse)
			select {
			case <-stop:
				peak <- top
				return
			case <-tick.C:
			}
		}
	}()
	for i, r := range inputs {
		body := r.body()
		if bodies[i] != nil {
			body = bytes.NewReader(bodies[i])
		}
		if status, b := postBody(t, c, r.path, r.ctype, body); status != r.status {
			t.Errorf("%s: status %d, want %d: %.300s", r.name, status, r.status, b)
		}
	}
	close(stop)
	top := <-peak
	// The bombs, built before idle was read, are part of idle.
	held := uint64(0)
	for _, b := range bodies {
		held += uint64(cap(b))
	}
	above := int64(top) - int64(idle)
	t.Logf("heap in use: idle %d MiB (the test's own bombs, %d MiB, included), peak %d MiB", idle>>20, held>>20, top>>20)
	if above > 100<<20 {
		t.Fatalf("the heap grew %d MiB above idle", above>>20)
	}
	if left := leftInDir(t, tmp); len(left) != 0 {
		t.Fatalf("left in the temporary folder: %v", left)
	}
}

// FuzzMeasurementsImport posts any bytes as a measurements file, raw, to
// the real router on each engine: never a 5xx, and a refused file writes
// nothing (audit events and value versions unchanged). The seeds run in
// every go test.
func FuzzMeasurementsImport(f *testing.F) {
	header := "zone_code,indicator_code,period,value,source,comment\n"
	for _, seed := range []string{
		header + "LY,SPC-01,2019,70,bureau,\n",
		header + "LY,SPC-01,2019,70,,,\n",
		header + "LY,SPC-01,2019,70,,,extra\n",
		header + "LY,SPC-01,2019,not a number,,\n",
		header + "LY,SPC-01,2019-Q5,1,,\n",
		header + "LY,SPC-01,2019,\"unterminated\n",
		header + "XX,SPC-01,2019,1,,\nLY,NOPE,2019,1,,\n",
		"\uFEFF" + header + "LY-N,SPC-02,2020,1.5,,\"a, b\"\n",
		"zone_code,zone_code\n",
		"", "\n\n\n", "PK\x03\x04", "a\"b,c\n", "\xff\xfe\x00\x00",
	} {
		f.Add([]byte(seed))
	}
	x := excelize.NewFile()
	_ = x.SetSheetRow("Sheet1", "A1", &[]any{"zone_code", "indicator_code", "period", "value"})
	_ = x.SetSheetRow("Sheet1", "A2", &[]any{"LY", "SPC-01", "2018", 65})
	_ = x.SetSheetRow("Sheet1", "A3", &[]any{"LY", "SPC-03", 2018, "x"})
	var good bytes.Buffer
	_ = x.Write(&good)
	_ = x.Close()
	f.Add(good.Bytes())
	f.Add(good.Bytes()[:good.Len()/2])
	f.Add(xlsxtest.Workbook(xlsxtest.SheetHead+xlsxtest.SheetTail, xlsxtest.Part{Name: "xl/styles.xml", Repeat: []byte{' '}, Size: 64 << 20}))
	f.Add(xlsxtest.Workbook("", xlsxtest.Part{Name: "xl/worksheets/sheet1.xml", Repeat: []byte("<row><c><v>1</v></c></row>"), Size: 1 << 20, Declared: 100}))

	type target struct {
		c     *client
		store *storage.Store
		tmp   string
	}
	var targets []target
	for _, e := range storagetest.Engines() {
		s := storagetest.Open(f, e)
		c, tmp := uploadServer(f, s, uploadLimit)
		targets = append(targets, target{c, s, tmp})
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, tg := range targets {
			before := trail(t, tg.store)
			status, body := postBody(t, tg.c, "/api/v1/measurements/import?framework=igmc", "application/octet-stream", bytes.NewReader(data))
			if status >= 500 {
				t.Fatalf("status %d: %s", status, body)
			}
			if status != 200 {
				if after := trail(t, tg.store); after != before {
					t.Fatalf("refused with %d but wrote: %v → %v: %s", status, before, after, body)
				}
			}
			if left := leftInDir(t, tg.tmp); len(left) != 0 {
				t.Fatalf("left in the temporary folder: %v", left)
			}
		}
	})
}
