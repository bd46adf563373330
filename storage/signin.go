package storage

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"igmc/indicators"
)

// Authenticate checks an email and password from an address.
//
// Every try first reserves a place under the limit of the account and
// under that of the address, each with one atomic statement, so concurrent
// tries on any number of instances are counted one by one. When either
// limit is used up the try is refused (429) before any password is
// checked, even a right one. A right password gives its places back; a
// wrong one keeps them, as the failure.
//
// Every try that passes the limits does exactly one bcrypt comparison of
// the same cost, whether the email is unknown, its user disabled or the
// password wrong, so the time of the answer tells none of them apart.
func (s *Store) Authenticate(ctx context.Context, email, password, address string) (*indicators.Principal, error) {
	email = indicators.NormalEmail(email)
	now := s.Now()
	account, err := s.reserveAttempt(ctx, throttleKey("account", email), MaxAccountFailures, now)
	if err != nil {
		return nil, err
	}
	from, err := s.reserveAttempt(ctx, throttleKey("address", address), MaxAddressFailures, now)
	if err != nil {
		s.releaseAttempt(ctx, account)
		return nil, err
	}
	u, found, err := s.signInUser(ctx, email)
	if err != nil {
		s.releaseAttempt(ctx, account)
		s.releaseAttempt(ctx, from)
		return nil, err
	}
	// A disabled user's own hash costs what an enabled user's does; an
	// unknown email is checked against a hash of the store's cost.
	hash := s.dummy()
	if found {
		hash = []byte(u.PasswordHash)
	}
	if !s.checkPassword(hash, password) || !found || u.Disabled {
		s.recordSignin(ctx, nil, indicators.AccessSigninFailed, email, address)
		return nil, indicators.Errorf(indicators.Unauthorized, "wrong email or password")
	}
	s.releaseAttempt(ctx, account)
	s.releaseAttempt(ctx, from)
	var p *indicators.Principal
	err = s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		p, err = principal(tx, &u)
		return err
	})
	if err == nil {
		s.recordSignin(ctx, p, indicators.AccessSignin, email, address)
	}
	return p, err
}

// signInUser finds the user of an email; an email no user can have (too
// long, not UTF-8, with a NUL) is not looked up.
func (s *Store) signInUser(ctx context.Context, email string) (userRow, bool, error) {
	var u userRow
	if !plausibleEmail(email) {
		return u, false, nil
	}
	err := s.rdb.WithContext(ctx).Where("email = ?", email).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, false, nil
	}
	if err != nil {
		return u, false, translate(err, "user")
	}
	return u, true, nil
}

func plausibleEmail(v string) bool {
	return len(v) <= 254 && utf8.ValidString(v) && !strings.ContainsRune(v, 0)
}

// throttleKey names the counter of an account or an address. A value no
// user or address can have is counted under its digest, which keeps the
// key short and valid text on both engines.
func throttleKey(kind, v string) string {
	if !plausibleEmail(v) {
		return kind + ":sha256:" + secretHash(v)
	}
	return kind + ":" + v
}

// attempt is a place reserved under one limit: the counter's key and the
// window it was counted in.
type attempt struct {
	key         string
	windowStart int64
}

// reserveAttempt counts one more try under key, unless limit tries are
// already counted in the current window: then it answers 429 with the
// time until the window closes. The one statement both reads and moves
// the counter (PostgreSQL locks the row for the upsert; SQLite has one
// writer), so no two tries can both take the last place. A window closes
// FailureWindow after its first try; the next try opens a new one.
func (s *Store) reserveAttempt(ctx context.Context, key string, limit int, now time.Time) (attempt, error) {
	start, expired := now.UnixMicro(), now.Add(-FailureWindow).UnixMicro()
	var got []int64
	err := s.adb.WithContext(ctx).Raw(`INSERT INTO login_throttle (key, attempts, window_start) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
			attempts = CASE WHEN login_throttle.window_start <= ? THEN 1 ELSE login_throttle.attempts + 1 END,
			window_start = CASE WHEN login_throttle.window_start <= ? THEN excluded.window_start ELSE login_throttle.window_start END
		WHERE login_throttle.window_start <= ? OR login_throttle.attempts < ?
		RETURNING window_start`, key, start, expired, expired, expired, limit).Scan(&got).Error
	if err != nil {
		return attempt{}, translate(err, "sign-in attempts")
	}
	if len(got) == 1 {
		return attempt{key, got[0]}, nil
	}
	var opened []int64
	if err := s.adb.WithContext(ctx).Raw("SELECT window_start FROM login_throttle WHERE key = ?", key).Scan(&opened).Error; err != nil {
		return attempt{}, translate(err, "sign-in attempts")
	}
	wait := FailureWindow
	if len(opened) == 1 {
		wait = time.UnixMicro(opened[0]).Add(FailureWindow).Sub(now)
	}
	return attempt{}, &indicators.Error{Code: indicators.TooManyRequests, Message: "too many failed sign-ins: try again later", RetryAfter: max(wait, time.Second)}
}

// releaseAttempt gives a reserved place back (a right password, or a try
// the other limit refused), if its window is still the counter's. A
// failure here only leaves the try counted, so it is logged, not returned.
func (s *Store) releaseAttempt(ctx context.Context, a attempt) {
	err := s.adb.WithContext(context.WithoutCancel(ctx)).Exec("UPDATE login_throttle SET attempts = attempts - 1 WHERE key = ? AND window_start = ? AND attempts > 0",
		a.key, a.windowStart).Error
	if err != nil {
		s.log.Error("storage: give back a sign-in attempt", "err", err)
	}
}

// checkPassword compares a password with a bcrypt hash. It counts the
// comparisons, so a test can see that every path of a sign-in does one.
func (s *Store) checkPassword(hash []byte, password string) bool {
	s.passwordChecks.Add(1)
	return bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil
}

// dummy is a bcrypt hash of the store's cost, checked for tries with an
// unknown email (which fail whatever it matches). It is made on first
// use, not at start-up, so starting the server hashes nothing.
func (s *Store) dummy() []byte {
	s.dummyOnce.Do(func() {
		h, err := bcrypt.GenerateFromPassword([]byte("no user has this password"), s.passwordCost)
		if err != nil {
			s.log.Error("storage: make the hash for unknown emails", "err", err)
		}
		s.dummyHash = h
	})
	return s.dummyHash
}
