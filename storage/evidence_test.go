package storage_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// pdfBytes is a small file that reads as a PDF, n bytes long.
func pdfBytes(n int, fill byte) []byte {
	b := bytes.Repeat([]byte{fill}, n)
	copy(b, "%PDF-1.4\n")
	return b
}

// spool makes an evidence file of b, as an upload would.
func spool(t *testing.T, name string, b []byte) indicators.EvidenceFile {
	t.Helper()
	sp, err := indicators.SpoolEvidence(bytes.NewReader(b), name, indicators.DefaultMaxEvidence, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sp.Remove)
	return sp.EvidenceFile
}

func download(t *testing.T, s *storage.Store, sha string, p *indicators.Principal) ([]byte, indicators.Evidence, error) {
	t.Helper()
	var buf bytes.Buffer
	var got indicators.Evidence
	err := s.DownloadEvidence(ctx, sha, p, func(e indicators.Evidence) (io.Writer, error) {
		got = e
		return &buf, nil
	})
	return buf.Bytes(), got, err
}

func TestEvidence(t *testing.T) {
	for _, e := range storagetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			s, url := storagetest.OpenURL(t, e)
			addZones(t, s, "LY,Liuyang ETDZ,,", "CS,Changsha,,")
			officer := person("officer@ly", indicators.RoleOfficer, "LY")
			other := person("officer@cs", indicators.RoleOfficer, "CS")
			a, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-01", Period: "2019", Value: 80}, officer)
			if err != nil {
				t.Fatal(err)
			}
			b, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-01", Period: "2018", Value: 79}, officer)
			if err != nil {
				t.Fatal(err)
			}
			// Three pieces and a bit: the file crosses the chunk size.
			body := pdfBytes(3<<20+123, 'x')
			sum := sha256.Sum256(body)
			sha := hex.EncodeToString(sum[:])
			report := spool(t, "yearbook 2019.pdf", body)

			t.Run("attach_list_download", func(t *testing.T) {
				list, err := s.AttachEvidence(ctx, a.ID, []indicators.EvidenceFile{report}, officer)
				if err != nil {
					t.Fatal(err)
				}
				if len(list) != 1 || list[0].SHA256 != sha || list[0].Size != int64(len(body)) || list[0].ContentType != indicators.TypePDF ||
					list[0].Name != "yearbook 2019.pdf" || list[0].AddedBy != "officer@ly" || list[0].Version != 1 {
					t.Fatalf("attached %+v", list)
				}
				got, meta, err := download(t, s, sha, officer)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, body) || meta.Name != "yearbook 2019.pdf" {
					t.Fatalf("downloaded %d bytes (want %d), %+v", len(got), len(body), meta)
				}
			})
			t.Run("attach_is_audited_with_hashes", func(t *testing.T) {
				ev, err := s.ListAuditEvents(ctx, indicators.AuditFilter{Entity: "measurement", EntityID: strconv.FormatInt(a.ID, 10)}, nil)
				if err != nil {
					t.Fatal(err)
				}
				last := ev.Items[len(ev.Items)-1]
				if last.Action != "attach_evidence" || last.Actor != "officer@ly" || !strings.Contains(last.NewValue, sha) {
					t.Fatalf("last event %+v", last)
				}
			})
			t.Run("download_is_audited", func(t *testing.T) {
				ev, err := s.ListAuditEvents(ctx, indicators.AuditFilter{Entity: "evidence", EntityID: sha}, []string{"LY"})
				if err != nil {
					t.Fatal(err)
				}
				if ev.Total != 1 || ev.Items[0].Action != "download" || ev.Items[0].Actor != "officer@ly" {
					t.Fatalf("download events %+v", ev.Items)
				}
			})
			t.Run("other_zone_forbidden", func(t *testing.T) {
				_, _, err := download(t, s, sha, other)
				domainErr(t, err, indicators.Forbidden)
				_, err = s.AttachEvidence(ctx, a.ID, []indicators.EvidenceFile{report}, other)
				domainErr(t, err, indicators.Forbidden)
			})
			t.Run("unknown_file_not_found", func(t *testing.T) {
				_, _, err := download(t, s, strings.Repeat("ab", 32), officer)
				domainErr(t, err, indicators.NotFound)
				_, _, err = download(t, s, "../etc/passwd", officer)
				domainErr(t, err, indicators.NotFound)
			})
			t.Run("same_file_stored_once", func(t *testing.T) {
				again := spool(t, "copy.pdf", body)
				if _, err := s.AttachEvidence(ctx, b.ID, []indicators.EvidenceFile{again}, officer); err != nil {
					t.Fatal(err)
				}
				// Again on the first value: no second link either.
				if _, err := s.AttachEvidence(ctx, a.ID, []indicators.EvidenceFile{again}, officer); err != nil {
					t.Fatal(err)
				}
				files, chunks := evidenceCounts(t, s)
				if files != 1 || chunks != 4 {
					t.Fatalf("%d files, %d chunks stored; want 1 and 4", files, chunks)
				}
				la, _ := s.ListEvidence(ctx, a.ID)
				lb, _ := s.ListEvidence(ctx, b.ID)
				if len(la) != 1 || len(lb) != 1 || lb[0].Name != "copy.pdf" {
					t.Fatalf("links: a %+v, b %+v", la, lb)
				}
			})
			t.Run("untouched_store_verifies", func(t *testing.T) {
				rep := verify(t, s)
				if !rep.OK || rep.Evidence != 1 {
					t.Fatalf("report %+v", rep)
				}
			})
			t.Run("changed_byte_reported", func(t *testing.T) {
				changed := bytes.Clone(body[1<<20 : 2<<20])
				changed[10] ^= 1
				storagetest.MustExec(t, url, "UPDATE evidence_chunks SET data = $1 WHERE sha256 = $2 AND seq = 1", changed, sha)
				rep := verify(t, s)
				if rep.OK || !strings.Contains(rep.Problem, sha) || !strings.Contains(rep.Problem, "LY, SPC-01, 2019") ||
					!strings.Contains(rep.Problem, "no longer matches its SHA-256") {
					t.Fatalf("report %+v", rep)
				}
			})
		})
	}
}

