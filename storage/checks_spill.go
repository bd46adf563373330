package storage

import (
	"encoding/binary"
	"math"
	"os"

	"igmc/scoring"
)

// peerSpill keeps the peer sets a Checker loads beyond its memory bound
// in a temporary file, 8 bytes a value, so that a file sorted by zone
// over a national store — each of whose chunks needs every set of its
// years — reads each set from the database once, and from the file (the
// system's cache, mostly) after that. The file is removed as soon as it
// is made where the system allows it, and otherwise by close. A spill
// that fails (no room on the disk) stops keeping sets; the Checker then
// reads them from the database again, more slowly but with the same
// result.
type peerSpill struct {
	file   *os.File
	name   string // the file still to remove on close, if any
	size   int64
	at     map[peerKey]spillRef
	failed bool
	bytes  []byte
}

// spillRef is where a spilled set's values are, and the set without them,
// which answers most rows without reading the file.
type spillRef struct {
	off  int64
	lean scoring.PeerSet
}

// maxSpilledSets bounds the spill's index (about 250 bytes a set: 64 MiB
// at most).
const maxSpilledSets = 1 << 18

// lean is a spilled set without its values.
func (p *peerSpill) lean(k peerKey) (scoring.PeerSet, bool) {
	ref, ok := p.at[k]
	return ref.lean, ok
}

// put writes a set to the file; false when it could not.
func (p *peerSpill) put(k peerKey, set scoring.PeerSet) bool {
	v := set.Values()
	if p.failed || len(p.at) >= maxSpilledSets {
		return false
	}
	if p.file == nil {
		f, err := os.CreateTemp("", "igmc-peers-*")
		if err != nil {
			p.failed = true
			return false
		}
		p.file, p.at = f, map[peerKey]spillRef{}
		if os.Remove(f.Name()) != nil {
			p.name = f.Name()
		}
	}
	b := p.bytes[:0]
	for _, x := range v {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	p.bytes = b
	if _, err := p.file.WriteAt(b, p.size); err != nil {
		p.fail()
		return false
	}
	p.at[k] = spillRef{p.size, set.WithoutValues()}
	p.size += int64(len(b))
	return true
}

// get reads a set into dst's room; ok is false when the spill does not
// hold it (or can no longer read it).
func (p *peerSpill) get(k peerKey, dst []float64) (v []float64, ok bool) {
	ref, ok := p.at[k]
	if !ok {
		return nil, false
	}
	n := ref.lean.Len()
	if cap(p.bytes) < 8*n {
		p.bytes = make([]byte, 8*n)
	}
	b := p.bytes[:8*n]
	if _, err := p.file.ReadAt(b, ref.off); err != nil {
		p.fail()
		return nil, false
	}
	v = dst[:0]
	for i := 0; i < len(b); i += 8 {
		v = append(v, math.Float64frombits(binary.LittleEndian.Uint64(b[i:])))
	}
	return v, true
}

// fail forgets what the spill holds and stops it.
func (p *peerSpill) fail() {
	p.failed = true
	p.close()
}

// close removes the file; it is safe to call more than once.
func (p *peerSpill) close() {
	if p.file != nil {
		_ = p.file.Close()
		if p.name != "" {
			_ = os.Remove(p.name)
		}
	}
	p.file, p.name, p.at, p.size = nil, "", nil, 0
}
