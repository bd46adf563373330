package storage

import (
	"crypto/sha256"
	"testing"
)

// TestVersionHashIsTheDocumentedEncoding pins the canonical encoding of a
// version: changing it would make every stored digest unverifiable.
func TestVersionHashIsTheDocumentedEncoding(t *testing.T) {
	ap := 12.5
	v := version{zoneID: 7, indicatorID: 42, period: "2019-Q1", version: 3, value: 12.5, source: "bureau", comment: "a;b",
		status: "approved", approved: &ap, enteredBy: "o@x", reviewedBy: "r@x", reviewComment: ""}
	want := sha256.Sum256([]byte("1:7;2:42;7:2019-Q1;1:3;4:12.5;6:bureau;3:a;b;8:approved;4:12.5;3:o@x;3:r@x;0:;"))
	if got := versionHash(&v); got != want {
		t.Fatalf("versionHash = %x, want %x", got, want)
	}
	v.approved = nil
	want = sha256.Sum256([]byte("1:7;2:42;7:2019-Q1;1:3;4:12.5;6:bureau;3:a;b;8:approved;0:;3:o@x;3:r@x;0:;"))
	if got := versionHash(&v); got != want {
		t.Fatalf("versionHash without an approved value = %x, want %x", got, want)
	}
}

func BenchmarkDigestMillion(b *testing.B) {
	hs := make([][32]byte, 1_000_000)
	for i := range hs {
		hs[i] = sha256.Sum256([]byte{byte(i), byte(i >> 8), byte(i >> 16)})
	}
	for b.Loop() {
		work := append([][32]byte(nil), hs...)
		digest(work)
	}
}

func BenchmarkVersionHash(b *testing.B) {
	v := version{zoneID: 123, indicatorID: 4567, period: "2019", version: 1, value: 1234.5678, status: "submitted", enteredBy: "cli"}
	for b.Loop() {
		versionHash(&v)
	}
}

// Format 1 leaves quality and explanation out, so that events written
// before format 2 still check; format 2 covers them.
func TestVersionHashFormats(t *testing.T) {
	a := version{zoneID: 1, indicatorID: 2, period: "2020", version: 1, value: 3, status: "draft", format: 1}
	b := a
	b.quality, b.explanation = "estimated", "why"
	if versionHash(&a) != versionHash(&b) {
		t.Fatal("format 1 should not cover quality and explanation")
	}
	a.format, b.format = 2, 2
	if versionHash(&a) == versionHash(&b) {
		t.Fatal("format 2 should cover quality and explanation")
	}
	c := a
	c.explanation = "why"
	if versionHash(&c) == versionHash(&a) || versionHash(&c) == versionHash(&b) {
		t.Fatal("format 2 should cover the explanation alone")
	}
}
