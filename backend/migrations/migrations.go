// Package migrations lists Tianbao's schema versions in order. Each file is one step with its
// own frozen table definitions; the stores carry their own row types.
package migrations

import "github.com/tianbao-edu/tianbao/backend/platform/database"

// All is every migration, oldest first.
func All() []database.Migration {
	return []database.Migration{
		{Version: 1, Name: "foundation", Up: v1Foundation},
		{Version: 2, Name: "reporting", Up: v2Reporting},
		{Version: 3, Name: "indicator totals", Up: v3IndicatorTotals},
		{Version: 4, Name: "path indexes", Up: v4PathIndexes},
		{Version: 5, Name: "wide amounts", Up: v5WideAmounts},
		{Version: 6, Name: "own standing", Up: v6OwnStanding},
		{Version: 7, Name: "demo marks", Up: v7DemoMarks},
		{Version: 10, Name: "measures and supervision", Up: v10Measures},
		{Version: 11, Name: "notifications", Up: v11Notify},
		{Version: 13, Name: "carry forward", Up: v13Carry},
		{Version: 14, Name: "single sign-on", Up: v14SSO},
		{Version: 15, Name: "review levels", Up: v15ReviewLevels},
	}
}
