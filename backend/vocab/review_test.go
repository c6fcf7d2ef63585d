package vocab

import (
	"fmt"
	"testing"
)

// Fact statuses: waiting at the bureau is plain submitted (as with one step), lower levels are
// named, and each basis takes exactly the statuses it should.
func TestReviewFactStatuses(t *testing.T) {
	for _, c := range []struct {
		s    SubmissionStatus
		l    ReviewLevel
		want string
	}{
		{StatusSubmitted, "", "submitted"},
		{StatusSubmitted, LevelDistrict, "submitted"},
		{StatusSubmitted, LevelTown, "waiting_town"},
		{StatusSubmitted, LevelSchool, "waiting_school"},
		{StatusApproved, "", "approved"},
		{StatusReturned, LevelTown, "returned"}, // a level only means something while submitted
	} {
		if got := FactStatus(c.s, c.l); got != c.want {
			t.Errorf("FactStatus(%s, %q) = %s, want %s", c.s, c.l, got, c.want)
		}
		if len(FactStatus(c.s, c.l)) > 16 {
			t.Errorf("%s does not fit the 16-character status columns", FactStatus(c.s, c.l))
		}
	}
	for l, want := range map[ReviewLevel]string{
		LevelSchool: "[approved waiting_town submitted]",
		LevelTown:   "[approved submitted]",
	} {
		if got := fmt.Sprint(PassedFacts(l)); got != want {
			t.Errorf("PassedFacts(%s) = %s, want %s", l, got, want)
		}
	}
	if got := fmt.Sprint(HandedInFacts()); got != "[approved waiting_school waiting_town submitted]" {
		t.Errorf("HandedInFacts = %s", got)
	}
}

func TestReviewTransitions(t *testing.T) {
	for _, c := range []struct {
		action string
		from   SubmissionStatus
		want   bool
	}{
		{ActionSubmit, StatusDraft, true}, {ActionSubmit, StatusReturned, true}, {ActionSubmit, StatusSubmitted, false},
		{ActionPass, StatusSubmitted, true}, {ActionApprove, StatusSubmitted, true}, {ActionApprove, StatusApproved, false},
		{ActionReturn, StatusSubmitted, true}, {ActionReturn, StatusDraft, false}, {ActionReturnBelow, StatusSubmitted, true},
		{ActionReopen, StatusApproved, true}, {ActionReopen, StatusSubmitted, false},
	} {
		if got := Allowed(c.action, c.from); got != c.want {
			t.Errorf("Allowed(%s, %s) = %v, want %v", c.action, c.from, got, c.want)
		}
	}
	if LevelSchool.Rank() >= LevelTown.Rank() || LevelTown.Rank() >= LevelDistrict.Rank() || ReviewLevel("x").Rank() != -1 {
		t.Error("levels are not ranked bottom-up")
	}
	if !LevelTown.ReviewedBy(OrgTown, false) || LevelTown.ReviewedBy(OrgPrimary, false) || !LevelDistrict.ReviewedBy(OrgBureau, true) ||
		LevelDistrict.ReviewedBy(OrgTown, false) || !LevelSchool.ReviewedBy(OrgPrimary, false) || LevelSchool.ReviewedBy(OrgDepartment, false) {
		t.Error("ReviewedBy: wrong org types")
	}
}
