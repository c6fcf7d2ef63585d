// Package vocab spells, once, the words that several domains, the API and the frontend share:
// submission statuses, task and target statuses, role names and org types with the named sets
// of org types the plan's wording uses.
//
// It is a leaf (it imports nothing of Tianbao), so submission, authz, org, campaign, rollup,
// export, metrics and the API all take these words from here instead of re-typing "approved" or
// "kindergarten", and a misspelling is a compile error rather than a silent empty result. The
// domain packages keep their own names for them (submission.StatusApproved, org.TypeTown,
// authz.RoleLeader) as aliases of these.
//
// The frontend's src/api/vocab.ts is generated from these lists (go generate ./backend/vocab);
// a test here fails when it is out of date, and a test in package api holds openapi.yaml's enums
// to the same lists. Migrations keep their literals: they are history and must not move.
package vocab

//go:generate go test -run TestFrontendVocab -update .

// SubmissionStatus is where one org's submission stands in its review:
// draft → submitted → approved, or submitted → returned → submitted …
type SubmissionStatus string

// Submission statuses.
const (
	StatusDraft     SubmissionStatus = "draft"
	StatusSubmitted SubmissionStatus = "submitted"
	StatusReturned  SubmissionStatus = "returned"
	StatusApproved  SubmissionStatus = "approved"
)

// SubmissionStatuses lists every submission status, in workflow order.
var SubmissionStatuses = []SubmissionStatus{StatusDraft, StatusSubmitted, StatusReturned, StatusApproved}

// HandedIn are the statuses of a submission its org has handed in: the data a reviewer has seen,
// which provisional figures count and exports contain.
var HandedIn = []SubmissionStatus{StatusSubmitted, StatusApproved}

// NotHandedIn are the statuses of a submission its org still owes: never submitted, or returned
// for changes. They are the ones a filler may edit.
var NotHandedIn = []SubmissionStatus{StatusDraft, StatusReturned}

// Editable reports whether a filler may change the values.
func (s SubmissionStatus) Editable() bool { return s == StatusDraft || s == StatusReturned }

// TaskNotStarted is the status of a task whose org has not opened its submission yet; a task with
// a submission has the submission's status.
const TaskNotStarted = "not_started"

// TaskStatuses lists every task status: not started, then the submission statuses.
var TaskStatuses = append([]string{TaskNotStarted}, Strings(SubmissionStatuses)...)

// An indicator's standing against its target.
const (
	TargetMet    = "met"
	TargetNotMet = "not_met"
	// TargetInsufficient holds until enough of the expected orgs have reported: five schools of
	// 73 do not make a district figure.
	TargetInsufficient = "insufficient_data"
)

// TargetStatuses lists every target status.
var TargetStatuses = []string{TargetMet, TargetNotMet, TargetInsufficient}

// Role names, lowest to highest as far as granting goes.
const (
	RoleFiller   = "filler"
	RoleOrgAdmin = "org_admin"
	RoleReviewer = "reviewer"
	RoleLeader   = "leader"
	RoleSysadmin = "sysadmin"
)

// Roles lists every role, in the order the UI shows them.
var Roles = []string{RoleFiller, RoleOrgAdmin, RoleReviewer, RoleLeader, RoleSysadmin}

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool { return contains(Roles, r) }

// Strings returns words of any of these types as plain strings, for a query's IN list.
func Strings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func contains[T comparable](xs []T, x T) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
