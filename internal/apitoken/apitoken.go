// Package apitoken makes and recognises personal API tokens. A token is "ll_" and 52
// characters of base32 (256 random bits): the prefix lets secret scanners and people
// recognise a leaked one, and the alphabet (a–z, 2–7) survives a double click, a URL
// and a shell without quoting. Only its SHA-256 is stored.
package apitoken

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
)

// Prefix starts every token.
const Prefix = "ll_"

// secretBytes is the token's randomness: 256 bits.
const secretBytes = 32

// shownChars is how much of the secret after the prefix the tokens page shows.
const shownChars = 8

var encoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// Len is the length of a token.
var Len = len(Prefix) + encoding.EncodedLen(secretBytes)

// New returns a new token, the part of it shown on the tokens page, and its hash.
func New() (secret, shown, hash string) {
	b := make([]byte, secretBytes)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	secret = Prefix + encoding.EncodeToString(b)
	return secret, Shown(secret), Hash(secret)
}

// Shown is the start of a token: enough to tell it apart, too little to use.
func Shown(secret string) string { return secret[:len(Prefix)+shownChars] }

// Hash is what the database keeps of a token: its SHA-256 in hex.
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// WellFormed reports whether s has a token's shape, so that anything else is refused
// without a database lookup.
func WellFormed(s string) bool {
	if len(s) != Len || !strings.HasPrefix(s, Prefix) {
		return false
	}
	_, err := encoding.DecodeString(s[len(Prefix):])
	return err == nil
}
