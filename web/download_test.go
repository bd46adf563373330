package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
	"igmc/web"
)

// csvRoutes are the CSV downloads, on the data of each().
var csvRoutes = []string{
	"/api/v1/exports/measurements.csv?framework=igmc",
	"/api/v1/exports/measurements.csv?framework=igmc&history=true",
	"/api/v1/exports/audit.csv",
	"/api/v1/exports/sdmx.csv?framework=igmc",
	"/api/v1/frameworks/igmc/catalogue.csv",
	"/api/v1/zones/LY/scorecard.csv?framework=igmc&year=2019&status=any",
	"/api/v1/zones/LY/progress.csv?framework=igmc&year=2019&status=any",
	"/import/template?framework=igmc&zone=LY&year=2019",
}

// TestCSVDownloadTrailers reads every CSV download whole and checks it
// against its trailers: the SHA-256 of the body and its records after the
// header.
func TestCSVDownloadTrailers(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.send("POST", "/api/v1/measurements/import?framework=igmc", "text/csv", strings.NewReader(goodImport), 200, nil)
		c.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-03","period":"2019","value":5,"comment":"two\nlines, \"quoted\""}`, 201, nil)
		for _, path := range csvRoutes {
			t.Run(path, func(t *testing.T) {
				resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: path, token: c.token})
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("status %d: %s", resp.StatusCode, body)
				}
				sum := sha256.Sum256(body)
				if got := resp.Trailer.Get(web.TrailerSHA256); got != hex.EncodeToString(sum[:]) {
					t.Errorf("trailer digest %q, body's %x", got, sum)
				}
				recs, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				if got := resp.Trailer.Get(web.TrailerRows); got != strconv.Itoa(len(recs)-1) {
					t.Errorf("trailer rows %q, the file has %d records after the header", got, len(recs)-1)
				}
			})
		}
	})
}

// TestWholeFilesCarryTheirLength: the files made whole before sending
// say how long they are, so a short read shows.
func TestWholeFilesCarryTheirLength(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.send("POST", "/api/v1/measurements/import?framework=igmc", "text/csv", strings.NewReader(goodImport), 200, nil)
		for _, path := range []string{
			"/api/v1/zones/LY/scorecard.xlsx?framework=igmc&year=2019",
			"/api/v1/zones/LY/progress.xlsx?framework=igmc&year=2019",
			"/api/v1/zones/LY/scorecard.pdf?framework=igmc&year=2019",
			"/api/v1/zones/LY/progress.pdf?framework=igmc&year=2019",
		} {
			resp, body := exchange(t, c.srv.URL, httpCall{method: "GET", path: path, token: c.token})
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
				t.Errorf("%s: status %d, Content-Length %q, body %d bytes", path, resp.StatusCode, resp.Header.Get("Content-Length"), len(body))
			}
		}
	})
}

// failingStore is the real store whose exports break down midway: after
// the real rows it sends many more and then fails, as a database that
// goes away in the middle of a long export would.
type failingStore struct {
	*storage.Store
}

var errMidway = errors.New("the database went away")

func (f failingStore) ExportMeasurements(ctx context.Context, filter indicators.MeasurementFilter, history bool, fn func(*indicators.ExportRow) error) error {
	if err := f.Store.ExportMeasurements(ctx, filter, history, fn); err != nil {
		return err
	}
	row := indicators.ExportRow{Measurement: indicators.Measurement{ZoneCode: "LY", IndicatorCode: "SPC-01", Period: "2019", Value: 1, Status: indicators.Draft, Version: 1}}
	for range 20000 {
		if err := fn(&row); err != nil {
			return err
		}
	}
	return errMidway
}

func (f failingStore) ExportAudit(ctx context.Context, zones []string, fn func(*indicators.AuditEvent) error) error {
	e := indicators.AuditEvent{ID: 1, Actor: "a", Entity: "zone", Action: "create", Hash: strings.Repeat("0", 64)}
	for range 20000 {
		if err := fn(&e); err != nil {
			return err
		}
	}
	return errMidway
}

// TestInterruptedDownloadIsNotClean breaks each streamed export after
// tens of kilobytes have gone out: the client must get a read error, never
// a clean end of a 200 answer that looks like the whole file.
func TestInterruptedDownloadIsNotClean(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		srv := httptest.NewServer(web.New(failingStore{s}, slog.New(slog.DiscardHandler)).Handler())
		t.Cleanup(srv.Close)
		c := &client{t: t, srv: srv, store: s}
		c.token = c.userToken("admin@example.org", indicators.RoleAdmin)
		c.do("POST", "/api/v1/zones", `{"code":"LY","name_en":"Liuyang"}`, 201, nil)
		for _, path := range []string{
			"/api/v1/exports/measurements.csv?framework=igmc",
			"/api/v1/exports/audit.csv",
			"/api/v1/exports/bundle.zip?framework=igmc&year=2019",
		} {
			t.Run(path, func(t *testing.T) {
				req, _ := http.NewRequest("GET", srv.URL+path, nil)
				req.Header.Set("Authorization", "Bearer "+c.token)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				body, err := io.ReadAll(resp.Body)
				if resp.StatusCode != http.StatusOK || len(body) == 0 {
					t.Fatalf("status %d after %d bytes (%v): the failure should come after the file has started", resp.StatusCode, len(body), err)
				}
				if !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("read %d bytes, then %v: want an unexpected end, not a clean one", len(body), err)
				}
				if resp.Trailer.Get(web.TrailerSHA256) != "" {
					t.Error("a cut-off file carries a digest trailer")
				}
			})
		}
		// The workbook is sent once complete: the same failure is an error
		// answer, not a file.
		var e apiError
		c.send("GET", "/api/v1/exports/measurements.xlsx?framework=igmc", "", nil, 500, &e)
		if e.Error.Code != "internal" {
			t.Errorf("the workbook's failure: %+v", e)
		}
	})
}

// TestNoStore: API answers (good and refused), exports and pages are never
// cached; static assets keep their caching.
func TestNoStore(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.userToken("officer@example.org", indicators.RoleOfficer, "LY")
		sess, _ := session(t, c, "officer@example.org")
		for _, r := range []httpCall{
			{method: "GET", path: "/api/v1/zones", token: c.token},
			{method: "GET", path: "/api/v1/zones/NOPE", token: c.token},
			{method: "GET", path: "/api/v1/zones"},
			{method: "GET", path: "/api/v1/exports/measurements.csv?framework=igmc", token: c.token},
			{method: "GET", path: "/api/v1/zones/LY/scorecard.xlsx?framework=igmc&year=2019", token: c.token},
			{method: "GET", path: "/api/v1/zones/LY/scorecard.pdf?framework=igmc&year=2019", token: c.token},
			{method: "GET", path: "/api/v1/exports/bundle.zip?framework=igmc&year=2019", token: c.token},
			{method: "GET", path: "/", cookies: []*http.Cookie{sess}},
			{method: "GET", path: "/audit", cookies: []*http.Cookie{sess}},
			{method: "GET", path: "/login"},
			{method: "GET", path: "/healthz"},
		} {
			resp, body := exchange(t, c.srv.URL, r)
			if got := resp.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("%s (status %d): Cache-Control %q, want no-store: %.100s", r.path, resp.StatusCode, got, body)
			}
		}
		resp, _ := exchange(t, c.srv.URL, httpCall{method: "GET", path: "/static/app.css"})
		if got := resp.Header.Get("Cache-Control"); resp.StatusCode != 200 || !strings.Contains(got, "max-age") {
			t.Errorf("static asset: %d, Cache-Control %q", resp.StatusCode, got)
		}
	})
}

// TestHeadHealth: monitors probing with HEAD get the status of GET.
func TestHeadHealth(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		for _, path := range []string{"/healthz", "/readyz"} {
			resp, body := exchange(t, c.srv.URL, httpCall{method: "HEAD", path: path})
			if resp.StatusCode != http.StatusOK || len(body) != 0 {
				t.Errorf("HEAD %s: %d with %d bytes", path, resp.StatusCode, len(body))
			}
		}
	})
}
