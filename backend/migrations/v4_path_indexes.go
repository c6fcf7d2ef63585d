package migrations

import "gorm.io/gorm"

// v4PathIndexes lets a town's (or any subtree's) rollup read only its own orgs' contributions:
// an index on the path that subtree ranges use.
func v4PathIndexes(tx *gorm.DB) error {
	if tx.Migrator().HasIndex("indicator_facts", "ix_indicator_fact_path") {
		return nil
	}
	return tx.Exec("CREATE INDEX ix_indicator_fact_path ON indicator_facts (org_path, period, status)").Error
}
