package storage_test

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

const rightPassword = "correct horse battery"

// TestEverySignInPathChecksOnePassword: an unknown email, a disabled user
// and a wrong password each cost one bcrypt comparison of the store's
// cost, as a right password does, so the time of the answer does not tell
// which emails exist or which users are disabled. The hash for unknown
// emails is made by the first sign-in that needs it, not when the store
// opens.
func TestEverySignInPathChecksOnePassword(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if _, err := s.CreateUser(ctx, indicators.UserInput{Email: "on@example.org", Role: indicators.RoleAuditor, Password: rightPassword}, indicators.System); err != nil {
			t.Fatal(err)
		}
		off, err := s.CreateUser(ctx, indicators.UserInput{Email: "off@example.org", Role: indicators.RoleAuditor, Password: rightPassword}, indicators.System)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateUser(ctx, off.ID, indicators.UserInput{Role: indicators.RoleAuditor, Disabled: true}, indicators.System); err != nil {
			t.Fatal(err)
		}
		if c := s.DummyCost(); c != 0 {
			t.Fatalf("the hash for unknown emails was made before any sign-in needed it (cost %d)", c)
		}
		for _, tc := range []struct {
			name, email, password string
			ok                    bool
		}{
			{"unknown_email", "nobody@example.org", "not the password", false},
			{"unknown_email_right_shape", "nobody@example.org", rightPassword, false},
			{"disabled_wrong_password", "off@example.org", "not the password", false},
			{"disabled_right_password", "off@example.org", rightPassword, false},
			{"wrong_password", "on@example.org", "not the password", false},
			{"email_no_user_can_have", strings.Repeat("x", 300) + "@example.org", "not the password", false},
			{"email_with_nul", "on\x00@example.org", "not the password", false},
			{"right_password", "on@example.org", rightPassword, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := s.PasswordChecks()
				p, err := s.Authenticate(ctx, tc.email, tc.password, "192.0.2.1")
				if n := s.PasswordChecks() - before; n != 1 {
					t.Errorf("%d bcrypt comparisons, want 1", n)
				}
				if tc.ok {
					if err != nil || p.Email != tc.email {
						t.Fatalf("sign-in: %v, %v", p, err)
					}
					return
				}
				domainErr(t, err, indicators.Unauthorized)
			})
		}
		if c := s.DummyCost(); c != bcrypt.MinCost {
			t.Fatalf("the hash for unknown emails has cost %d, want the store's %d", c, bcrypt.MinCost)
		}
	})
}

// TestRightPasswordDoesNotCount: a right password within the limit signs
// in and leaves the count as it was, so the account still has the rest of
// its tries; once they are used up even the right password waits.
func TestRightPasswordDoesNotCount(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if _, err := s.CreateUser(ctx, indicators.UserInput{Email: "u@example.org", Role: indicators.RoleAuditor, Password: rightPassword}, indicators.System); err != nil {
			t.Fatal(err)
		}
		try := func(password string) error {
			_, err := s.Authenticate(ctx, "u@example.org", password, "192.0.2.2")
			return err
		}
		for i := 1; i < storage.MaxAccountFailures; i++ {
			domainErr(t, try("not the password"), indicators.Unauthorized)
		}
		for i := 0; i < 3; i++ {
			if err := try(rightPassword); err != nil {
				t.Fatalf("right password after %d failures: %v", storage.MaxAccountFailures-1, err)
			}
		}
		domainErr(t, try("not the password"), indicators.Unauthorized) // the tenth failure
		e := domainErr(t, try(rightPassword), indicators.TooManyRequests)
		if e.RetryAfter != storage.FailureWindow {
			t.Fatalf("Retry-After %v, want the whole window %v (the clock stands still)", e.RetryAfter, storage.FailureWindow)
		}
		// Another address is still held by the account's limit, and the
		// refused tries did not use up the first address's.
		if _, err := s.Authenticate(ctx, "u@example.org", rightPassword, "192.0.2.3"); indicators.CodeOf(err) != indicators.TooManyRequests {
			t.Fatalf("the account's limit from another address: %v", err)
		}
		s.Now = func() time.Time { return time.Date(2026, 1, 2, 3, 19, 6, 0, time.UTC) } // the window has closed
		if err := try(rightPassword); err != nil {
			t.Fatalf("right password once the window closed: %v", err)
		}
	})
}
