package storage_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
	"igmc/storage"
	"igmc/storage/storagetest"
)

func cardJSON(t *testing.T, s *storage.Store, basis scoring.Basis) []byte {
	t.Helper()
	c, err := s.Scorecard(ctx, "igmc", "LY", 2020, basis)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(&c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSignOff follows a zone's year through its sign-off: refused while a
// value awaits review or a follow-up is open, then frozen and signed, so
// that a catalogue import changes the working card but not the official
// one, and every change of the year is refused until the sign-off is
// withdrawn with a reason.
func TestSignOff(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang,,", "OT,Other,,")
		reviewer := &indicators.Principal{Email: "r@example.org", Name: "Rui Li", Role: indicators.RoleReviewer, Zones: map[string]bool{"LY": true}}
		officer := &indicators.Principal{Email: "o@example.org", Role: indicators.RoleOfficer, Zones: map[string]bool{"LY": true}}
		otherReviewer := &indicators.Principal{Email: "r2@example.org", Role: indicators.RoleReviewer, Zones: map[string]bool{"OT": true}}
		in := indicators.SignOffInput{Framework: "igmc", Zone: "LY", Year: 2020}

		e := domainErr(t, func() error { _, err := s.SignOff(ctx, in, reviewer); return err }(), indicators.Conflict)
		if !strings.Contains(e.Message, "no values") {
			t.Errorf("a year without values: %q", e.Message)
		}
		if _, err := importCSV(s, "zone_code,indicator_code,period,value\nLY,SPC-01,2020,70\nLY,SPC-02,2020,1.2\n", indicators.ImportOptions{AcceptWarnings: true}); err != nil {
			t.Fatal(err)
		}
		e = domainErr(t, func() error { _, err := s.SignOff(ctx, in, reviewer); return err }(), indicators.Conflict)
		if !strings.Contains(e.Message, "not approved") || !strings.Contains(e.Message, "SPC-01 2020 (submitted)") {
			t.Errorf("unapproved values: %q", e.Message)
		}
		page, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Year: 2020, Limit: 10})
		if err != nil || len(page.Items) != 2 {
			t.Fatalf("values %+v %v", page, err)
		}
		if _, err := s.Review(ctx, []int64{page.Items[0].ID, page.Items[1].ID}, indicators.ActionApprove, "", reviewer); err != nil {
			t.Fatal(err)
		}
		f, err := s.CreateFollowUp(ctx, indicators.FollowUpInput{Framework: "igmc", Zone: "LY", Indicator: "SPC-02", Period: "2020", Note: "check the census"}, reviewer)
		if err != nil {
			t.Fatal(err)
		}
		e = domainErr(t, func() error { _, err := s.SignOff(ctx, in, reviewer); return err }(), indicators.Conflict)
		if !strings.Contains(e.Message, "follow-up") || !strings.Contains(e.Message, "SPC-02 2020") {
			t.Errorf("open follow-up: %q", e.Message)
		}
		if _, err := s.ResolveFollowUp(ctx, f.ID, "census checked", reviewer); err != nil {
			t.Fatal(err)
		}
		domainErr(t, func() error { _, err := s.SignOff(ctx, in, officer); return err }(), indicators.Forbidden)
		domainErr(t, func() error { _, err := s.SignOff(ctx, in, otherReviewer); return err }(), indicators.Forbidden)

		so, err := s.SignOff(ctx, in, reviewer)
		if err != nil || so.ID == 0 || so.SignedBy != "r@example.org" || so.MethodVersion != scoring.MethodVersion || len(so.CatalogueSHA256) != 64 || len(so.PlanSHA256) != 64 {
			t.Fatalf("sign-off %+v %v", so, err)
		}
		domainErr(t, func() error { _, err := s.SignOff(ctx, in, reviewer); return err }(), indicators.Conflict)

		// The snapshot's signature verifies with the listed public key.
		got, err := s.GetSignOff(ctx, so.ID, reviewer)
		if err != nil || len(got.Snapshot) == 0 {
			t.Fatalf("get %+v %v", got, err)
		}
		keys, err := s.SigningKeys(ctx)
		if err != nil || len(keys) == 0 {
			t.Fatal(keys, err)
		}
		pub, _ := base64.StdEncoding.DecodeString(keys[0].PublicKey)
		if err := got.Signature.Verify(ed25519.PublicKey(pub), got.Snapshot); err != nil {
			t.Fatalf("signature: %v", err)
		}
		tampered := bytes.Replace(got.Snapshot, []byte(`"zone_code":"LY"`), []byte(`"zone_code":"LX"`), 1)
		if got.Signature.Verify(ed25519.PublicKey(pub), tampered) == nil {
			t.Fatal("a changed snapshot still verifies")
		}
		if _, err := s.GetSignOff(ctx, so.ID, otherReviewer); err == nil {
			t.Error("a reviewer of another zone read the sign-off")
		}

		official, working := cardJSON(t, s, scoring.BasisOfficial), cardJSON(t, s, scoring.BasisWorking)
		if !bytes.Contains(official, []byte(`"signed_off":{"id":`)) || bytes.Contains(working, []byte(`"signed_off"`)) {
			t.Fatalf("only the official card says it is signed off:\n%s\n%s", official, working)
		}

		// A catalogue import that moves SPC-01's worst value changes the
		// working card only.
		fw, err := s.Framework(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		cat, err := s.Catalogue(ctx, "igmc")
		if err != nil {
			t.Fatal(err)
		}
		for i := range cat.Indicators {
			if cat.Indicators[i].Code == "SPC-01" {
				worst, red := 0.0, 20.0
				cat.Indicators[i].Worst, cat.Indicators[i].Red = &worst, &red
			}
		}
		if _, err := s.ImportCatalogue(ctx, fw, cat, indicators.System); err != nil {
			t.Fatal(err)
		}
		if again := cardJSON(t, s, scoring.BasisOfficial); !bytes.Equal(again, official) {
			t.Fatalf("the signed-off card changed with the catalogue:\n%s\n%s", official, again)
		}
		if again := cardJSON(t, s, scoring.BasisWorking); bytes.Equal(again, working) {
			t.Fatal("the working card did not change with the catalogue")
		}
		if series, err := s.ScorecardSeries(ctx, "igmc", "LY", 2019, 2020, scoring.BasisOfficial); err != nil || series[1].SignedOff == nil {
			t.Fatalf("series of the official basis: %v", err)
		}

		// Every change of the year is refused while it is signed off.
		domainErr(t, func() error {
			_, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-03", Period: "2020", Value: 1}, officer)
			return err
		}(), indicators.Conflict)
		one := page.Items[0]
		domainErr(t, func() error {
			_, err := s.UpdateMeasurement(ctx, one.ID, indicators.MeasurementInput{Value: 71, Source: "x"}, one.Version+1, officer)
			return err
		}(), indicators.Conflict)
		_, err = importCSV(s, "zone_code,indicator_code,period,value\nLY,SPC-01,2020,71\n", indicators.ImportOptions{AcceptWarnings: true})
		if e := domainErr(t, err, indicators.Invalid); len(e.Fields) != 1 || e.Fields[0].Code != "signed_off" || e.Fields[0].Line != 2 {
			t.Errorf("import row into a signed-off year: %+v", e.Fields)
		}
		domainErr(t, func() error {
			_, err := importPlan(s, lyPlan, indicators.PlanImportOptions{By: as("admin@example.org")})
			return err
		}(), indicators.Conflict)
		domainErr(t, func() error {
			_, err := s.MarkNotApplicable(ctx, "igmc", "LY", "SPC-03", "no such land", officer)
			return err
		}(), indicators.Conflict)
		if e := domainErr(t, func() error {
			_, err := s.Review(ctx, []int64{one.ID}, indicators.ActionReject, "wrong figure", reviewer)
			return err
		}(), indicators.Conflict); !strings.Contains(e.Message, `2020 of zone "LY" is signed off`) {
			t.Errorf("a review step in a signed-off year: %q", e.Message)
		}
		domainErr(t, func() error { _, err := s.AdoptPlan(ctx, "igmc", "LY", 1, "adopted", reviewer); return err }(), indicators.Conflict)
		// Other zones and years are not held.
		if _, err := importCSV(s, "zone_code,indicator_code,period,value\nOT,SPC-01,2020,71\nLY,SPC-01,2021,72\n", indicators.ImportOptions{AcceptWarnings: true}); err != nil {
			t.Fatalf("another zone, another year: %v", err)
		}

		// Withdrawal: a reason is needed, and only someone who may sign off.
		e = domainErr(t, func() error { _, err := s.WithdrawSignOff(ctx, so.ID, "  ", reviewer); return err }(), indicators.Invalid)
		if len(e.Fields) != 1 || e.Fields[0].Field != "reason" {
			t.Errorf("withdrawal without a reason: %+v", e.Fields)
		}
		domainErr(t, func() error { _, err := s.WithdrawSignOff(ctx, so.ID, "typo", officer); return err }(), indicators.Forbidden)
		w, err := s.WithdrawSignOff(ctx, so.ID, "the land figure was revised", reviewer)
		if err != nil || w.WithdrawnAt == nil || w.WithdrawReason != "the land figure was revised" {
			t.Fatalf("withdraw %+v %v", w, err)
		}
		domainErr(t, func() error { _, err := s.WithdrawSignOff(ctx, so.ID, "again", reviewer); return err }(), indicators.Conflict)
		if _, err := importCSV(s, "zone_code,indicator_code,period,value\nLY,SPC-01,2020,71\n", indicators.ImportOptions{AcceptWarnings: true}); err != nil {
			t.Fatalf("an import after the withdrawal: %v", err)
		}
		if after := cardJSON(t, s, scoring.BasisOfficial); bytes.Contains(after, []byte(`"signed_off"`)) || bytes.Equal(after, official) {
			t.Fatalf("after the withdrawal the official card is computed again: %s", after)
		}
		list, err := s.ListSignOffs(ctx, indicators.SignOffFilter{Framework: "igmc", Year: 2020}, reviewer)
		if err != nil || len(list) != 1 || list[0].InForce() {
			t.Fatalf("list %+v %v", list, err)
		}
		events, err := s.ListAuditEvents(ctx, indicators.AuditFilter{Entity: "signoff", Limit: 10}, nil)
		if err != nil || len(events.Items) != 2 {
			t.Fatalf("audit %+v %v", events, err)
		}
		actions := map[string]bool{}
		for _, ev := range events.Items {
			actions[ev.Action] = true
		}
		if !actions["signoff"] || !actions["signoff_withdraw"] {
			t.Errorf("audit actions %v", actions)
		}
		if rep, err := s.VerifyAudit(ctx); err != nil || !rep.OK {
			t.Fatalf("audit verify %+v %v", rep, err)
		}
	})
}
