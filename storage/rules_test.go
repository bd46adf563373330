package storage_test

import (
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

func TestRulesSeededImportedAndRefused(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		seeded, err := s.Rules(ctx, "igmc")
		if err != nil || len(seeded) < 3 || seeded[0].Code != "pm25-within-pm10" || len(seeded[0].Codes()) != 2 {
			t.Fatalf("the pilot rules are not seeded: %+v %v", seeded, err)
		}
		// A second seed changes nothing.
		if _, err := s.Seed(ctx); err != nil {
			t.Fatal(err)
		}
		rd := func(s string) indicators.RowReader { return indicators.NewCSVRows(strings.NewReader(s)) }
		good := "code,left,operator,right,tolerance,severity,message_en,message_zh\nshare,SPC-05,<=,SPC-01,0.01,warning,open space within developed land,开放空间不超过已开发土地\n"
		officer := &indicators.Principal{Email: "o@example.org", Role: indicators.RoleOfficer, Zones: map[string]bool{"LY": true}}
		if _, err := s.ImportRules(ctx, "igmc", rd(good), false, officer); err == nil {
			t.Fatal("an officer changed the rules")
		}
		res, err := s.ImportRules(ctx, "igmc", rd(good), true, as("admin@example.org"))
		if err != nil || !res.DryRun || res.Rules != 1 || res.Removed != len(seeded) {
			t.Fatalf("dry run %+v %v", res, err)
		}
		if now, _ := s.Rules(ctx, "igmc"); len(now) != len(seeded) {
			t.Fatalf("a dry run wrote: %d rules", len(now))
		}
		bad := good + "other,SPC-05 + NOPE-9,<=,100,,error,,\n"
		e := domainErr(t, func() error {
			_, err := s.ImportRules(ctx, "igmc", rd(bad), false, as("admin@example.org"))
			return err
		}(), indicators.Invalid)
		if len(e.Fields) != 1 || e.Fields[0].Line != 3 || e.Fields[0].Code != "unknown_indicator" || !strings.Contains(e.Fields[0].Message, "NOPE-9") {
			t.Fatalf("bad rules file: %+v", e.Fields)
		}
		if now, _ := s.Rules(ctx, "igmc"); len(now) != len(seeded) {
			t.Fatalf("a refused file wrote: %d rules", len(now))
		}
		if res, err = s.ImportRules(ctx, "igmc", rd(good), false, as("admin@example.org")); err != nil || res.Rules != 1 {
			t.Fatalf("import %+v %v", res, err)
		}
		now, err := s.Rules(ctx, "igmc")
		if err != nil || len(now) != 1 || now[0].Code != "share" || now[0].Tolerance != 0.01 || now[0].MessageZh != "开放空间不超过已开发土地" {
			t.Fatalf("rules after import %+v %v", now, err)
		}
		for open, want := range map[float64]indicators.RuleState{80.8: indicators.RuleHolds, 80.81: indicators.RuleFails} {
			// open <= 80 + 0.01·80
			o := now[0].Check(func(c string) (float64, bool) { return map[string]float64{"SPC-05": open, "SPC-01": 80}[c], true })
			if o.State != want {
				t.Errorf("stored rule with SPC-05 = %v: %+v, want %s", open, o, want)
			}
		}
		if _, err := s.ImportRules(ctx, "nope", rd(good), false, as("admin@example.org")); err == nil {
			t.Error("rules for an unknown framework")
		}
		// The import is in the audit trail and the chain still verifies.
		v, err := s.VerifyAudit(ctx)
		if err != nil || !v.OK {
			t.Fatalf("audit %+v %v", v, err)
		}
	})
}
