package vocab

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite frontend/src/api/vocab.ts from this package")

// frontendFile is the frontend's copy of the vocabulary, relative to this package.
var frontendFile = filepath.Join("..", "..", "frontend", "src", "api", "vocab.ts")

// TestFrontendVocab holds the frontend's copy to these lists: with -update (go generate) it
// writes the file, otherwise it fails when the file is not what this package would write.
func TestFrontendVocab(t *testing.T) {
	want := frontendVocab()
	if *update {
		if err := os.WriteFile(frontendFile, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(frontendFile)
	if err != nil {
		t.Fatalf("%v (run go generate ./backend/vocab)", err)
	}
	if string(got) != want {
		t.Fatalf("%s is out of date with package vocab: run go generate ./backend/vocab", frontendFile)
	}
}

// frontendVocab writes vocab.ts: for each kind of word, a const object of named values, the
// union type of its values and the list in the backend's order.
func frontendVocab() string {
	var b strings.Builder
	b.WriteString(`// Code generated from backend/vocab by "go generate ./backend/vocab"; DO NOT EDIT.
// The words the backend spells once (statuses, roles, org types); a Go test in backend/vocab fails
// when this file falls behind the Go lists. Labels stay in i18n, keyed by these values.
`)
	enum(&b, "SubmissionStatus", "SUBMISSION_STATUSES", "Where one org's submission stands in its review, in workflow order.",
		Strings(SubmissionStatuses))
	list(&b, "HANDED_IN", "SubmissionStatus", "Statuses of a submission its org has handed in: what a reviewer has seen.", Strings(HandedIn))
	list(&b, "NOT_HANDED_IN", "SubmissionStatus", "Statuses of a submission its org still owes (never submitted, or returned): the editable ones.",
		Strings(NotHandedIn))
	enum(&b, "TaskStatus", "TASK_STATUSES", "A task's status: not_started until its org opens the submission, then the submission's.",
		TaskStatuses)
	enum(&b, "TargetStatus", "TARGET_STATUSES", "An indicator's standing against its target; insufficient_data until enough orgs reported.",
		TargetStatuses)
	enum(&b, "Role", "ROLES", "Role names, lowest to highest as far as granting goes (the order the UI shows).", Roles)
	enum(&b, "OrgType", "ORG_TYPES", "The kinds of org unit.", Strings(OrgTypes))
	enum(&b, "MeasureStatus", "MEASURE_STATUSES", "Where a unit says a measure stands in its progress report.", Strings(MeasureStatuses))
	enum(&b, "NoticeLevel", "NOTICE_LEVELS", "A supervision notice's escalation step: 提醒 → 督办 → 通报.", Strings(NoticeLevels))
	enum(&b, "NoticeStatus", "NOTICE_STATUSES", "Where a supervision notice stands.", Strings(NoticeStatuses))
	enum(&b, "ReviewLevel", "REVIEW_LEVELS", "The steps of multi-level review, bottom-up: a campaign's levels are an ordered subset.",
		Strings(ReviewLevels))
	enum(&b, "NoticeReason", "NOTICE_REASONS", "Why a reviewer issues a supervision notice.", NoticeReasons)

	keys := make([]string, 0, len(OrgTypeSets))
	for k := range OrgTypeSets {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b.WriteString("\n/** The named groups of org types the plan's wording uses (an indicator's applies_to). */\n")
	b.WriteString("export const ORG_TYPE_SETS = {\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "  %s: %s,\n", k, tsList(Strings(OrgTypeSets[k])))
	}
	b.WriteString("} as const satisfies Record<string, readonly OrgType[]>\n")
	b.WriteString("export type OrgTypeSet = keyof typeof ORG_TYPE_SETS\n")
	return b.String()
}

func enum(b *strings.Builder, name, listName, doc string, values []string) {
	fmt.Fprintf(b, "\n/** %s */\nexport const %s = {\n", doc, name)
	for _, v := range values {
		fmt.Fprintf(b, "  %s: '%s',\n", pascal(v), v)
	}
	fmt.Fprintf(b, "} as const\nexport type %s = (typeof %s)[keyof typeof %s]\n", name, name, name)
	fmt.Fprintf(b, "export const %s: readonly %s[] = %s\n", listName, name, tsList(values))
}

func list(b *strings.Builder, name, elem, doc string, values []string) {
	fmt.Fprintf(b, "/** %s */\nexport const %s: readonly %s[] = %s\n", doc, name, elem, tsList(values))
}

func tsList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "'" + v + "'"
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// pascal names a value for its const object: not_started → NotStarted.
func pascal(v string) string {
	parts := strings.Split(v, "_")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}

// The lists hold no value twice, and every set names known types.
func TestListsWellFormed(t *testing.T) {
	for name, xs := range map[string][]string{"SubmissionStatuses": Strings(SubmissionStatuses), "TaskStatuses": TaskStatuses,
		"TargetStatuses": TargetStatuses, "Roles": Roles, "OrgTypes": Strings(OrgTypes),
		"MeasureStatuses": Strings(MeasureStatuses), "NoticeLevels": Strings(NoticeLevels), "NoticeStatuses": Strings(NoticeStatuses),
		"NoticeReasons": NoticeReasons, "ReviewLevels": Strings(ReviewLevels)} {
		seen := map[string]bool{}
		for _, x := range xs {
			if x == "" || seen[x] {
				t.Errorf("%s: empty or repeated %q", name, x)
			}
			seen[x] = true
		}
	}
	for k, set := range OrgTypeSets {
		for _, ty := range set {
			if !ty.Valid() {
				t.Errorf("OrgTypeSets[%s]: unknown type %q", k, ty)
			}
		}
	}
	for _, s := range SubmissionStatuses {
		if s.Editable() != contains(NotHandedIn, s) || contains(HandedIn, s) == contains(NotHandedIn, s) {
			t.Errorf("%s: handed in and editable disagree", s)
		}
	}
}
