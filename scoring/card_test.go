package scoring_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"igmc/scoring"
)

func TestCardJSON(t *testing.T) {
	card := mustCompute(t, demoFramework(), demoValues(), scoring.Options{Zone: "z1", Year: 2020})
	raw, err := json.Marshal(card)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	hasKeys := func(what string, obj any, keys ...string) map[string]any {
		t.Helper()
		o, ok := obj.(map[string]any)
		if !ok {
			t.Fatalf("%s is %T, want an object", what, obj)
		}
		for _, k := range keys {
			if _, ok := o[k]; !ok {
				t.Errorf("%s has no %q: %s", what, k, raw)
			}
		}
		return o
	}
	hasKeys("card", m, "framework", "zone", "year", "basis", "method_version", "coverage", "index", "points", "perspectives", "indicators")
	index := hasKeys("index", m["index"], "score", "reason")
	points := hasKeys("points", m["points"], "earned", "max", "grade")
	persp := hasKeys("perspective", m["perspectives"].([]any)[1], "code", "name_en", "name_zh", "score", "rating", "trend", "coverage", "points")
	rowKeys := []string{"indicator_code", "perspective_code", "value", "year", "unit", "score", "rating", "trend", "progress", "expected", "plan_status"}
	a1 := hasKeys("a1", m["indicators"].([]any)[0], rowKeys...)
	b3 := hasKeys("b3", m["indicators"].([]any)[4], rowKeys...)

	if m["basis"] != "official" || m["method_version"] != scoring.MethodVersion || m["coverage"] != 0.8 {
		t.Errorf("basis %v method %v coverage %v", m["basis"], m["method_version"], m["coverage"])
	}
	if index["score"] != 65.625 || points["grade"] != "Pass" {
		t.Errorf("index %v grade %v", index["score"], points["grade"])
	}
	if persp["trend"] != nil || persp["rating"] != "orange" {
		t.Errorf("perspective b trend %v rating %v, want null and orange", persp["trend"], persp["rating"])
	}
	if a1["plan_status"] != "ahead" || a1["trend"] != "on_track" || a1["unit"] != "%" {
		t.Errorf("a1 = %v", a1)
	}
	for _, k := range []string{"value", "year", "score", "rating", "trend", "progress", "expected", "plan_status"} {
		if b3[k] != nil {
			t.Errorf("b3 %s = %v, want null", k, b3[k])
		}
	}
}

func TestComputeErrors(t *testing.T) {
	fw := demoFramework()
	tests := []struct {
		name   string
		modify func(*scoring.Framework, *[]scoring.Value, *scoring.Options)
		want   string
	}{
		{"unknown_basis", func(_ *scoring.Framework, _ *[]scoring.Value, o *scoring.Options) { o.Basis = "any" }, "unknown basis"},
		{"year_missing", func(_ *scoring.Framework, _ *[]scoring.Value, o *scoring.Options) { o.Year = 0 }, "year must be positive"},
		{"no_perspectives", func(f *scoring.Framework, _ *[]scoring.Value, _ *scoring.Options) { f.Perspectives = nil }, "no perspectives"},
		{"no_indicators", func(f *scoring.Framework, _ *[]scoring.Value, _ *scoring.Options) { f.Indicators = nil }, "no indicators"},
		{"duplicate_perspective", func(f *scoring.Framework, _ *[]scoring.Value, _ *scoring.Options) {
			f.Perspectives = append(f.Perspectives, scoring.Perspective{Code: "a", Weight: 1})
		}, `perspective "a" appears twice`},
		{"perspective_weight_zero", func(f *scoring.Framework, _ *[]scoring.Value, _ *scoring.Options) { f.Perspectives[0].Weight = 0 }, "weight must be"},
		{"duplicate_indicator", func(f *scoring.Framework, _ *[]scoring.Value, _ *scoring.Options) {
			f.Indicators = append(f.Indicators, f.Indicators[0])
		}, `indicator "a1" appears twice`},
		{"unknown_perspective", func(f *scoring.Framework, _ *[]scoring.Value, _ *scoring.Options) { f.Indicators[1].Perspective = "c" }, `unknown perspective "c"`},
		{"invalid_indicator", func(f *scoring.Framework, _ *[]scoring.Value, _ *scoring.Options) { f.Indicators[2].Worst = ptr(10) }, "best and worst are both 10"},
		{"unnamed_grade_band", func(f *scoring.Framework, _ *[]scoring.Value, _ *scoring.Options) {
			f.GradeBands = append(f.GradeBands, scoring.GradeBand{Min: 1})
		}, "grade band"},
		{"value_period_does_not_fit", func(_ *scoring.Framework, v *[]scoring.Value, _ *scoring.Options) {
			*v = append(*v, sub("a1", 2020, 2, 1))
		}, "does not fit its annual frequency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := fw
			f.Perspectives = slices.Clone(fw.Perspectives)
			f.Indicators = slices.Clone(fw.Indicators)
			vals, opts := demoValues(), scoring.Options{Year: 2020}
			tt.modify(&f, &vals, &opts)
			_, err := scoring.Compute(f, vals, opts)
			if err == nil || !strings.HasPrefix(err.Error(), "scoring: ") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Compute error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
