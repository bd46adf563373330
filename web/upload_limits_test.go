package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/indicators/xlsxrows/xlsxtest"
	"igmc/storage"
	"igmc/storage/storagetest"
	"igmc/web"
)

// uploadLimit is the measurements limit of the servers of these tests:
// small enough that an oversized body is quick to send.
const uploadLimit = 32 << 20

// uploadServer is a real server on s, its temporary folder a fresh one of
// the test, with the zones LY and LY-N and an administrator's token.
func uploadServer(t testing.TB, s *storage.Store, maxUpload int64) (*client, string) {
	tmp := t.TempDir()
	srv := web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv.TempDir, srv.MaxUpload = tmp, maxUpload
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	tt, _ := t.(*testing.T)
	c := &client{t: tt, srv: hs, store: s}
	ctx := context.Background()
	for _, z := range []indicators.Zone{{Code: "LY", NameEn: "Liuyang", NameZh: "浏阳"}, {Code: "LY-N", NameEn: "North", NameZh: "北区", ParentCode: "LY"}} {
		if err := s.CreateZone(ctx, z, indicators.System); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateUser(ctx, indicators.UserInput{Email: "admin@example.org", Role: indicators.RoleAdmin, Password: "correct horse battery"}, indicators.System); err != nil {
		t.Fatal(err)
	}
	p, err := s.Authenticate(ctx, "admin@example.org", "correct horse battery", "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, c.token, err = s.CreateToken(ctx, p, "test"); err != nil {
		t.Fatal(err)
	}
	return c, tmp
}

// postBody sends body and returns the status and the answer.
func postBody(t testing.TB, c *client, path, ctype string, body io.Reader, cookies ...*http.Cookie) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", c.srv.URL+path, body)
	req.Header.Set("Content-Type", ctype)
	if len(cookies) == 0 {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for _, k := range cookies {
		req.AddCookie(k)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, b
}

// generated is n bytes of fill after prefix, made as they are read.
type generated struct {
	prefix []byte
	fill   byte
	n      int64
}

func (g *generated) Read(p []byte) (int, error) {
	if len(g.prefix) > 0 {
		k := copy(p, g.prefix)
		g.prefix = g.prefix[k:]
		return k, nil
	}
	if g.n <= 0 {
		return 0, io.EOF
	}
	k := int(min(int64(len(p)), g.n))
	for i := range p[:k] {
		p[i] = g.fill
	}
	g.n -= int64(k)
	return k, nil
}

func gen(prefix string, fill byte, n int64) func() io.Reader {
	return func() io.Reader { return &generated{prefix: []byte(prefix), fill: fill, n: n} }
}

func fixed(b []byte) func() io.Reader { return func() io.Reader { return bytes.NewReader(b) } }

// multipartOf streams body as the form field "file".
func multipartOf(body func() io.Reader) (string, func() io.Reader) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	ctype := mw.FormDataContentType()
	return ctype, func() io.Reader {
		go func() {
			fw, _ := mw.CreateFormFile("file", "values.csv")
			_, err := io.Copy(fw, body())
			if err == nil {
				err = mw.Close()
			}
			pw.CloseWithError(err)
		}()
		return pr
	}
}

// trail counts the audit events and the value versions, to show that a
// refused upload wrote nothing.
func trail(t testing.TB, s *storage.Store) [2]int {
	t.Helper()
	r, err := s.VerifyAudit(context.Background())
	if err != nil || !r.OK {
		t.Fatalf("audit: %+v %v", r, err)
	}
	return [2]int{r.Events, r.Values}
}

// leftInDir lists what is in dir.
func leftInDir(t testing.TB, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

type refusal struct {
	name, path, ctype string
	body              func() io.Reader
	status            int
	words             string
}

// refusals are the bombs and oversized inputs, each built here, with the
// answer each must get.
func refusals() []refusal {
	const imp = "/api/v1/measurements/import?framework=igmc"
	row := []byte(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`)
	mpType, mpBody := multipartOf(gen("zone_code,indicator_code,period,value\n", '\n', uploadLimit+1<<20))
	return []refusal{
		{"csv_over_limit_413", imp, "text/csv", gen("zone_code,indicator_code,period,value\n", '\n', uploadLimit+1<<20), 413, "larger than the limit of 32 MiB"},
		{"multipart_over_limit_413", imp, mpType, mpBody, 413, "larger than the limit of 32 MiB"},
		{"xlsx_over_limit_413", imp, "application/octet-stream", gen("PK\x03\x04", 0, uploadLimit+1<<20), 413, "larger than the limit of 32 MiB"},
		{"zones_17MB_413", "/api/v1/zones/import", "text/csv", gen("code,name_en\n", '\n', 17<<20), 413, "larger than the limit of 16 MiB"},
		{"catalogue_17MB_413", "/api/v1/frameworks/city/catalogue", "text/csv", gen("perspective_code,indicator_code,name_en,unit,best,worst\n", '\n', 17<<20), 413, "larger than the limit of 16 MiB"},
		{"styles_2GiB_413", imp, "application/octet-stream", fixed(xlsxtest.Workbook(xlsxtest.SheetHead+xlsxtest.SheetTail,
			xlsxtest.Part{Name: "xl/styles.xml", Repeat: []byte{' '}, Size: 2 << 30})), 413, "unzips to more than 256 MiB"},
		{"zones_sheet_1GiB_413", "/api/v1/zones/import", "application/octet-stream", fixed(xlsxtest.Workbook("",
			xlsxtest.Part{Name: "xl/worksheets/sheet1.xml", Repeat: row, Size: 1 << 30})), 413, "unzips to more than 128 MiB"},
		{"sheet_lies_422", imp, "application/octet-stream", fixed(xlsxtest.Workbook("",
			xlsxtest.Part{Name: "xl/worksheets/sheet1.xml", Repeat: row, Size: 64 << 20, Declared: 4096})), 422, "damaged"},
		{"cell_of_100MiB_422", imp, "application/octet-stream", fixed(xlsxtest.Workbook("", xlsxtest.Part{Name: "xl/worksheets/sheet1.xml",
			Data: []byte(xlsxtest.SheetHead + `<row r="1"><c r="A1"><v>`), Repeat: []byte("9"), Size: 100 << 20})), 422, "row 1 of a worksheet has a text longer"},
		{"huge_sheet_one_corrupt_entry_422", imp, "application/octet-stream", fixed(xlsxtest.Workbook("",
			xlsxtest.Part{Name: "xl/worksheets/sheet1.xml", Repeat: row, Size: 200 << 20}, xlsxtest.Part{Name: "docProps/app.xml", Corrupt: true})), 422, "damaged"},
		{"csv_300MB_single_line_422", imp, "text/csv", gen("", 'z', 300<<20), 422, "a cell on line 1 is longer than 64 KiB"},
		{"long_header_name_422", imp, "text/csv", gen("zone_code,indicator_code,period,value,", 'h', 60000), 422, "unknown column"},
		{"extra_cells_422", imp, "text/csv", fixed([]byte("zone_code,indicator_code,period,value\nLY,SPC-01,2019,5,,,\nLY,SPC-02,2019,5,,x\n")), 422, "past the header"},
	}
}

// TestUploadRefusals posts every bomb and oversized input to the real
// handlers on each engine: each is refused with its status and a short
// message, writes nothing, and leaves the temporary folder as it was.
func TestUploadRefusals(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		c, tmp := uploadServer(t, s, uploadLimit)
		for _, r := range refusals() {
			t.Run(r.name, func(t *testing.T) {
				before := trail(t, s)
				status, body := postBody(t, c, r.path, r.ctype, r.body())
				var e apiError
				_ = json.Unmarshal(body, &e)
				text := e.Error.Message
				for _, f := range e.Error.Fields {
					text += " | " + f.Message
				}
				if status != r.status || !strings.Contains(text, r.words) {
					t.Fatalf("status %d, want %d saying %q: %.500s", status, r.status, r.words, body)
				}
				if len(body) > 2048 {
					t.Fatalf("the answer is %d bytes: %.300s", len(body), body)
				}
				if left := leftInDir(t, tmp); len(left) != 0 {
					t.Fatalf("left in the temporary folder: %v", left)
				}
				if after := trail(t, s); after != before {
					t.Fatalf("the refused upload wrote: %v → %v", before, after)
				}
			})
		}
		// The page carries a previewed file back for its confirmation, so
		// it takes at most 1 MiB; larger catalogues go through the API.
		t.Run("admin_catalogue_page_17MB_413", func(t *testing.T) {
			admin := signInPage(t, c, "page-admin@example.org", indicators.RoleAdmin)
			ctype, body := multipartOf(gen("perspective_code,indicator_code,name_en,unit,best,worst\n", '\n', 17<<20))
			status, page := postBody(t, c, "/admin/catalogue?csrf_token="+url.QueryEscape(admin.csrf), ctype, body(), admin.session)
			if status != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "1 MiB") {
				t.Fatalf("status %d: %.500s", status, page)
			}
			if left := leftInDir(t, tmp); len(left) != 0 {
				t.Fatalf("left in the temporary folder: %v", left)
			}
		})
		t.Run("xlsx_accepted_and_cleaned_up", func(t *testing.T) {
			sheet := xlsxtest.SheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>zone_code</t></is></c><c r="B1" t="inlineStr"><is><t>indicator_code</t></is></c><c r="C1" t="inlineStr"><is><t>period</t></is></c><c r="D1" t="inlineStr"><is><t>value</t></is></c></row>` +
				`<row r="2"><c r="A2" t="inlineStr"><is><t>LY</t></is></c><c r="B2" t="inlineStr"><is><t>SPC-01</t></is></c><c r="C2" t="inlineStr"><is><t>2019</t></is></c><c r="D2"><v>70</v></c><c r="E2" t="inlineStr"><is><t></t></is></c></row>` + xlsxtest.SheetTail
			status, body := postBody(t, c, "/api/v1/measurements/import?framework=igmc", "application/octet-stream", bytes.NewReader(xlsxtest.Workbook(sheet)))
			if status != 200 || !strings.Contains(string(body), `"new":1`) {
				t.Fatalf("status %d: %s", status, body)
			}
			if left := leftInDir(t, tmp); len(left) != 0 {
				t.Fatalf("left in the temporary folder: %v", left)
			}
		})
	})
}
