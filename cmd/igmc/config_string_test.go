package main

import (
	"io"
	"strings"
	"testing"
	"time"
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

// TestConfigReplicas: the read replicas are taken only beside a PostgreSQL
// database and only as postgres:// URLs, their allowed lag only within its
// bounds, and the configuration names them without their passwords.
func TestConfigReplicas(t *testing.T) {
	const pg = "postgres://igmc:secret@db1:5432/igmc"
	cfg, err := loadConfig(func(k string) string {
		return map[string]string{"IGMC_DATABASE_URL": pg,
			"IGMC_DATABASE_REPLICA_URLS": " postgres://igmc:hidden@db2:5432/igmc, postgresql://db3/igmc ",
			"IGMC_REPLICA_MAX_LAG":       "30s"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.ReplicaURLs) != 2 || cfg.ReplicaMaxLag != 30*time.Second {
		t.Fatalf("replicas %q, lag %s", cfg.ReplicaURLs, cfg.ReplicaMaxLag)
	}
	s := cfg.String()
	if !strings.Contains(s, "replicas=postgres://igmc:xxxxx@db2:5432/igmc,postgresql://db3/igmc replica_max_lag=30s") || strings.Contains(s, "hidden") {
		t.Errorf("the configuration %q does not name the replicas without their passwords", s)
	}
	if opts := cfg.storeOptions(io.Discard); len(opts.ReplicaURLs) != 2 || opts.ReplicaMaxLag != 30*time.Second {
		t.Errorf("the store is not opened with the replicas: %+v", opts)
	}
	cfg, err = loadConfig(func(k string) string { return map[string]string{"IGMC_DATABASE_URL": pg}[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ReplicaMaxLag != 10*time.Second || strings.Contains(cfg.String(), "replica") {
		t.Errorf("without replicas: lag %s, configuration %q", cfg.ReplicaMaxLag, cfg.String())
	}
	for _, tc := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"IGMC_DATABASE_REPLICA_URLS": "postgres://db2/igmc"}, "needs a PostgreSQL database"},
		{map[string]string{"IGMC_DATABASE_URL": "sqlite:/tmp/x.db", "IGMC_DATABASE_REPLICA_URLS": "postgres://db2/igmc"}, "SQLite has no read replicas"},
		{map[string]string{"IGMC_DATABASE_URL": pg, "IGMC_DATABASE_REPLICA_URLS": "postgres://db2/igmc,mysql://u:pw@db3/igmc"}, `replica 2 must be a postgres:// URL (got "mysql://u:xxxxx@db3/igmc")`},
		{map[string]string{"IGMC_DATABASE_URL": pg, "IGMC_REPLICA_MAX_LAG": "10"}, "IGMC_REPLICA_MAX_LAG must be a duration"},
		{map[string]string{"IGMC_DATABASE_URL": pg, "IGMC_REPLICA_MAX_LAG": "500ms"}, "between 1s and 1h0m0s"},
		{map[string]string{"IGMC_DATABASE_URL": pg, "IGMC_REPLICA_MAX_LAG": "2h"}, "between 1s and 1h0m0s"},
	} {
		_, err := loadConfig(func(k string) string { return tc.vars[k] })
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one saying %q", tc.vars, err, tc.want)
		}
	}
}
