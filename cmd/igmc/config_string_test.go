package main

import (
	"strings"
	"testing"
)

// TestConfigStringNamesFiles: the configuration serve prints at start
// names the signing key's and the audit head's files when they are set,
// and nothing of them when they are not.
func TestConfigStringNamesFiles(t *testing.T) {
	vars := map[string]string{"IGMC_SIGNING_KEY": "/etc/igmc/key.pem", "IGMC_AUDIT_HEAD_FILE": "/var/lib/igmc/head.json"}
	cfg, err := loadConfig(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.String()
	for _, want := range []string{"signing_key=/etc/igmc/key.pem", "audit_head_file=/var/lib/igmc/head.json"} {
		if !strings.Contains(s, want) {
			t.Errorf("the configuration %q does not say %q", s, want)
		}
	}
	cfg, err = loadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.String(); strings.Contains(s, "signing_key") || strings.Contains(s, "audit_head_file") {
		t.Errorf("unset files are named: %q", s)
	}
}
