package api_test

// A detail narrowed to one town (issue 13, the leader's drill-down): org_id limits the headline,
// the breakdown and the lists to that org's subtree, within the caller's scope.

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

func TestIndicatorDetailOrgID(t *testing.T) {
	t.Parallel()
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		r := rlNew(t, kind)
		pgTown(t, r)
		town := r.OrgID("pg-town")
		q := fmt.Sprintf("period=2025&group_by=org&sort=failing&org_id=%d", town)

		// The district's leader asks for the paging town: its 60 reporting schools, failing first,
		// its 20 failing and 15 missing, nothing from other towns.
		d := r.detail(t, "leader", "training.spend_ratio", q+"&page_size=30")
		if d.GroupsTotal != pgReported || len(d.Groups) != 30 || d.FailingTotal != pgFailing || d.MissingTotal != pgSchools-pgReported {
			t.Fatalf("org_id=town: %d of %d groups, %d failing, %d missing", len(d.Groups), d.GroupsTotal, d.FailingTotal, d.MissingTotal)
		}
		for i, g := range d.Groups {
			want := "met"
			if i < pgFailing {
				want = "not_met"
			}
			if !strings.HasPrefix(g.Label, "分页镇") || deref(g.Status) != want {
				t.Errorf("group %d: %s %s, want a 分页镇 school %s", i, g.Label, deref(g.Status), want)
			}
		}
		for _, f := range append(d.FailingOrgs, d.MissingOrgs...) {
			if !strings.HasPrefix(f.Org.Code, "pg-") {
				t.Errorf("org_id=town lists %s", f.Org.Code)
			}
		}
		// The second page goes on from the 31st.
		d = r.detail(t, "leader", "training.spend_ratio", q+"&page=2&page_size=30")
		if len(d.Groups) != 30 || d.Groups[0].Label != fmt.Sprintf("分页镇第%03d小学", 31) {
			t.Errorf("page 2: %d groups from %v", len(d.Groups), d.Groups[:1])
		}

		// Another town's leader cannot name this town; nor can anyone name a bad id.
		r.grant(t, "cn-leader2", "town-chengnan", "leader")
		for user, query := range map[string]string{"cn-leader2": q, "leader": "period=2025&org_id=99999999", "pg-leader": "period=2025&org_id=x"} {
			res := r.as(t, user, http.MethodGet, "/api/v1/indicators/training.spend_ratio?"+query, nil)
			wantStatus(t, res, http.StatusUnprocessableEntity)
		}
	})
}
