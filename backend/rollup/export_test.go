package rollup

import (
	"context"

	"github.com/tianbao-edu/tianbao/backend/scope"
)

// ComputeSummary computes a summary without the cache, for benchmarks of the totals design.
func ComputeSummary(s *Service, ctx context.Context, sc scope.Scope, period string, basis Basis) (Summary, error) {
	return s.summary(ctx, sc, period, basis)
}
