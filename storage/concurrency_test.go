package storage_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// submittedValues imports n submitted values of zone LY and returns their ids.
func submittedValues(t *testing.T, s *storage.Store, n int) []int64 {
	t.Helper()
	var b strings.Builder
	b.WriteString("zone_code,indicator_code,period,value\n")
	for i := range n {
		fmt.Fprintf(&b, "LY,SPC-01,%d,%d\n", 1900+i, 50+i%40)
	}
	if _, err := importCSV(s, b.String(), indicators.ImportOptions{By: as("officer@ly")}); err != nil {
		t.Fatal(err)
	}
	p, err := s.ListMeasurements(ctx, indicators.MeasurementFilter{Framework: "igmc", Zone: "LY", Status: indicators.Submitted, Limit: n})
	if err != nil || len(p.Items) != n {
		t.Fatalf("%d submitted values (%v), want %d", len(p.Items), err, n)
	}
	ids := make([]int64, n)
	for i, m := range p.Items {
		ids[i] = m.ID
	}
	return ids
}

// TestOppositeOrderApprovals: two reviewers approve the same three values at
// the same moment, one listing them forwards and one backwards, 20 times.
// On PostgreSQL this deadlocked before the rows were locked in id order.
// Each time exactly one approval goes through and the other is told the
// values are approved already; nothing is approved twice; the trail holds.
func TestOppositeOrderApprovals(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,,")
		const rounds = 20
		ids := submittedValues(t, s, 3*rounds)
		for r := range rounds {
			abc := ids[3*r : 3*r+3]
			cba := []int64{abc[2], abc[1], abc[0]}
			var wg sync.WaitGroup
			start := make(chan struct{})
			errs := make([]error, 2)
			for i, order := range [][]int64{abc, cba} {
				wg.Go(func() {
					<-start
					_, errs[i] = s.Review(ctx, order, indicators.ActionApprove, "", as(fmt.Sprintf("reviewer%d@x", i)))
				})
			}
			close(start)
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch code := indicators.CodeOf(err); {
				case err == nil:
					ok++
				case code != indicators.Conflict:
					t.Fatalf("round %d: %v (a %s error), want success or a conflict", r, err, code)
				}
			}
			if ok != 1 {
				t.Fatalf("round %d: %d approvals went through (%v), want exactly 1", r, ok, errs)
			}
		}
		for _, id := range ids {
			h, err := s.History(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			approved := 0
			for _, v := range h {
				if v.Status == indicators.Approved {
					approved++
				}
			}
			if approved != 1 {
				t.Fatalf("value %d has %d approved versions, want 1", id, approved)
			}
		}
		verified(t, s)
	})
}

func verified(t *testing.T, s *storage.Store) {
	t.Helper()
	rep, err := s.VerifyAudit(ctx)
	if err != nil || !rep.OK {
		t.Fatalf("audit check: %+v, %v", rep, err)
	}
}

// gatedRows serves n measurement rows of zone LY; after the first `after`
// rows it closes reached and waits until release is closed (when blocking),
// so that a test acts while an import is demonstrably under way.
type gatedRows struct {
	n, after, line int
	block          bool
	reached        chan struct{}
	release        chan struct{}
	once           sync.Once
}

func newGatedRows(n, after int, block bool) *gatedRows {
	return &gatedRows{n: n, after: after, block: block, reached: make(chan struct{}), release: make(chan struct{})}
}

func (g *gatedRows) Next() (int, []string, error) {
	g.line++
	if g.line == 1 {
		return 1, []string{"zone_code", "indicator_code", "period", "value"}, nil
	}
	if g.line-1 > g.n {
		return g.line, nil, io.EOF
	}
	if g.line-1 == g.after+1 {
		g.once.Do(func() { close(g.reached) })
		if g.block {
			<-g.release
		}
	}
	return g.line, []string{"LY", "ENV-01", fmt.Sprintf("%d-%02d", 1900+(g.line-2)/12, (g.line-2)%12+1), "1"}, nil
}

// let lets a blocked import go on (once; also on a failed test's cleanup,
// so that the store can close).
func (g *gatedRows) let() {
	select {
	case <-g.release:
	default:
		close(g.release)
	}
}

func withTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}

// signInWithin signs in, opens a session, resolves it and uses a token,
// each bounded by a deadline so that a sign-in that waits fails the test
// instead of hanging it.
func signInWithin(t *testing.T, s *storage.Store, email, password, token string) {
	t.Helper()
	c, cancel := withTimeout(20 * time.Second)
	defer cancel()
	p, err := s.Authenticate(c, email, password, "192.0.2.1")
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	if _, err := s.Authenticate(c, email, "wrong password!", "192.0.2.1"); indicators.CodeOf(err) != indicators.Unauthorized {
		t.Fatalf("wrong password: %v, want unauthorized", err)
	}
	secret, _, err := s.CreateSession(c, p)
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	if _, err := s.SessionPrincipal(c, secret); err != nil {
		t.Fatalf("resolve session: %v", err)
	}
	if _, err := s.TokenPrincipal(c, token); err != nil {
		t.Fatalf("use token: %v", err)
	}
}

