package vocab

// ReviewLevel is a step of multi-level review, named by where in the org tree its reviewers sit.
// A submission climbs the levels of its campaign from the bottom: a village school's figures go
// to its 中心校, then its town or 学区, then the bureau; a department's go straight to the bureau,
// because the levels it has no ancestor for are skipped.
type ReviewLevel string

// Review levels, bottom-up.
const (
	// LevelSchool is reviewed at the nearest enclosing school (a town's 中心校 over its 村小).
	LevelSchool ReviewLevel = "school"
	// LevelTown is reviewed at the nearest enclosing town or 学区 (org type town).
	LevelTown ReviewLevel = "town"
	// LevelDistrict is reviewed at the root of the tree, the bureau; it is always the last.
	LevelDistrict ReviewLevel = "district"
)

// ReviewLevels lists every review level, bottom-up: a campaign's levels are an ordered subset.
// A campaign that names none has one step, as before levels existed: any reviewer whose subtree
// holds the org approves or returns, and that approval is final.
var ReviewLevels = []ReviewLevel{LevelSchool, LevelTown, LevelDistrict}

// ValidReviewLevel reports whether s is a known review level.
func ValidReviewLevel(s string) bool { return contains(ReviewLevels, ReviewLevel(s)) }

// Rank is the level's place bottom-up (school 0, town 1, district 2); -1 for an unknown one.
func (l ReviewLevel) Rank() int {
	for i, x := range ReviewLevels {
		if x == l {
			return i
		}
	}
	return -1
}

// ReviewedBy reports whether an org of type t that is a proper ancestor of a submission's org
// (or, for the district level, the root itself) reviews at level l.
func (l ReviewLevel) ReviewedBy(t OrgType, isRoot bool) bool {
	switch l {
	case LevelDistrict:
		return isRoot
	case LevelTown:
		return t == OrgTown
	case LevelSchool:
		return contains(OrgTypeSets["schools_and_kindergartens"], t) || contains(OrgTypeSets["vocational"], t)
	}
	return false
}

// Review transitions: the one lifecycle of a submission under review. Each names the status it
// leaves from and the status it reaches; whether it ends at a level or the next one is decided by
// the submission's chain of levels (Chain).
const (
	ActionSubmit = "submit" // draft or returned → submitted, waiting at the first level
	// ActionPass is a level's approval that is not the last: submitted at one level → the next.
	ActionPass    = "pass"
	ActionApprove = "approve" // the last level's approval: submitted → approved
	ActionReturn  = "return"  // submitted → returned to the org that filled it in
	// ActionReturnBelow is a level's return to the level under it: submitted → submitted, one level down.
	ActionReturnBelow = "return_below"
	ActionReopen      = "reopen" // approved → returned
)

// Transition is one allowed move of the review lifecycle.
type Transition struct {
	Action string
	From   SubmissionStatus
	To     SubmissionStatus
}

// Transitions lists the review lifecycle. A filler submits; a reviewer at the level a submission
// waits at passes, approves or returns it; a reviewer reopens an approved one.
var Transitions = []Transition{
	{ActionSubmit, StatusDraft, StatusSubmitted},
	{ActionSubmit, StatusReturned, StatusSubmitted},
	{ActionPass, StatusSubmitted, StatusSubmitted},
	{ActionApprove, StatusSubmitted, StatusApproved},
	{ActionReturn, StatusSubmitted, StatusReturned},
	{ActionReturnBelow, StatusSubmitted, StatusSubmitted},
	{ActionReopen, StatusApproved, StatusReturned},
}

// Allowed reports whether action may start from status from.
func Allowed(action string, from SubmissionStatus) bool {
	for _, t := range Transitions {
		if t.Action == action && t.From == from {
			return true
		}
	}
	return false
}

// Facts carry where their submission stands, so the rollup can total official figures (approved),
// provisional ones (handed in) and what each level has passed, from the same maintained totals.
// A submission waiting at the district level keeps the plain submitted status (as with one level).
const (
	factWaitingPrefix = "waiting_"
)

// FactStatus is the status a submission's facts carry: its own, or for a submitted one the level
// it waits at ("waiting_town"); waiting at the district is plain "submitted".
func FactStatus(s SubmissionStatus, waiting ReviewLevel) string {
	if s != StatusSubmitted || waiting == "" || waiting == LevelDistrict {
		return string(s)
	}
	return factWaitingPrefix + string(waiting)
}

// HandedInFacts are the fact statuses of everything handed in: provisional figures.
func HandedInFacts() []string {
	out := []string{string(StatusApproved)}
	for _, l := range ReviewLevels {
		out = append(out, FactStatus(StatusSubmitted, l))
	}
	return out
}

// PassedFacts are the fact statuses of what level l has passed: approved, and everything waiting
// at a level above l (a department waiting at the bureau skipped the town, so the town counts it).
func PassedFacts(l ReviewLevel) []string {
	out := []string{string(StatusApproved)}
	for _, x := range ReviewLevels {
		if x.Rank() > l.Rank() {
			out = append(out, FactStatus(StatusSubmitted, x))
		}
	}
	return out
}
