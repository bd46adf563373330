package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestUserResetLink: the command prints a link for a known user (on
// stdout only), refuses an unknown one, and each link voids the last.
func TestUserResetLink(t *testing.T) {
	eachEngine(t, func(t *testing.T, p *program) {
		out, stderr, err := p.run("user", "reset-link", "--base", "https://igmc.example.org/", "Admin@example.org")
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		link := regexp.MustCompile(`^https://igmc\.example\.org/reset/([A-Za-z0-9_-]{43})\n$`).FindStringSubmatch(out)
		if link == nil {
			t.Fatalf("stdout %q", out)
		}
		if strings.Contains(stderr, link[1]) || !strings.Contains(stderr, "admin@example.org") {
			t.Errorf("stderr %q", stderr)
		}
		if _, _, err := p.run("user", "reset-link", "nobody@example.org"); err == nil {
			t.Error("a link for an unknown email")
		}
		if _, _, err := p.run("user", "reset-link"); err == nil {
			t.Error("no email, no error")
		}
	})
}
