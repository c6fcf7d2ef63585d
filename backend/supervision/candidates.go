package supervision

import (
	"context"
	"sort"
	"time"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Candidate is a lapse a reviewer may issue a notice for: an overdue data task or a returned
// form left untouched, with the org, the form and period, and since when it lags.
type Candidate struct {
	Reason       string // vocab.ReasonTaskOverdue or vocab.ReasonReturnedUntouched
	OrgID        int64
	OrgCode      string
	OrgName      string
	FormCode     string
	Period       string
	SubmissionID *int64
	Since        time.Time // the task's deadline, or the return's last change
	Days         int       // whole days since then
}

// Lapses are the other domains' reads the candidates come from (the campaigns' overdue tasks,
// the submissions' returned forms left untouched), each within sc and at most limit.
type Lapses struct {
	OverdueTasks      func(ctx context.Context, sc scope.Scope, now time.Time, limit int) ([]Candidate, error)
	ReturnedUntouched func(ctx context.Context, sc scope.Scope, before time.Time, limit int) ([]Candidate, error)
}

// Limits on the candidate list.
const (
	DefaultUntouchedDays = 7
	MaxUntouchedDays     = 365
	MaxCandidates        = 200
)

// Candidates lists the lapses in sc (the caller's notice:issue scope) a notice may name: tasks past
// their deadline not handed in, and returned forms untouched for days (1 to 365; the API's
// default is DefaultUntouchedDays), longest-lagging first.
func (s *Service) Candidates(ctx context.Context, sc scope.Scope, days int) ([]Candidate, error) {
	if days < 1 || days > MaxUntouchedDays {
		return nil, errs.Invalid("days", "out_of_range", "days is 1 to 365")
	}
	now := s.d.Now()
	var out []Candidate
	if s.d.Lapses.OverdueTasks != nil {
		cs, err := s.d.Lapses.OverdueTasks(ctx, sc, now, MaxCandidates)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			c.Reason = vocab.ReasonTaskOverdue
			out = append(out, c)
		}
	}
	if s.d.Lapses.ReturnedUntouched != nil {
		cs, err := s.d.Lapses.ReturnedUntouched(ctx, sc, now.Add(-time.Duration(days)*24*time.Hour), MaxCandidates)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			c.Reason = vocab.ReasonReturnedUntouched
			out = append(out, c)
		}
	}
	for i := range out {
		out[i].Days = int(now.Sub(out[i].Since) / (24 * time.Hour))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Since.Equal(out[j].Since) {
			return out[i].Since.Before(out[j].Since)
		}
		return out[i].OrgCode < out[j].OrgCode
	})
	if len(out) > MaxCandidates {
		out = out[:MaxCandidates]
	}
	return out, nil
}
