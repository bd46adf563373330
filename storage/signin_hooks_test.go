package storage

import "golang.org/x/crypto/bcrypt"

// PasswordChecks is how many bcrypt comparisons the store has made, for
// the tests of package storage_test.
func (s *Store) PasswordChecks() int64 { return s.passwordChecks.Load() }

// DummyCost is the bcrypt cost of the hash checked for unknown emails, or
// 0 while that hash is not made yet.
func (s *Store) DummyCost() int {
	if s.dummyHash == nil {
		return 0
	}
	c, err := bcrypt.Cost(s.dummyHash)
	if err != nil {
		return -1
	}
	return c
}
