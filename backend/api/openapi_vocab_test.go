package api_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// The document's enums of statuses, roles and org types are vocab's lists, in vocab's order, so
// the contract cannot drift from the words the code uses (frontend/src/api/vocab.ts is generated
// from the same lists).
func TestOpenAPIEnumsAreVocab(t *testing.T) {
	doc := loadOpenAPI(t)
	for name, want := range map[string][]string{
		"SubmissionStatus": vocab.Strings(vocab.SubmissionStatuses),
		"Role":             vocab.Roles,
		"OrgType":          vocab.Strings(vocab.OrgTypes),
		"TaskStatus":       vocab.TaskStatuses,
		"TargetStatus":     vocab.TargetStatuses,
		"MeasureStatus":    vocab.Strings(vocab.MeasureStatuses),
		"NoticeLevel":      vocab.Strings(vocab.NoticeLevels),
		"NoticeStatus":     vocab.Strings(vocab.NoticeStatuses),
		"NoticeReason":     vocab.NoticeReasons,
		"ReviewLevel":      vocab.Strings(vocab.ReviewLevels),
		"Basis":            basisNames(),
	} {
		ref := doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			t.Errorf("components.schemas.%s is missing", name)
			continue
		}
		got := make([]string, len(ref.Value.Enum))
		for i, v := range ref.Value.Enum {
			got[i] = fmt.Sprint(v)
		}
		if !slices.Equal(got, want) {
			t.Errorf("components.schemas.%s enum = %v, want vocab's %v", name, got, want)
		}
	}
}

func basisNames() []string {
	var out []string
	for _, b := range rollup.Bases() {
		out = append(out, string(b))
	}
	return out
}
