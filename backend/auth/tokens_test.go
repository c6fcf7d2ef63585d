package auth

import (
	"testing"
	"time"
)

func TestSessionClaim(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	s, err := NewSigner([]byte("0123456789abcdef0123456789abcdef"), 15*time.Minute, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.SignSession(7, 3, "family-1")
	if err != nil {
		t.Fatal(err)
	}
	uid, tv, sid, err := s.VerifySession(tok)
	if err != nil || uid != 7 || tv != 3 || sid != "family-1" {
		t.Fatalf("round trip: %d %d %q %v", uid, tv, sid, err)
	}
	// A token signed without a session verifies, with no session: the API refuses it.
	tok, err = s.Sign(7, 3)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, sid, err := s.VerifySession(tok); err != nil || sid != "" {
		t.Fatalf("no session: %q %v", sid, err)
	}
	if _, _, _, err := s.VerifySession(tok + "x"); err == nil {
		t.Fatal("a tampered token verified")
	}
}

func TestSessionLiveWithoutSession(t *testing.T) {
	s := &Service{}
	if live, err := s.SessionLive(t.Context(), ""); live || err != nil {
		t.Fatalf("a token without a session must not be live: %v %v", live, err)
	}
}
