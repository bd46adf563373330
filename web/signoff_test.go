package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/reports"
)

// signableYear is a year of LY whose one value is approved and which no
// sign-off holds: each matrix request that signs off starts from it.
const signableYear = 1990

// signable makes LY's signableYear ready to sign off: its value approved
// and any sign-off in force withdrawn.
func signable(t *testing.T, e *matrixEnv) {
	t.Helper()
	ctx := context.Background()
	s := e.c.store
	list, err := s.ListSignOffs(ctx, indicators.SignOffFilter{Framework: "igmc", Zone: "LY", Year: signableYear, InForce: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, so := range list {
		if _, err := s.WithdrawSignOff(ctx, so.ID, "matrix", indicators.System); err != nil {
			t.Fatal(err)
		}
	}
	csv := fmt.Sprintf("zone_code,indicator_code,period,value\nLY,SPC-01,%d,70\n", signableYear)
	if _, err := s.ImportMeasurements(ctx, indicators.NewCSVRows(strings.NewReader(csv)),
		indicators.ImportOptions{Framework: "igmc", Status: indicators.Approved, AcceptWarnings: true, By: indicators.System}); err != nil {
		t.Fatal(err)
	}
}

// signedOff signs LY's signableYear off afresh and returns the sign-off.
func signedOff(t *testing.T, e *matrixEnv) indicators.SignOff {
	t.Helper()
	signable(t, e)
	so, err := e.c.store.SignOff(context.Background(), indicators.SignOffInput{Framework: "igmc", Zone: "LY", Year: signableYear}, indicators.System)
	if err != nil {
		t.Fatal(err)
	}
	return so
}

// withdrawing prepares a withdrawal of a fresh sign-off, and checks that
// only an accepted request withdrew it.
func (e *matrixEnv) withdrawing(path, body, ctype string) func(t *testing.T, _ matrixCaller) prepared {
	return func(t *testing.T, _ matrixCaller) prepared {
		so := signedOff(t, e)
		return prepared{path: fmt.Sprintf(path, so.ID), body: body, ctype: ctype, verify: func(t *testing.T, resp *http.Response) {
			now, err := e.c.store.GetSignOff(context.Background(), so.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			accepted := resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusSeeOther
			if now.InForce() == accepted {
				t.Errorf("after status %d the sign-off in force is %v", resp.StatusCode, now.InForce())
			}
		}}
	}
}

// signOffSamples are the matrix's samples of the sign-off routes.
func (e *matrixEnv) signOffSamples() map[string]sample {
	sign := func(path, body, ctype string) func(t *testing.T, _ matrixCaller) prepared {
		return func(t *testing.T, _ matrixCaller) prepared {
			signable(t, e)
			return prepared{path: path, body: body, ctype: ctype}
		}
	}
	year := fmt.Sprint(signableYear)
	return map[string]sample{
		"GET /api/v1/signoffs":  {path: "/api/v1/signoffs?framework=igmc&year=" + year, ok: 200},
		"POST /api/v1/signoffs": {zoneLY: true, ok: 201, prepare: sign("/api/v1/signoffs", `{"framework_code":"igmc","zone_code":"LY","year":`+year+`}`, "")},
		"GET /api/v1/signoffs/:id": {zoneLY: true, ok: 200, prepare: func(t *testing.T, _ matrixCaller) prepared {
			return prepared{path: fmt.Sprintf("/api/v1/signoffs/%d", signedOff(t, e).ID)}
		}},
		"POST /api/v1/signoffs/:id/withdraw": {zoneLY: true, ok: 200, prepare: e.withdrawing("/api/v1/signoffs/%d/withdraw", `{"reason":"matrix"}`, "")},
		"GET /signoffs":                      {path: "/signoffs?framework=igmc&year=" + year, ok: 200},
		"POST /signoffs":                     {zoneLY: true, ok: 303, prepare: sign("/signoffs", "framework=igmc&zone=LY&year="+year, formType)},
		"POST /signoffs/:id/withdraw":        {zoneLY: true, ok: 303, prepare: e.withdrawing("/signoffs/%d/withdraw", "reason=matrix&framework=igmc&year="+year, formType)},
	}
}

// TestSignOffAPI signs a year off through the API: an officer may not, a
// reviewer of the zone may; the official scorecard and its CSV say so and
// stay as they were through a catalogue import;
// the snapshot's signature verifies with the installation's key; a
// withdrawal needs a reason; the auditor's bundle carries the snapshot.
func TestSignOffAPI(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		ctx := context.Background()
		csv := "zone_code,indicator_code,period,value\nLY,SPC-01,2020,70\n"
		if _, err := c.store.ImportMeasurements(ctx, indicators.NewCSVRows(strings.NewReader(csv)),
			indicators.ImportOptions{Framework: "igmc", Status: indicators.Approved, AcceptWarnings: true, By: indicators.System}); err != nil {
			t.Fatal(err)
		}
		body := `{"framework_code":"igmc","zone_code":"LY","year":2020}`
		officer := c.as(c.userToken("o@example.org", indicators.RoleOfficer, "LY"))
		reviewer := c.as(c.userToken("r@example.org", indicators.RoleReviewer, "LY"))
		var e apiError
		officer.do("POST", "/api/v1/signoffs", body, 403, &e)
		if e.Error.Code != "forbidden" {
			t.Errorf("officer: %+v", e)
		}
		reviewer.do("POST", "/api/v1/signoffs", `{"framework_code":"igmc","zone_code":"LY","year":2019}`, 409, &e)
		if !strings.Contains(e.Error.Message, "no values") {
			t.Errorf("a year without values: %+v", e)
		}
		var so indicators.SignOff
		reviewer.do("POST", "/api/v1/signoffs", body, 201, &so)
		reviewer.do("POST", "/api/v1/signoffs", body, 409, nil)

		var list struct{ Items []indicators.SignOff }
		officer.do("GET", "/api/v1/signoffs?framework=igmc&year=2020", "", 200, &list)
		if len(list.Items) != 1 || list.Items[0].ID != so.ID || len(list.Items[0].Snapshot) != 0 {
			t.Fatalf("list %+v", list)
		}
		var got indicators.SignOff
		officer.do("GET", fmt.Sprintf("/api/v1/signoffs/%d", so.ID), "", 200, &got)
		keys, err := c.store.SigningKeys(ctx)
		if err != nil || len(keys) == 0 {
			t.Fatal("no signing key listed", err)
		}
		pub, _ := base64.StdEncoding.DecodeString(keys[0].PublicKey)
		if err := got.Signature.Verify(ed25519.PublicKey(pub), got.Snapshot); err != nil {
			t.Fatalf("the snapshot's signature: %v", err)
		}

		card := string(officer.do("GET", "/api/v1/zones/LY/scorecard?framework=igmc&year=2020", "", 200, nil))
		if !strings.Contains(card, `"signed_off":{"id":`+fmt.Sprint(so.ID)) || !strings.Contains(card, got.CatalogueSHA256) {
			t.Errorf("the official card does not say it is signed off: %s", card)
		}
		// A catalogue import that moves SPC-01's bounds leaves the official
		// card's body byte for byte as it was, and changes the working view.
		working := string(officer.do("GET", "/api/v1/zones/LY/scorecard?framework=igmc&year=2020&status=any", "", 200, nil))
		fw, err := c.store.Framework(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		cat, err := c.store.Catalogue(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		worst, red := 0.0, 20.0
		for i := range cat.Indicators {
			if cat.Indicators[i].Code == "SPC-01" {
				cat.Indicators[i].Worst, cat.Indicators[i].Red = &worst, &red
			}
		}
		if _, err := c.store.ImportCatalogue(ctx, fw, cat, indicators.System); err != nil {
			t.Fatal(err)
		}
		if again := string(officer.do("GET", "/api/v1/zones/LY/scorecard?framework=igmc&year=2020", "", 200, nil)); again != card {
			t.Errorf("the signed-off card changed with the catalogue:\n%s\n%s", card, again)
		}
		if again := string(officer.do("GET", "/api/v1/zones/LY/scorecard?framework=igmc&year=2020&status=any", "", 200, nil)); again == working {
			t.Error("the working view did not change with the catalogue")
		}
		sheet := string(officer.do("GET", "/api/v1/zones/LY/scorecard.csv?framework=igmc&year=2020", "", 200, nil))
		if !strings.Contains(sheet, "Signed off on") || !strings.Contains(sheet, got.CatalogueSHA256) {
			t.Errorf("the CSV does not say it is signed off:\n%s", sheet)
		}
		officer.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-03","period":"2020","value":1}`, 409, &e)
		if !strings.Contains(e.Error.Message, "signed off") {
			t.Errorf("an edit of a signed-off year: %+v", e)
		}

		// The auditor's bundle carries the snapshot and its signature.
		zipped := officer.do("GET", "/api/v1/exports/bundle.zip?framework=igmc&year=2020", "", 200, nil)
		if problems, _, err := reports.VerifyBundle(bytes.NewReader(zipped), int64(len(zipped))); err != nil || len(problems) > 0 {
			t.Fatalf("the bundle does not verify: %v %v", err, problems)
		}
		zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
		if err != nil {
			t.Fatal(err)
		}
		var carried indicators.SignOff
		for _, f := range zr.File {
			if f.Name == "signoffs/LY.json" {
				rc, _ := f.Open()
				err = json.NewDecoder(rc).Decode(&carried)
				rc.Close()
			}
		}
		if err != nil || carried.ID != so.ID || carried.Signature.Verify(ed25519.PublicKey(pub), carried.Snapshot) != nil {
			t.Fatalf("signoffs/LY.json: sign-off %d, error %v", carried.ID, err)
		}

		officer.do("POST", fmt.Sprintf("/api/v1/signoffs/%d/withdraw", so.ID), `{"reason":"x"}`, 403, nil)
		reviewer.do("POST", fmt.Sprintf("/api/v1/signoffs/%d/withdraw", so.ID), `{}`, 422, &e)
		if len(e.Error.Fields) != 1 || e.Error.Fields[0].Field != "reason" {
			t.Errorf("withdrawal without a reason: %+v", e)
		}
		reviewer.do("POST", fmt.Sprintf("/api/v1/signoffs/%d/withdraw", so.ID), `{"reason":"figures revised"}`, 200, &got)
		if got.InForce() {
			t.Error("still in force after the withdrawal")
		}
	})
}
