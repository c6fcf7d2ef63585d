package config

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCheckJWTSecretRefusesGuessable(t *testing.T) {
	for name, s := range map[string]string{
		"env-example":        "change-me-to-64-hex-characters-from-openssl-rand-hex-32",
		"k8s-example":        "replace-with-openssl-rand-hex-32-output-64-characters-long",
		"empty":              "",
		"short":              "0123456789abcdef",
		"one-char":           strings.Repeat("s", 40),
		"one-class-letters":  "abcdefghijklmnopqrstuvwxyzabcdefghijklmnop",
		"repeated-pattern":   strings.Repeat("ab12", 12),
		"dictionary-words":   "correct-horse-battery-staple-password-2025",
		"word-with-digits":   "Tianbao2025Tianbao2025Tianbao2025!",
		"few-distinct-chars": "a1a1b2b2a1b1a2b2a1a1b2b2a1b1a2b2a1",
	} {
		t.Run(name, func(t *testing.T) {
			err := CheckJWTSecret(s)
			if err == nil {
				t.Fatalf("%q accepted", s)
			}
			if !strings.Contains(err.Error(), "TIANBAO_JWT_SECRET") || !strings.Contains(err.Error(), "openssl rand") {
				t.Fatalf("the refusal %q does not name the variable and say how to make one", err)
			}
		})
	}
}

func TestCheckJWTSecretAcceptsRandom(t *testing.T) {
	for i := 0; i < 200; i++ {
		var b32, b16 [32]byte
		_, _ = rand.Read(b32[:])
		_, _ = rand.Read(b16[:16])
		for _, s := range []string{hex.EncodeToString(b32[:]), hex.EncodeToString(b16[:16]), base64.StdEncoding.EncodeToString(b32[:])} {
			if err := CheckJWTSecret(s); err != nil {
				t.Fatalf("random %q refused: %v", s, err)
			}
		}
	}
}

// The shipped examples carry no secret at all, so a copied file stops the start with the how-to
// instead of signing with a published value; and no value ever shipped is accepted.
func TestExamplesShipNoSecret(t *testing.T) {
	root := filepath.Join("..", "..")
	line := regexp.MustCompile(`(?m)^[ \t]*TIANBAO_JWT_SECRET[ \t]*[:=][ \t]*(.*)$`)
	for _, f := range []string{"deploy/.env.example", "deploy/k8s/secret.example.yaml"} {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		m := line.FindAllStringSubmatch(string(b), -1)
		if len(m) == 0 {
			t.Fatalf("%s does not mention TIANBAO_JWT_SECRET", f)
		}
		for _, v := range m {
			if val := strings.Trim(strings.TrimSpace(v[1]), `"'`); val != "" {
				t.Errorf("%s ships a JWT secret %q; ship it empty", f, val)
			}
		}
	}
}