// TestSignInDuringImport holds an import in the middle of its rows (its
// transaction open, its rows half written) and signs in meanwhile: the
// password check, a wrong password counted, a new session, a session and a
// token resolved. On PostgreSQL an audited change (a new token) and a
// single-value edit go through too, as the import no longer holds the
// audit head while it loads. The import must still be waiting when they
// are done, and completes afterwards with the trail intact.
func TestSignInDuringImport(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		addZones(t, s, "LY,Liuyang ETDZ,,")
		const email, password = "officer@ly.example", "a long enough password"
		if _, err := s.CreateUser(ctx, indicators.UserInput{Email: email, Role: indicators.RoleAdmin, Password: password}, indicators.System); err != nil {
			t.Fatal(err)
		}
		p, err := s.Authenticate(ctx, email, password, "192.0.2.9")
		if err != nil {
			t.Fatal(err)
		}
		_, token, err := s.CreateToken(ctx, p, "before")
		if err != nil {
			t.Fatal(err)
		}
		in := indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-01", Period: "2019", Value: 80}
		m, err := s.CreateMeasurement(ctx, in, p)
		if err != nil {
			t.Fatal(err)
		}
		rows := newGatedRows(2000, 1000, true)
		t.Cleanup(rows.let)
		done := make(chan error, 1)
		go func() {
			_, err := s.ImportMeasurements(ctx, rows, indicators.ImportOptions{Framework: "igmc", By: p, AcceptWarnings: true})
			done <- err
		}()
		select {
		case <-rows.reached:
		case err := <-done:
			t.Fatalf("the import ended before its rows were read: %v", err)
		}
		signInWithin(t, s, email, password, token)
		if s.Engine() == storage.Postgres {
			c, cancel := withTimeout(20 * time.Second)
			defer cancel()
			if _, _, err := s.CreateToken(c, p, "during"); err != nil {
				t.Fatalf("new token during the import: %v", err)
			}
			in.Value = 81
			if _, err := s.UpdateMeasurement(c, m.ID, in, m.Version, p); err != nil {
				t.Fatalf("edit during the import: %v", err)
			}
		}
		select {
		case err := <-done:
			t.Fatalf("the import ended (%v) before it was let go: the test proved nothing", err)
		default:
		}
		rows.let()
		if err := <-done; err != nil {
			t.Fatalf("import: %v", err)
		}
		if n := count(t, s, indicators.MeasurementFilter{Framework: "igmc", Indicator: "ENV-01"}); n != 2000 {
			t.Fatalf("%d values imported, want 2000", n)
		}
		verified(t, s)
	})
}

// TestSecondSQLiteWriterWaits opens a second store on the same SQLite file,
// as a CLI command does beside the server, and has it write while the
// first holds the file's writer for an import: the second waits its turn
// (its change lands after the import's) instead of failing with "database
// is locked".
func TestSecondSQLiteWriterWaits(t *testing.T) {
	a, url := storagetest.OpenURL(t, storage.SQLite)
	addZones(t, a, "LY,Liuyang ETDZ,,")
	b, err := storage.Open(ctx, storage.Options{DatabaseURL: url, PasswordCost: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	rows := newGatedRows(3000, 100, true)
	t.Cleanup(rows.let)
	done := make(chan error, 1)
	go func() {
		_, err := a.ImportMeasurements(ctx, rows, indicators.ImportOptions{Framework: "igmc", By: as("first@x"), AcceptWarnings: true})
		done <- err
	}()
	<-rows.reached
	second := make(chan error, 1)
	go func() {
		_, err := b.CreateUser(ctx, indicators.UserInput{Email: "second@x", Role: indicators.RoleAuditor, Password: "a long enough password"}, indicators.System)
		second <- err
	}()
	rows.let()
	if err := <-done; err != nil {
		t.Fatalf("import: %v", err)
	}
	if err := <-second; err != nil {
		t.Fatalf("the second writer failed instead of waiting: %v", err)
	}
	evs, err := a.ListAuditEvents(ctx, indicators.AuditFilter{Limit: 1000}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var imported, user int64
	for _, e := range evs.Items {
		switch {
		case e.Action == "import":
			imported = e.ID
		case e.Entity == "user" && e.EntityID == "second@x":
			user = e.ID
		}
	}
	if imported == 0 || user <= imported {
		t.Fatalf("import event %d, second writer's event %d: want the second after the import", imported, user)
	}
	verified(t, a)
}
