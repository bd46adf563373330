package storage

import (
	"crypto/sha256"
	"os"
	"strconv"
	"testing"
)

// TestHashSpillMatchesDigest checks that the digest merged from sorted runs
// on disk is the digest of the same hashes sorted in memory, and that the
// temporary file is gone after close.
func TestHashSpillMatchesDigest(t *testing.T) {
	for _, n := range []int{0, 1, 6, 7, 8, 50, 301} {
		var hs [][32]byte
		sp := hashSpill{run: 7}
		defer sp.close()
		for i := range n {
			h := sha256.Sum256([]byte(strconv.Itoa(i % 40))) // repeats too
			hs = append(hs, h)
			sp.add(h)
		}
		want := digest(append([][32]byte(nil), hs...))
		got, count, err := sp.sum()
		if err != nil || got != want || count != n {
			t.Fatalf("%d hashes: %s, %d, %v; want %s", n, got, count, err, want)
		}
		name := ""
		if sp.file != nil {
			name = sp.file.Name()
		}
		if (name != "") != (n >= 7) {
			t.Fatalf("%d hashes: spill file %q", n, name)
		}
		sp.close()
		sp.close()
		if name != "" {
			if _, err := os.Stat(name); !os.IsNotExist(err) {
				t.Fatalf("%s left behind: %v", name, err)
			}
		}
	}
}
