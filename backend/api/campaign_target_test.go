package api_test

import (
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// A campaign opened for one town's primary schools gives tasks to exactly those orgs, names its
// target, refuses types its form does not apply to, and stays out of sight of another town's
// reviewer, who can neither target that town nor see the campaign.
func TestCampaignTargets(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		w := wfNew(t, kind)
		future := w.Clock.Now().Add(30 * 24 * time.Hour)
		town := w.OrgID("town-chengnan")
		var campaignID int64

		t.Run("campaign-201-town-primary-only", func(t *testing.T) {
			r := w.as("admin", http.MethodPost, "/api/v1/campaigns", map[string]any{"form": "compulsory", "period": "2023",
				"deadline": future, "org_id": town, "org_types": []string{"primary"}})
			wfWant(t, r, http.StatusCreated, "")
			var cp struct {
				ID        int64    `json:"id"`
				OrgID     int64    `json:"org_id"`
				OrgName   string   `json:"org_name"`
				OrgTypes  []string `json:"org_types"`
				TaskCount int64    `json:"task_count"`
			}
			r.Decode(t, &cp)
			campaignID = cp.ID
			if cp.OrgID != town || cp.OrgName != "城南街道" || fmt.Sprint(cp.OrgTypes) != "[primary]" {
				t.Fatalf("target: %s", r.Body)
			}
			// The orgs that got a task, read from the tables, against the tree's own answer.
			var got []string
			if err := w.App.DB.Table("tasks").Joins("JOIN orgs ON orgs.id = tasks.org_id").
				Where("tasks.campaign_id = ?", cp.ID).Order("orgs.code").Pluck("orgs.code", &got).Error; err != nil {
				t.Fatal(err)
			}
			want := w.wfTargetCount(t, "town-chengnan", []string{"primary"})
			if want < 2 || int64(len(got)) != want || cp.TaskCount != want {
				t.Fatalf("tasks for %v (task_count %d), want the %d primary schools of 城南", got, cp.TaskCount, want)
			}
			for _, code := range got {
				o := orgByID(t, w.Env, w.tok("admin"), w.OrgID(code))
				if o["type"] != "primary" || id(t, o, "town_id") != town {
					t.Errorf("task for %s (%v, town %v), not a primary school of 城南", code, o["type"], o["town_id"])
				}
			}
			if !contains(got, "cnxx") || contains(got, "xhzx") || contains(got, "wlxx") {
				t.Errorf("tasks %v: want cnxx, never xhzx (senior) or wlxx (another town)", got)
			}
		})

		t.Run("campaign-list-shows-target", func(t *testing.T) {
			r := w.as("admin", http.MethodGet, "/api/v1/campaigns?form=compulsory&period=2023", nil)
			wfWant(t, r, http.StatusOK, "")
			list, total := items(t, r)
			if total != 1 || list[0]["org_name"] != "城南街道" || fmt.Sprint(list[0]["org_types"]) != "[primary]" {
				t.Fatalf("list: %s", r.Body)
			}
		})

		for _, c := range []struct {
			name   string
			body   map[string]any
			fields []string
		}{
			{"campaign-422-type-not-in-form", map[string]any{"form": "kindergarten", "period": "2023", "deadline": future,
				"org_types": []string{"kindergarten", "primary"}}, []string{"org_types[1]=not_applicable"}},
			{"campaign-422-unknown-and-inapplicable", map[string]any{"form": "compulsory", "period": "2023", "deadline": future,
				"org_types": []string{"castle", "senior"}}, []string{"org_types[0]=invalid_org_type", "org_types[1]=not_applicable"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				p := wfWant(t, w.as("admin", http.MethodPost, "/api/v1/campaigns", c.body), http.StatusUnprocessableEntity, "")
				sort.Strings(c.fields)
				if got := wfFieldCodes(p); fmt.Sprint(got) != fmt.Sprint(c.fields) {
					t.Fatalf("want %v, got %v", c.fields, got)
				}
			})
		}

		// A reviewer of another town.
		admin := w.tok("admin")
		createUser(t, w.Env, admin, "zy-reviewer", "town-zhengyang", "reviewer")
		zy := loginPair(t, w.Env, "zy-reviewer", "Fixture@2025!").Access

		t.Run("campaign-422-other-town-reviewer-cannot-target", func(t *testing.T) {
			p := wfWant(t, w.Do(http.MethodPost, "/api/v1/campaigns", zy, map[string]any{"form": "compulsory", "period": "2022",
				"deadline": future, "org_id": town, "org_types": []string{"primary"}}), http.StatusUnprocessableEntity, "")
			if got := wfFieldCodes(p); fmt.Sprint(got) != "[org_id=not_found]" {
				t.Fatalf("got %v", got)
			}
			var n int64
			w.App.DB.Table("campaigns").Where("period = ?", "2022").Count(&n)
			if n != 0 {
				t.Fatalf("%d campaigns opened", n)
			}
		})

		t.Run("campaign-404-other-town-reviewer-cannot-see", func(t *testing.T) {
			wfWant(t, w.Do(http.MethodGet, fmt.Sprintf("/api/v1/campaigns/%d", campaignID), zy, nil), http.StatusNotFound, "")
			r := w.Do(http.MethodGet, "/api/v1/campaigns?form=compulsory&period=2023", zy, nil)
			wfWant(t, r, http.StatusOK, "")
			if list, total := items(t, r); total != 0 || len(list) != 0 {
				t.Fatalf("another town's reviewer sees %s", r.Body)
			}
		})

		t.Run("campaign-403-filler-cannot-open", func(t *testing.T) {
			wfWant(t, w.as("xhzx", http.MethodPost, "/api/v1/campaigns", map[string]any{"form": "compulsory", "period": "2022",
				"deadline": future, "org_id": town, "org_types": []string{"primary"}}), http.StatusForbidden, "")
		})
	})
}
