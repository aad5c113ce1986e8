package views

import (
	"unicode"
	"unicode/utf8"
)

// AppName is the staff workspace's name, in its header, its page titles and the
// sign-in pages. (The public pages carry the product's name, Content.Product.)
const AppName = "Leadline"

// FieldLabel is how a lead's field is named to people, wherever it appears: the forms,
// the list's headers, the conflict view and, mid-sentence, the history. field is the
// name the history records and the forms post ("next_action_at").
func FieldLabel(field string) string {
	switch field {
	case "name":
		return "Name"
	case "email":
		return "Email"
	case "company":
		return "Company"
	case "phone":
		return "Phone"
	case "message":
		return "Message"
	case "status":
		return "Status"
	case "owner":
		return "Owner"
	case "next_action_at":
		return "Follow-up date"
	}
	return field
}

// fieldInSentence is FieldLabel inside a sentence ("Ana changed follow-up date from …").
func fieldInSentence(field string) string {
	l := FieldLabel(field)
	r, n := utf8.DecodeRuneInString(l)
	return string(unicode.ToLower(r)) + l[n:]
}

// formerUser stands for a user whose account is gone. It is written as it reads in the
// middle of a sentence; the start of one capitalises it (personAtStart).
const formerUser = "a former user"

// Person is how a user is named in a sentence or a cell: their name, or "a former
// user" when the account is gone (name is empty).
func Person(name string) string {
	if name == "" {
		return formerUser
	}
	return name
}

// personAtStart is Person at the start of a sentence.
func personAtStart(name string) string {
	p := Person(name)
	r, n := utf8.DecodeRuneInString(p)
	return string(unicode.ToUpper(r)) + p[n:]
}
