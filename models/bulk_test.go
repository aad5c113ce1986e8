package models

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParseBulkItems(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		got, err := ParseBulkItems([]string{"7:2", "9:1", "7:5"})
		if err != nil || len(got) != 2 || got[0] != (BulkItem{7, 2}) || got[1] != (BulkItem{9, 1}) {
			t.Errorf("%v %v", got, err)
		}
		if got[0].String() != "7:2" {
			t.Errorf("String %q", got[0].String())
		}
	})
	for _, bad := range []string{"", "7", "7:", ":2", "0:1", "7:0", "-7:1", "x:1", "7:1:1"} {
		t.Run("Bad"+strconv.Quote(bad), func(t *testing.T) {
			if _, err := ParseBulkItems([]string{bad}); !errors.Is(err, ErrInvalid) {
				t.Errorf("%q: %v", bad, err)
			}
		})
	}
	t.Run("ErrTooMany", func(t *testing.T) {
		many := make([]string, MaxBulk+1)
		for i := range many {
			many[i] = strconv.Itoa(i+1) + ":1"
		}
		var ve *ValidationError
		if _, err := ParseBulkItems(many); !errors.As(err, &ve) || ve.Fields["ids"] == "" {
			t.Errorf("%d items: %v", len(many), err)
		}
	})
}

func TestValidateViewName(t *testing.T) {
	for name, ok := range map[string]bool{"Hot": true, "": false, "two\nlines": false, strings.Repeat("é", 61): false, strings.Repeat("é", 60): true} {
		if err := ValidateViewName(name); (err == nil) != ok {
			t.Errorf("%q: %v", name, err)
		}
	}
}
