package web_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
	"igmc/web"
)

// pdfFile is a small file that reads as a PDF, told apart by fill.
func pdfFile(n int, fill byte) []byte {
	b := bytes.Repeat([]byte{fill}, n)
	copy(b, "%PDF-1.7\n")
	return b
}

func shaOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// evidenceForm is a multipart form with one field "file" per file (name,
// bytes), after a csrf_token field when token is not empty.
func evidenceForm(token string, files ...any) (string, *bytes.Buffer) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if token != "" {
		_ = w.WriteField("csrf_token", token)
	}
	for i := 0; i+1 < len(files); i += 2 {
		fw, _ := w.CreateFormFile("file", files[i].(string))
		_, _ = fw.Write(files[i+1].([]byte))
	}
	_ = w.Close()
	return w.FormDataContentType(), &buf
}

// evidenceServer is each with a server whose evidence limit is 1 MiB and
// whose temporary files go to a folder of the test's, returned.
func evidenceServer(t *testing.T, fn func(t *testing.T, c *client, tmp string)) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ws := web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
		ws.MaxEvidence = 1 << 20
		tmp := t.TempDir()
		ws.TempDir = tmp
		srv := httptest.NewServer(ws.Handler())
		t.Cleanup(srv.Close)
		c := &client{t: t, srv: srv, store: s}
		c.token = c.userToken("admin@example.org", indicators.RoleAdmin)
		c.do("POST", "/api/v1/zones", `{"code":"LY","name_en":"Liuyang ETDZ","name_zh":"浏阳经济技术开发区"}`, 201, nil)
		c.do("POST", "/api/v1/zones", `{"code":"CS","name_en":"Changsha","name_zh":"长沙"}`, 201, nil)
		fn(t, c, tmp)
	})
}

type evidenceJSON struct {
	SHA256      string `json:"sha256"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	Measurement int64  `json:"measurement_id"`
}

func TestEvidenceAPI(t *testing.T) {
	evidenceServer(t, func(t *testing.T, c *client, tmp string) {
		officer := c.as(c.userToken("officer@ly", indicators.RoleOfficer, "LY"))
		other := c.as(c.userToken("officer@cs", indicators.RoleOfficer, "CS"))
		var m measurementJSON
		officer.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2019","value":80}`, 201, &m)
		var m2 measurementJSON
		officer.do("POST", "/api/v1/measurements", `{"framework_code":"igmc","zone_code":"LY","indicator_code":"SPC-01","period":"2018","value":79}`, 201, &m2)
		path := "/api/v1/measurements/" + itoa(m.ID) + "/evidence"
		report, table := pdfFile(5000, 'r'), []byte("zone,value\nLY,80\n")
		png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 100)...)

		t.Run("upload_list_download", func(t *testing.T) {
			ct, body := evidenceForm("", "年鉴 2019.pdf", report, "table.csv", table, `C:\scans\map.png`, png)
			var got listOf[evidenceJSON]
			officer.send("POST", path, ct, body, 201, &got)
			if got.Total != 3 {
				t.Fatalf("attached %+v", got)
			}
			var list listOf[evidenceJSON]
			officer.do("GET", path, "", 200, &list)
			want := []evidenceJSON{
				{shaOf(report), "年鉴 2019.pdf", 5000, "application/pdf", m.ID},
				{shaOf(table), "table.csv", int64(len(table)), "text/plain; charset=utf-8", m.ID},
				{shaOf(png), "map.png", int64(len(png)), "image/png", m.ID},
			}
			if fmt.Sprint(list.Items) != fmt.Sprint(want) {
				t.Fatalf("listed %+v\nwant %+v", list.Items, want)
			}
			req, _ := http.NewRequest("GET", c.srv.URL+"/api/v1/evidence/"+shaOf(report), nil)
			req.Header.Set("Authorization", "Bearer "+officer.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			h := resp.Header
			if resp.StatusCode != 200 || !bytes.Equal(b, report) || h.Get("Content-Type") != "application/pdf" ||
				h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Content-Disposition") != `attachment; filename*=utf-8''%E5%B9%B4%E9%89%B4%202019.pdf` {
				t.Fatalf("download: %d, %d bytes, headers %v", resp.StatusCode, len(b), h)
			}
		})
		t.Run("other_zone_forbidden", func(t *testing.T) {
			other.do("GET", "/api/v1/evidence/"+shaOf(report), "", 403, nil)
			other.do("GET", path, "", 403, nil)
			ct, body := evidenceForm("", "x.pdf", pdfFile(100, 'x'))
			other.send("POST", path, ct, body, 403, nil)
		})
		t.Run("unknown_file_not_found", func(t *testing.T) {
			officer.do("GET", "/api/v1/evidence/"+strings.Repeat("0", 64), "", 404, nil)
			officer.do("GET", "/api/v1/evidence/report.pdf", "", 404, nil)
		})
		t.Run("over_limit_refused", func(t *testing.T) {
			ct, body := evidenceForm("", "small.pdf", pdfFile(100, 's'), "big.pdf", pdfFile(1<<20+1, 'b'))
			var e apiError
			officer.send("POST", path, ct, body, 413, &e)
			if e.Error.Code != "too_large" || !strings.Contains(e.Error.Message, `"big.pdf" is larger than the limit of 1 MiB`) {
				t.Fatalf("refusal %+v", e)
			}
		})
		t.Run("type_not_allowed_refused", func(t *testing.T) {
			for name, b := range map[string][]byte{
				"page.pdf":   []byte("<html><script>alert(1)</script></html>"),
				"tool.exe":   append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{0}, 200)...),
				"latin1.csv": []byte("zone,name\nLY,caf\xe9\n"),
			} {
				ct, body := evidenceForm("", "ok.pdf", pdfFile(100, 'o'), name, b)
				var e apiError
				officer.send("POST", path, ct, body, 422, &e)
				if e.Error.Code != "invalid" || !strings.Contains(e.Error.Message, `the file "`+name+`" is not of a type taken as evidence`) {
					t.Fatalf("%s: refusal %+v", name, e)
				}
			}
		})
		t.Run("nothing_half_written", func(t *testing.T) {
			var list listOf[evidenceJSON]
			officer.do("GET", path, "", 200, &list)
			if list.Total != 3 {
				t.Fatalf("refused uploads left links: %+v", list.Items)
			}
			for _, b := range [][]byte{pdfFile(100, 's'), pdfFile(100, 'o')} {
				officer.do("GET", "/api/v1/evidence/"+shaOf(b), "", 404, nil)
			}
			left, _ := os.ReadDir(tmp)
			if len(left) != 0 {
				t.Fatalf("temporary files left: %v", left)
			}
		})
		t.Run("same_file_twice_stored_once", func(t *testing.T) {
			ct, body := evidenceForm("", "again.pdf", report)
			var got listOf[evidenceJSON]
			officer.send("POST", "/api/v1/measurements/"+itoa(m2.ID)+"/evidence", ct, body, 201, &got)
			if got.Total != 1 || got.Items[0].SHA256 != shaOf(report) || got.Items[0].Name != "again.pdf" {
				t.Fatalf("attached %+v", got)
			}
			// Storage counts the stored copies (storage's TestEvidence).
		})
		t.Run("no_file_bad_request", func(t *testing.T) {
			ct, body := evidenceForm("")
			officer.send("POST", path, ct, body, 400, nil)
			officer.do("POST", path, `{}`, 400, nil)
		})
	})
}

