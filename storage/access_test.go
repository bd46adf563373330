package storage_test

import (
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// TestNewPasswordOrDisablingEndsAccess: an administrator's reset of a
// user's password, disabling the user, and an administrator changing
// their own password each end every session and API token of that user
// at once (both were resolved, and so cached, before), with one audit
// event per token revoked. A token revoked this way stays revoked when the
// user is enabled again.
func TestNewPasswordOrDisablingEndsAccess(t *testing.T) {
	for _, tc := range []struct {
		name   string
		role   indicators.Role
		own    bool
		change func(in *indicators.UserInput)
		reason string
	}{
		{"password_reset_by_admin", indicators.RoleAuditor, false, func(in *indicators.UserInput) { in.Password = "a new password here" }, "password changed"},
		{"disabled", indicators.RoleAuditor, false, func(in *indicators.UserInput) { in.Disabled = true }, "user disabled"},
		{"own_password_change", indicators.RoleAdmin, true, func(in *indicators.UserInput) { in.Password = "a new password here" }, "password changed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storagetest.Each(t, func(t *testing.T, s *storage.Store) {
				u, err := s.CreateUser(ctx, indicators.UserInput{Email: "u@example.org", Role: tc.role, Password: rightPassword}, indicators.System)
				if err != nil {
					t.Fatal(err)
				}
				p, err := s.Authenticate(ctx, u.Email, rightPassword, "192.0.2.1")
				if err != nil {
					t.Fatal(err)
				}
				session, _, err := s.CreateSession(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				var tokens []string
				for _, name := range []string{"one", "two"} {
					_, secret, err := s.CreateToken(ctx, p, name)
					if err != nil {
						t.Fatal(err)
					}
					tokens = append(tokens, secret)
				}
				// Resolve each once, so that the cache holds them.
				if _, err := s.SessionPrincipal(ctx, session); err != nil {
					t.Fatal(err)
				}
				for _, tok := range tokens {
					if _, err := s.TokenPrincipal(ctx, tok); err != nil {
						t.Fatal(err)
					}
				}
				by := indicators.System
				if tc.own {
					by = p
				}
				in := indicators.UserInput{Role: tc.role}
				tc.change(&in)
				if _, err := s.UpdateUser(ctx, u.ID, in, by); err != nil {
					t.Fatal(err)
				}
				_, err = s.SessionPrincipal(ctx, session)
				domainErr(t, err, indicators.Unauthorized)
				for i, tok := range tokens {
					if _, err := s.TokenPrincipal(ctx, tok); indicators.CodeOf(err) != indicators.Unauthorized {
						t.Fatalf("token %d after the change: %v, want unauthorized", i+1, err)
					}
				}
				ts, err := s.ListTokens(ctx, u.ID)
				if err != nil {
					t.Fatal(err)
				}
				evs, err := s.ListAuditEvents(ctx, indicators.AuditFilter{Entity: "token"}, nil)
				if err != nil {
					t.Fatal(err)
				}
				revoked := map[string]bool{}
				for _, e := range evs.Items {
					if e.Action == "revoke" && e.Reason == tc.reason && e.Actor == by.Email {
						revoked[e.EntityID] = true
					}
				}
				for _, tok := range ts {
					if tok.RevokedAt == nil || !revoked[tok.Prefix] {
						t.Errorf("token %s: revoked at %v, revocation event by %s with reason %q: %v", tok.Prefix, tok.RevokedAt, by.Email, tc.reason, revoked[tok.Prefix])
					}
				}
				if len(ts) != 2 || len(revoked) != 2 {
					t.Fatalf("%d tokens, %d revocation events, want 2 and 2", len(ts), len(revoked))
				}
				// Enabled again (with the new password if there is one),
				// the user signs in and gets new tokens, but the old ones
				// stay refused.
				in.Disabled = false
				in.Password = ""
				if _, err := s.UpdateUser(ctx, u.ID, in, indicators.System); err != nil {
					t.Fatal(err)
				}
				for i, tok := range tokens {
					if _, err := s.TokenPrincipal(ctx, tok); indicators.CodeOf(err) != indicators.Unauthorized {
						t.Fatalf("token %d once the user is enabled again: %v", i+1, err)
					}
				}
			})
		})
	}
}
