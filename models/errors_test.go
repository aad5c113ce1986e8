package models

import (
	"errors"
	"fmt"
	"testing"
)

func TestValidationErrorIsErrInvalid(t *testing.T) {
	var v ValidationError
	v.Add("email", "Enter an email address")
	err := fmt.Errorf("create user: %w", v.Err())
	var ve *ValidationError
	if !errors.Is(err, ErrInvalid) || !errors.As(err, &ve) || ve.Fields["email"] == "" {
		t.Errorf("%v: want errors.Is ErrInvalid and errors.As *ValidationError", err)
	}
	if errors.Is(err, ErrNotFound) || errors.Is(ErrNotFound, ErrInvalid) {
		t.Error("ErrInvalid matches other errors")
	}
}