func evidenceCounts(t *testing.T, s *storage.Store) (files, chunks int64) {
	t.Helper()
	files, chunks, err := s.EvidenceCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return files, chunks
}

// TestEvidenceRefusals: an attachment that cannot be taken leaves nothing
// behind.
func TestEvidenceRefusals(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,,")
		officer := person("officer@ly", indicators.RoleOfficer, "LY")
		m, err := s.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-01", Period: "2019", Value: 80}, officer)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("unreadable_body_rolls_back", func(t *testing.T) {
			f := spool(t, "a.pdf", pdfBytes(100, 'a'))
			broken := spool(t, "c.pdf", pdfBytes(100, 'c'))
			broken.Body = func() (indicators.ReadSeekCloser, error) { return nil, errors.New("gone") }
			if _, err := s.AttachEvidence(ctx, m.ID, []indicators.EvidenceFile{f, broken}, officer); err == nil {
				t.Fatal("a file that cannot be read was attached")
			}
		})
		t.Run("changed_copy_refused", func(t *testing.T) {
			f := spool(t, "b.pdf", pdfBytes(100, 'b'))
			f.SHA256 = strings.Repeat("0", 64)
			if _, err := s.AttachEvidence(ctx, m.ID, []indicators.EvidenceFile{f}, officer); err == nil {
				t.Fatal("a file whose bytes do not match its hash was attached")
			}
		})
		files, chunks := evidenceCounts(t, s)
		if files != 0 || chunks != 0 {
			t.Fatalf("%d files, %d chunks left by refused attachments", files, chunks)
		}
		if l, _ := s.ListEvidence(ctx, m.ID); len(l) != 0 {
			t.Fatalf("links left: %+v", l)
		}
	})
}
