package config

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"
)

// SecretHowTo says how to make a JWT secret; every refusal ends with it.
const SecretHowTo = "generate one with: openssl rand -hex 32"

// ExampleSecrets are values that were ever shipped in an example file or a guide. Anyone can
// read them, so a server signing with one accepts tokens anybody can forge.
var ExampleSecrets = []string{
	"change-me-to-64-hex-characters-from-openssl-rand-hex-32",
	"replace-with-openssl-rand-hex-32-output-64-characters-long",
}

// placeholderWords are words a placeholder is made of and a random secret is not.
var placeholderWords = []string{"change", "replace", "example", "secret", "password", "passwd", "tianbao",
	"sample", "dummy", "placeholder", "default", "changeme", "qwerty", "123456", "abcdef"}

// minSecretBits is the least estimated entropy accepted: a random 32-character hex string
// scores about 110, 64 hex characters about 230, a repeated word far less.
const minSecretBits = 96

// CheckJWTSecret refuses a JWT secret that anyone could guess: shorter than 32 characters, a
// shipped example, made of placeholder words, of a single character class, or of too few
// distinct characters to carry minSecretBits bits.
func CheckJWTSecret(s string) error {
	if s == "" {
		return errors.New("TIANBAO_JWT_SECRET is empty; " + SecretHowTo)
	}
	if len(s) < 32 {
		return fmt.Errorf("TIANBAO_JWT_SECRET must be at least 32 characters; %s", SecretHowTo)
	}
	for _, ex := range ExampleSecrets {
		if strings.TrimSpace(s) == ex {
			return fmt.Errorf("TIANBAO_JWT_SECRET is the published example value, so anyone can sign tokens; %s", SecretHowTo)
		}
	}
	low := strings.ToLower(s)
	for _, w := range placeholderWords {
		if strings.Contains(low, w) {
			return fmt.Errorf("TIANBAO_JWT_SECRET contains %q and looks like a placeholder, not a random value; %s", w, SecretHowTo)
		}
	}
	var classes [4]bool
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			classes[0] = true
		case unicode.IsUpper(r):
			classes[1] = true
		case unicode.IsDigit(r):
			classes[2] = true
		default:
			classes[3] = true
		}
	}
	n := 0
	for _, c := range classes {
		if c {
			n++
		}
	}
	if n < 2 {
		return fmt.Errorf("TIANBAO_JWT_SECRET uses a single kind of character (only letters, only digits...); %s", SecretHowTo)
	}
	if bits := entropyBits(s); bits < minSecretBits {
		return fmt.Errorf("TIANBAO_JWT_SECRET is too predictable (about %.0f bits, want %d: too few distinct characters or a repeated pattern); %s", bits, minSecretBits, SecretHowTo)
	}
	return nil
}

// entropyBits estimates a string's entropy from its character frequencies (Shannon) times its
// length, less what repeating a chunk adds: "ab12ab12ab12..." scores as "ab12" does.
func entropyBits(s string) float64 {
	rs := []rune(s)
	if p := period(rs); p < len(rs) {
		rs = rs[:p]
	}
	freq := map[rune]int{}
	for _, r := range rs {
		freq[r]++
	}
	var h float64
	for _, c := range freq {
		p := float64(c) / float64(len(rs))
		h -= p * math.Log2(p)
	}
	return h * float64(len(rs))
}

// period returns the length of the shortest chunk whose repetition (the last copy possibly cut
// short) makes rs.
func period(rs []rune) int {
	for p := 1; p < len(rs); p++ {
		ok := true
		for i := p; i < len(rs); i++ {
			if rs[i] != rs[i-p] {
				ok = false
				break
			}
		}
		if ok {
			return p
		}
	}
	return len(rs)
}
