package migrations

import "gorm.io/gorm"

// v6OwnStanding lets a school's own users, org_admin and filler, read their own org's standing on
// the plan's targets beside the district's aggregate (rollup:read_own: GET /indicators in the own
// view). rollup:read, a subtree's figures with its failing and missing orgs, stays with reviewers
// and leaders.
func v6OwnStanding(tx *gorm.DB) error {
	for _, role := range []string{"org_admin", "filler"} {
		row := v1CasbinRule{Ptype: "p", V0: role, V1: "*", V2: "rollup", V3: "read_own"}
		if err := tx.Where(row).FirstOrCreate(&row).Error; err != nil {
			return err
		}
	}
	return nil
}
