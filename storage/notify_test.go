package storage

import (
	"context"
	"net/url"
	"os"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/scoring"
)

// TestWritesOfAnotherInstanceInvalidateTheCache: two stores on one
// PostgreSQL database stand for two instances behind a load balancer. A
// write through one must drop the other's cached scorecards.
func TestWritesOfAnotherInstanceInvalidateTheCache(t *testing.T) {
	admin := os.Getenv("IGMC_TEST_POSTGRES_URL")
	if admin == "" {
		t.Skip("IGMC_TEST_POSTGRES_URL is not set")
	}
	ctx := context.Background()
	a := openFreshPostgres(t, admin)
	if _, err := a.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(admin)
	var name string
	_ = a.db.Raw("SELECT current_database()").Scan(&name).Error
	u.Path = "/" + name
	b, err := Open(ctx, Options{DatabaseURL: u.String()})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	select {
	case <-b.listeningCh:
	case <-time.After(10 * time.Second):
		t.Fatal("the second instance never started listening")
	}
	if err := a.CreateZone(ctx, indicators.Zone{Code: "LY", NameEn: "Liuyang"}, indicators.System); err != nil {
		t.Fatal(err)
	}
	select { // a's own CreateZone notifies b too; drain it
	case <-b.notified:
	case <-time.After(10 * time.Second):
		t.Fatal("no notification reached the second instance")
	}
	if _, err := b.Scorecard(ctx, "igmc", "LY", 2019, scoring.BasisWorking); err != nil {
		t.Fatal(err)
	}
	key := cardKey{"igmc", "LY", 2019, scoring.BasisWorking}
	if b.cache.card(key) == nil {
		t.Fatal("the scorecard was not cached")
	}
	if _, err := a.CreateMeasurement(ctx, indicators.MeasurementInput{FrameworkCode: "igmc", ZoneCode: "LY", IndicatorCode: "SPC-01", Period: "2019", Value: 80}, indicators.System); err != nil {
		t.Fatal(err)
	}
	select {
	case <-b.notified:
	case <-time.After(10 * time.Second):
		t.Fatal("no notification reached the second instance")
	}
	if b.cache.card(key) != nil {
		t.Fatal("the second instance still serves the scorecard cached before the write")
	}
	card, err := b.Scorecard(ctx, "igmc", "LY", 2019, scoring.BasisWorking)
	if err != nil || card.Indicators[0].Value == nil || *card.Indicators[0].Value != 80 {
		t.Fatalf("second instance's scorecard after the write: %+v, %v", card.Indicators[0], err)
	}

	// A catalogue changed through one instance is read anew by the other.
	if _, err := b.Catalogue(ctx, "igmc"); err != nil { // cached in b
		t.Fatal(err)
	}
	cat, err := a.Catalogue(ctx, "igmc")
	if err != nil {
		t.Fatal(err)
	}
	cat.Indicators[0].NameEn = "Renamed through the other instance"
	f, err := a.Framework(ctx, "igmc")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportCatalogue(ctx, f, cat, indicators.System); err != nil {
		t.Fatal(err)
	}
	select {
	case <-b.notified:
	case <-time.After(10 * time.Second):
		t.Fatal("no notification of the catalogue reached the second instance")
	}
	if got, err := b.Catalogue(ctx, "igmc"); err != nil || got.Indicators[0].NameEn != "Renamed through the other instance" {
		t.Fatalf("the second instance reads the old catalogue after the change: %q, %v", got.Indicators[0].NameEn, err)
	}
}

// TestRevocationThroughAnotherInstance: a session and a token that one
// instance has resolved (and cached) are refused by it once another
// instance changes the user's password; and while an instance does not
// hear the others' changes it serves no cached session or token at all.
func TestRevocationThroughAnotherInstance(t *testing.T) {
	admin := os.Getenv("IGMC_TEST_POSTGRES_URL")
	if admin == "" {
		t.Skip("IGMC_TEST_POSTGRES_URL is not set")
	}
	ctx := context.Background()
	a := openFreshPostgres(t, admin)
	u, _ := url.Parse(admin)
	var name string
	_ = a.db.Raw("SELECT current_database()").Scan(&name).Error
	u.Path = "/" + name
	b, err := Open(ctx, Options{DatabaseURL: u.String()})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	select {
	case <-b.listeningCh:
	case <-time.After(10 * time.Second):
		t.Fatal("the second instance never started listening")
	}
	drain := func() {
		t.Helper()
		select {
		case <-b.notified:
		case <-time.After(10 * time.Second):
			t.Fatal("no notification reached the second instance")
		}
	}
	user, err := a.CreateUser(ctx, indicators.UserInput{Email: "u@example.org", Role: indicators.RoleAuditor, Password: "correct horse battery"}, indicators.System)
	if err != nil {
		t.Fatal(err)
	}
	drain()
	p, err := a.Authenticate(ctx, user.Email, "correct horse battery", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	session, _, err := a.CreateSession(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := a.CreateToken(ctx, p, "cli")
	if err != nil {
		t.Fatal(err)
	}
	drain()
	if _, err := b.SessionPrincipal(ctx, session); err != nil {
		t.Fatal(err)
	}
	if _, err := b.TokenPrincipal(ctx, token); err != nil {
		t.Fatal(err)
	}
	if b.cache.principal(secretHash(token), b.Now()) == nil {
		t.Fatal("the second instance did not cache the token")
	}
	if _, err := a.UpdateUser(ctx, user.ID, indicators.UserInput{Role: indicators.RoleAuditor, Password: "a new password here"}, indicators.System); err != nil {
		t.Fatal(err)
	}
	drain()
	if _, err := b.SessionPrincipal(ctx, session); indicators.CodeOf(err) != indicators.Unauthorized {
		t.Fatalf("the second instance still accepts the session: %v", err)
	}
	if _, err := b.TokenPrincipal(ctx, token); indicators.CodeOf(err) != indicators.Unauthorized {
		t.Fatalf("the second instance still accepts the token: %v", err)
	}

	// A token revoked behind the instances' backs (no notification, as
	// when the connection that hears them is down) is refused by an
	// instance that knows it is not hearing changes.
	p, err = a.Authenticate(ctx, user.Email, "a new password here", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	_, token, err = a.CreateToken(ctx, p, "cli")
	if err != nil {
		t.Fatal(err)
	}
	drain()
	if _, err := b.TokenPrincipal(ctx, token); err != nil {
		t.Fatal(err)
	}
	if err := a.db.Exec("UPDATE api_tokens SET revoked_at = now()").Error; err != nil {
		t.Fatal(err)
	}
	if b.cache.principal(secretHash(token), b.Now()) == nil {
		t.Fatal("the second instance did not cache the token, so the check below shows nothing")
	}
	b.following.Store(false)
	if _, err := b.TokenPrincipal(ctx, token); indicators.CodeOf(err) != indicators.Unauthorized {
		t.Fatalf("an instance not hearing changes served a cached token: %v", err)
	}
}
