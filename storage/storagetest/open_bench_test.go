package storagetest_test

import (
	"context"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"igmc/storage"
	"igmc/storage/storagetest"
)

// BenchmarkOpen times what every test pays for a fresh store: "copy" is
// Open, a copy of the process's migrated and seeded template; "migrate"
// is an empty database migrated and seeded, as Open made every store
// before it kept a template.
//
//	IGMC_TEST_POSTGRES_URL=… go test ./storage/storagetest/ -run '^$' -bench Open -benchtime=30x
func BenchmarkOpen(b *testing.B) {
	for _, e := range storagetest.Engines() {
		b.Run(string(e)+"/copy", func(b *testing.B) {
			storagetest.Open(b, e) // the template, made once per process
			b.ResetTimer()
			for b.Loop() {
				storagetest.Open(b, e)
			}
		})
		b.Run(string(e)+"/migrate", func(b *testing.B) {
			for b.Loop() {
				s, err := storage.Open(context.Background(), storage.Options{DatabaseURL: storagetest.URL(b, e), PasswordCost: bcrypt.MinCost})
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { _ = s.Close() })
				if _, err := s.Seed(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