// evidenceSamples are the matrix's samples of the evidence routes.
func (e *matrixEnv) evidenceSamples() map[string]sample {
	m := e.entryEvidenceSamples()
	for k, v := range map[string]sample{
		"POST /api/v1/measurements/:id/evidence": {zoneLY: true, ok: 201, prepare: func(t *testing.T, _ matrixCaller) prepared {
			m := e.fresh(t, false)
			ct, body := evidenceForm("", "matrix.pdf", pdfFile(200, 'm'))
			return prepared{path: "/api/v1/measurements/" + itoa(m.ID) + "/evidence", body: body.String(), ctype: ct}
		}},
		"GET /api/v1/measurements/:id/evidence": {path: "/api/v1/measurements/" + itoa(e.id) + "/evidence", zoneLY: true, ok: 200},
		"GET /api/v1/evidence/:sha256": {zoneLY: true, ok: 200, prepare: func(t *testing.T, _ matrixCaller) prepared {
			m := e.fresh(t, false)
			b := pdfFile(300, 'd')
			ct, body := evidenceForm("", "download.pdf", b)
			e.admin(t).send("POST", "/api/v1/measurements/"+itoa(m.ID)+"/evidence", ct, body, 201, nil)
			return prepared{path: "/api/v1/evidence/" + shaOf(b)}
		}},
	} {
		m[k] = v
	}
	return m
}

// TestEvidenceImportZip: the measurements import takes a zip of
// measurements.csv and the files its evidence column names, all or
// nothing, a missing file refused by its row.
func TestEvidenceImportZip(t *testing.T) {
	evidenceServer(t, func(t *testing.T, c *client, tmp string) {
		zipOf := func(parts ...string) *bytes.Buffer {
			var buf bytes.Buffer
			w := zip.NewWriter(&buf)
			for i := 0; i+1 < len(parts); i += 2 {
				f, _ := w.Create(parts[i])
				_, _ = f.Write([]byte(parts[i+1]))
			}
			_ = w.Close()
			return &buf
		}
		report := string(pdfFile(2000, 'z'))
		csv := "zone_code,indicator_code,period,value,evidence\nLY,SPC-01,2019,80,scan/report.pdf\nLY,SPC-02,2019,1.1,scan/missing.pdf\n"
		var e apiError
		c.send("POST", "/api/v1/measurements/import?framework=igmc&accept_warnings=true", "application/zip", zipOf("measurements.csv", csv, "scan/report.pdf", report), 422, &e)
		if len(e.Error.Fields) != 1 || e.Error.Fields[0].Line != 3 || e.Error.Fields[0].Code != "evidence_missing" {
			t.Fatalf("refusal %+v", e)
		}
		var l listOf[measurementJSON]
		c.do("GET", "/api/v1/measurements?zone=LY&period=2019", "", 200, &l)
		if l.Total != 0 {
			t.Fatalf("a refused zip wrote %d values", l.Total)
		}
		csv = strings.Replace(csv, "scan/missing.pdf", "scan/report.pdf", 1)
		var res struct{ Rows, New, Evidence int }
		c.send("POST", "/api/v1/measurements/import?framework=igmc&accept_warnings=true", "application/zip", zipOf("measurements.csv", csv, "scan/report.pdf", report), 200, &res)
		if res.Rows != 2 || res.New != 2 || res.Evidence != 2 {
			t.Fatalf("result %+v", res)
		}
		c.do("GET", "/api/v1/measurements?zone=LY&period=2019&indicator=SPC-02", "", 200, &l)
		var list listOf[evidenceJSON]
		c.do("GET", "/api/v1/measurements/"+itoa(l.Items[0].ID)+"/evidence", "", 200, &list)
		if list.Total != 1 || list.Items[0].SHA256 != shaOf([]byte(report)) || list.Items[0].Name != "report.pdf" {
			t.Fatalf("evidence %+v", list)
		}
		if left, _ := os.ReadDir(tmp); len(left) != 0 {
			t.Fatalf("temporary files left: %v", left)
		}
	})
}
