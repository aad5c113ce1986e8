package password

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestProductionCost(t *testing.T) {
	h := &Hasher{cost: DefaultCost}
	hash, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if cost, _ := bcrypt.Cost([]byte(hash)); cost != 12 {
		t.Errorf("cost %d, want 12", cost)
	}
}

func TestHashAndCheck(t *testing.T) {
	h, err := New(bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !h.Check(hash, "correct horse battery") {
		t.Error("right password refused")
	}
	if h.Check(hash, "correct horse batterY") || h.Check("", "anything") || h.Check("", "") {
		t.Error("wrong password accepted")
	}
	if cost, _ := bcrypt.Cost(h.dummy()); cost != bcrypt.MinCost {
		t.Errorf("the dummy hash costs %d, not the same as real ones", cost)
	}
	if len(Generate()) != 22 || Generate() == Generate() {
		t.Error("generated passwords")
	}
}
