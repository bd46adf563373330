package storage_test

import (
	"context"
	"testing"
	"time"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestResetLinks follows a reset link through its states: valid once,
// then used; expired a day later; unknown when never made.
func TestResetLinks(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		if _, err := s.CreateUser(ctx, indicators.UserInput{Email: "who@example.org", Role: indicators.RoleAuditor, Password: "correct horse battery"}, indicators.System); err != nil {
			t.Fatal(err)
		}
		secret, link, err := s.CreateResetLink(ctx, "Who@example.org", indicators.System)
		if err != nil || link.State != indicators.ResetValid || link.Email != "who@example.org" {
			t.Fatalf("made %+v, %v", link, err)
		}
		if got, err := s.ResetLinkState(ctx, secret); err != nil || got.State != indicators.ResetValid {
			t.Fatalf("state after making: %+v, %v", got, err)
		}
		if _, err := s.UseResetLink(ctx, secret, "short"); indicators.CodeOf(err) != indicators.Invalid {
			t.Fatalf("a short password: %v", err)
		}
		if _, err := s.UseResetLink(ctx, secret, "a new long password"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "who@example.org", "a new long password", "t"); err != nil {
			t.Fatalf("the new password does not sign in: %v", err)
		}
		if got, err := s.UseResetLink(ctx, secret, "a third long password"); got.State != indicators.ResetUsed || indicators.CodeOf(err) != indicators.Conflict {
			t.Fatalf("second use: %+v, %v", got, err)
		}
		if got, _ := s.ResetLinkState(ctx, "no-such-link"); got.State != indicators.ResetUnknown {
			t.Fatalf("unknown link: %+v", got)
		}
		secret, _, err = s.CreateResetLink(ctx, "who@example.org", indicators.System)
		if err != nil {
			t.Fatal(err)
		}
		now := s.Now
		s.Now = func() time.Time { return now().Add(indicators.ResetLinkLifetime + time.Minute) }
		defer func() { s.Now = now }()
		if got, err := s.UseResetLink(ctx, secret, "a third long password"); got.State != indicators.ResetExpired || indicators.CodeOf(err) != indicators.Conflict {
			t.Fatalf("expired link: %+v, %v", got, err)
		}
		if _, err := s.Authenticate(ctx, "who@example.org", "a new long password", "t"); err != nil {
			t.Fatalf("an expired link changed the password: %v", err)
		}
	})
}
