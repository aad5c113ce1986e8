package models

import (
	"net/mail"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// checkText validates one text field: well-formed UTF-8, no control characters (except
// line breaks and tabs where multiline), and at most max characters. It returns the
// message for the field, or "" when the value is fine.
func checkText(label, value string, max int, multiline bool) string {
	if !utf8.ValidString(value) {
		return label + " contains characters that are not valid text"
	}
	for _, r := range value {
		if r == '\n' || r == '\r' || r == '\t' {
			if multiline {
				continue
			}
			return label + " must be on one line"
		}
		if unicode.IsControl(r) {
			return label + " contains characters that are not allowed"
		}
	}
	if n := utf8.RuneCountInString(value); n > max {
		return label + " must be " + strconv.Itoa(max) + " characters or fewer"
	}
	return ""
}

// validEmail accepts a bare address with a local part and a dotted domain, as people type
// it; display names ("Ann <a@b.c>") and other RFC 5322 oddities are refused.
func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at == len(s)-1 || strings.ContainsAny(s, " \t<>()[],;:\"\\") {
		return false
	}
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return false
	}
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Address == s && addr.Name == ""
}

// LooksLikeEmail reports whether s could be a user's address: text of at most MaxEmail
// characters with no control characters, in the shape of an address. Sign-in looks up
// only such strings, so bytes the database refuses (a NUL, invalid UTF-8) never reach it.
func LooksLikeEmail(s string) bool {
	return checkText("Email address", s, MaxEmail, false) == "" && validEmail(s)
}

// NormalizeEmail is the form an address is compared in: trimmed and lower-cased.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
