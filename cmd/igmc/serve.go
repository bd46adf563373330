package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"igmc/web"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func serveCmd(ctx context.Context, c *cli, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("serve takes no arguments (configure it with IGMC_* variables)")
	}
	log := c.cfg.logger(c.env.stderr)
	log.Info("starting igmc", "version", version, "config", c.cfg.String())
	srv := web.New(c.store, log, c.cfg.TrustedProxies...)
	srv.Version = version
	srv.SecureCookies = c.cfg.SecureCookies
	srv.PDFFont = c.cfg.PDFFont
	srv.TempDir = c.tempDir
	srv.MaxUpload = c.cfg.MaxUpload
	srv.MaxEvidence = c.cfg.MaxEvidence
	if c.cfg.DBTimeout > 0 {
		srv.DBTimeout = c.cfg.DBTimeout
	}
	if c.cfg.DBBulkTimeout > 0 {
		srv.DBBulkTimeout = c.cfg.DBBulkTimeout
	}
	ln := c.ln
	if ln == nil {
		var err error
		if ln, err = listen(c.cfg.Addr, c.env); err != nil {
			return err
		}
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Minute, // large imports
		WriteTimeout:      10 * time.Minute, // large exports
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	// What only pages need is made after listening, beside the first
	// requests (which would make it themselves, once).
	go srv.Warm()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// listen binds addr and says so on standard output (and to env.ready).
func listen(addr string, e env) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	a := ln.Addr().String()
	fmt.Fprintf(e.stdout, "igmc listening on http://%s\n", a)
	if e.ready != nil {
		e.ready(a)
	}
	return ln, nil
}
