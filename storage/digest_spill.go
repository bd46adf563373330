package storage

import (
	"bufio"
	"bytes"
	"container/heap"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
)

// hashSpill collects version hashes for an event's digest (see digest)
// without holding every hash of a large import in memory: once runHashes
// have been added they are sorted and written to a temporary file as one
// sorted run, and Sum merges the runs. An import of up to runHashes
// versions never touches the disk. Close removes the file; it is safe to
// call more than once and on every path.
type hashSpill struct {
	// run, when set, replaces runHashes (tests spill small runs).
	run  int
	buf  [][32]byte
	n    int
	file *os.File
	w    *bufio.Writer
	runs []int64 // length of each run written, in hashes
	err  error
}

// runHashes is the hashes sorted in memory at a time: 16 MiB.
const runHashes = 1 << 19

func (h *hashSpill) add(x [32]byte) {
	h.n++
	h.buf = append(h.buf, x)
	if run := h.run; len(h.buf) >= runHashes || run > 0 && len(h.buf) >= run {
		h.spill()
	}
}

// spill writes the buffer as one sorted run.
func (h *hashSpill) spill() {
	if h.err != nil {
		h.buf = h.buf[:0]
		return
	}
	if h.file == nil {
		h.file, h.err = os.CreateTemp("", "igmc-digest-*")
		if h.err != nil {
			return
		}
		h.w = bufio.NewWriterSize(h.file, 256<<10)
	}
	sortHashes(h.buf)
	for i := range h.buf {
		if _, err := h.w.Write(h.buf[i][:]); err != nil {
			h.err = err
			break
		}
	}
	h.runs = append(h.runs, int64(len(h.buf)))
	h.buf = h.buf[:0]
}

// sum is digest of every hash added, and their number.
func (h *hashSpill) sum() (string, int, error) {
	if h.file == nil {
		return digest(h.buf), h.n, h.err
	}
	if len(h.buf) > 0 {
		h.spill()
	}
	if h.err == nil {
		h.err = h.w.Flush()
	}
	if h.err != nil {
		return "", 0, h.err
	}
	m := &hashMerge{}
	var at int64
	for _, n := range h.runs {
		r := &hashRun{rd: bufio.NewReaderSize(io.NewSectionReader(h.file, at*32, n*32), 64<<10), left: n}
		at += n
		if err := r.next(); err != nil {
			return "", 0, err
		}
		m.runs = append(m.runs, r)
	}
	heap.Init(m)
	d := sha256.New()
	for m.Len() > 0 {
		r := m.runs[0]
		d.Write(r.cur[:])
		if r.left == 0 {
			heap.Pop(m)
			continue
		}
		if err := r.next(); err != nil {
			return "", 0, err
		}
		heap.Fix(m, 0)
	}
	return hex.EncodeToString(d.Sum(nil)), h.n, nil
}

// close removes the temporary file, if any.
func (h *hashSpill) close() {
	if h.file != nil {
		name := h.file.Name()
		_ = h.file.Close()
		_ = os.Remove(name)
		h.file = nil
	}
	h.buf = nil
}

// hashRun reads one sorted run back.
type hashRun struct {
	rd   *bufio.Reader
	cur  [32]byte
	left int64
}

func (r *hashRun) next() error {
	if _, err := io.ReadFull(r.rd, r.cur[:]); err != nil {
		return errors.Join(errors.New("digest: reading a sorted run back"), err)
	}
	r.left--
	return nil
}

// hashMerge is a heap of runs by their current hash.
type hashMerge struct{ runs []*hashRun }

func (m *hashMerge) Len() int { return len(m.runs) }
func (m *hashMerge) Less(i, j int) bool {
	return bytes.Compare(m.runs[i].cur[:], m.runs[j].cur[:]) < 0
}
func (m *hashMerge) Swap(i, j int) { m.runs[i], m.runs[j] = m.runs[j], m.runs[i] }
func (m *hashMerge) Push(x any)    { m.runs = append(m.runs, x.(*hashRun)) }
func (m *hashMerge) Pop() any {
	x := m.runs[len(m.runs)-1]
	m.runs = m.runs[:len(m.runs)-1]
	return x
}
