package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"igmc/indicators"
)

// raceSignIns sends one wrong-password sign-in per email, all at once
// (released together by a start channel), and counts the answers by
// status.
func raceSignIns(t *testing.T, c *client, emails []string) map[int]int {
	t.Helper()
	start := make(chan struct{})
	statuses := make(chan int, len(emails))
	var wg sync.WaitGroup
	for _, email := range emails {
		body, _ := json.Marshal(map[string]string{"email": email, "password": "not the password"})
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", c.srv.URL+"/api/v1/auth/token", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			<-start
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	close(statuses)
	got := map[int]int{}
	for st := range statuses {
		got[st]++
	}
	return got
}

// TestConcurrentWrongPasswords: 40 wrong passwords sent at once, on both
// engines, through the real router. Exactly the limit is answered 401 and
// every other try 429 (none lost, none a 5xx), and then even the right
// password waits. Spread over accounts each under its own limit, the same
// holds for the limit per address.
func TestConcurrentWrongPasswords(t *testing.T) {
	const tries, maxAccount, maxAddress = 40, 10, 30
	each(t, func(t *testing.T, c *client) {
		t.Run("one_account", func(t *testing.T) {
			c.userToken("raced@example.org", indicators.RoleOfficer, "LY")
			emails := make([]string, tries)
			for i := range emails {
				emails[i] = "raced@example.org"
			}
			got := raceSignIns(t, c, emails)
			if got[http.StatusUnauthorized] != maxAccount || got[http.StatusTooManyRequests] != tries-maxAccount {
				t.Fatalf("answers by status %v: want %d × 401 and %d × 429", got, maxAccount, tries-maxAccount)
			}
			body, _ := json.Marshal(map[string]string{"email": "raced@example.org", "password": "correct horse battery"})
			resp, answer := exchange(t, c.srv.URL, httpCall{method: "POST", path: "/api/v1/auth/token", ctype: "application/json", body: string(body)})
			retryAfter(t, resp, answer)
		})
		t.Run("one_address", func(t *testing.T) {
			// The first subtest counted 10 failures for this address; five
			// accounts with 8 tries each stay under their own limit.
			accounts := []string{"a@example.org", "b@example.org", "c@example.org", "d@example.org", "e@example.org"}
			for _, a := range accounts {
				c.userToken(a, indicators.RoleOfficer, "LY")
			}
			emails := make([]string, tries)
			for i := range emails {
				emails[i] = accounts[i%len(accounts)]
			}
			got := raceSignIns(t, c, emails)
			left := maxAddress - maxAccount
			if got[http.StatusUnauthorized] != left || got[http.StatusTooManyRequests] != tries-left {
				t.Fatalf("answers by status %v: want %d × 401 and %d × 429", got, left, tries-left)
			}
		})
	})
}
