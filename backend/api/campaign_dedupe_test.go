package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// TestCampaignOneTaskPerOrg: an org is asked once per form and period; a school added later
// joins the open campaign.
func TestCampaignOneTaskPerOrg(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		admin := e.Login("admin")
		deadline := e.Clock.Now().Add(10 * 24 * time.Hour)
		t.Run("create-422-no-targets-when-demo-campaign-covers-them", func(t *testing.T) {
			r := e.Do(http.MethodPost, "/api/v1/campaigns", admin, map[string]any{"form": "teacher-training", "period": "2025", "deadline": deadline})
			if r.Status != http.StatusUnprocessableEntity || r.JSON(t)["errors"].([]any)[0].(map[string]any)["code"] != "no_targets" {
				t.Fatalf("got %d %s", r.Status, r.Body)
			}
		})
		t.Run("add-tasks-gives-a-new-school-its-task", func(t *testing.T) {
			ctx := context.Background()
			root, _ := e.App.Orgs.ByCode(ctx, "qjjw")
			sc := scope.Of(root.Path)
			town, _ := e.App.Orgs.ByCode(ctx, "town-chengnan")
			if _, err := e.App.Orgs.Create(ctx, sc, org.NewOrg{ParentID: town.ID, Code: "new-school", Name: "新建小学", Type: org.TypePrimary}, org.Effects{}); err != nil {
				t.Fatal(err)
			}
			cs, _, err := e.App.Campaigns.List(ctx, sc, "teacher-training", "2025", 1, 1)
			if err != nil || len(cs) != 1 {
				t.Fatalf("campaigns %v %v", cs, err)
			}
			n, err := e.App.Campaigns.AddTasks(ctx, 1, sc, cs[0].ID)
			if err != nil || n != 1 {
				t.Fatalf("added %d tasks, %v; want 1", n, err)
			}
			if n, _ = e.App.Campaigns.AddTasks(ctx, 1, sc, cs[0].ID); n != 0 {
				t.Fatalf("second AddTasks added %d", n)
			}
		})
	})
}
