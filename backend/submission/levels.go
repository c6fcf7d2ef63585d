package submission

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Seat is a place a reviewer reviews from: an org where they hold the review permission, and the
// level an org of its kind reviews at ("" when its kind reviews at none; such a seat still takes
// the one-step review of a campaign without levels, in its subtree, as every seat does).
type Seat struct {
	OrgID int64
	Path  string
	Level vocab.ReviewLevel
}

// Covers reports whether a reviewer at this seat may act on sub now: it is submitted, lies in the
// seat's subtree (below the seat, except at the district, whose seat is the root), and waits at
// the seat's level or one under it, or has one step only. A level above may act for the levels
// under it (DHIS2's "approve at lower levels"): the bureau can take a return or an approval out of
// an absent town's hands, and the history records it as the bureau's decision.
func (st Seat) Covers(sub Submission) bool {
	return sub.Status == StatusSubmitted && st.at(sub.ReviewLevel, sub.OrgPath)
}

// at reports whether the seat reviews an org at path waiting at level l ("" is one step: any seat
// over it).
func (st Seat) at(l vocab.ReviewLevel, path string) bool {
	switch {
	case !strings.HasPrefix(path, st.Path):
		return false
	case l == "":
		return true
	case st.Level == "" || st.Level.Rank() < l.Rank():
		return false
	case st.Level == vocab.LevelDistrict:
		return true
	}
	return path != st.Path
}

// deciding is the level a reviewer decides at for an org at path waiting at l: the highest of
// their seats that covers it; ok is false when none does.
func deciding(seats []Seat, l vocab.ReviewLevel, path string) (vocab.ReviewLevel, bool) {
	var best vocab.ReviewLevel
	ok := false
	for _, st := range seats {
		if st.at(l, path) {
			if !ok || st.Level.Rank() > best.Rank() {
				best = st.Level
			}
			ok = true
		}
	}
	if l == "" {
		best = "" // one step: no level decides
	}
	return best, ok
}

// levelOf is the level an org reviews at: the root reviews at the district, a town at the town, a
// school over its village schools at the school level; other kinds at none.
func levelOf(o org.Org) vocab.ReviewLevel { return levelOfType(o.Type, o.ParentID == nil) }

func levelOfType(t vocab.OrgType, isRoot bool) vocab.ReviewLevel {
	for _, l := range vocab.ReviewLevels {
		if l.ReviewedBy(t, isRoot) {
			return l
		}
	}
	return ""
}

// Seats turns a reviewer's grants of the review permission into seats.
func (s *Service) Seats(ctx context.Context, grants []authz.Grant) ([]Seat, error) {
	out := make([]Seat, 0, len(grants))
	for _, g := range grants {
		o, err := s.orgs.ByID(ctx, g.OrgID)
		if errors.Is(err, errs.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("review seat at org %d: %w", g.OrgID, err)
		}
		out = append(out, Seat{OrgID: o.ID, Path: o.Path, Level: levelOf(o)})
	}
	return out, nil
}

// Chain returns the levels a submission climbs, bottom-up: its campaign's levels that have a
// reviewer above its org (a department has no town above it and goes straight to the bureau).
// Empty is one step by any reviewer over the org: a campaign without levels, or no campaign.
func (s *Service) Chain(ctx context.Context, sub Submission) ([]vocab.ReviewLevel, error) {
	levels, err := s.campaigns.ReviewLevels(ctx, sub.OrgID, sub.FormCode, sub.Period)
	if errors.Is(err, errs.ErrNotFound) || (err == nil && len(levels) == 0) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ancestors, err := s.ancestors(ctx, sub.OrgPath)
	if err != nil {
		return nil, err
	}
	var out []vocab.ReviewLevel
	for _, l := range levels {
		for _, a := range ancestors {
			if l.ReviewedBy(a.Type, a.ParentID == nil) {
				out = append(out, l)
				break
			}
		}
	}
	if len(out) == 0 {
		// None of the campaign's levels sits above this org: the bureau reviews it.
		out = []vocab.ReviewLevel{vocab.LevelDistrict}
	}
	return out, nil
}

// ancestors loads the orgs above the one at path, and the root for the district level (which
// reviews the root's own submissions too).
func (s *Service) ancestors(ctx context.Context, path string) ([]org.Org, error) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	var out []org.Org
	for i, p := range parts {
		if i == len(parts)-1 && i > 0 {
			break // the org itself reviews nothing of its own, unless it is the root
		}
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("org path %q: %w", path, err)
		}
		o, err := s.orgs.ByID(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("ancestor %d of %q: %w", id, path, err)
		}
		out = append(out, o)
	}
	return out, nil
}

// above is the first level of chain above l; ok is false when l is the last.
func above(chain []vocab.ReviewLevel, l vocab.ReviewLevel) (vocab.ReviewLevel, bool) {
	for _, x := range chain {
		if x.Rank() > l.Rank() {
			return x, true
		}
	}
	return "", false
}

// below is the last level of chain under l; ok is false when l is the first.
func below(chain []vocab.ReviewLevel, l vocab.ReviewLevel) (vocab.ReviewLevel, bool) {
	out, ok := vocab.ReviewLevel(""), false
	for _, x := range chain {
		if x.Rank() < l.Rank() {
			out, ok = x, true
		}
	}
	return out, ok
}

// final is the level whose approval is final in chain ("" for one step).
func final(chain []vocab.ReviewLevel) vocab.ReviewLevel {
	if len(chain) == 0 {
		return ""
	}
	return chain[len(chain)-1]
}

var errNotYourLevel = errs.Coded(errs.ErrForbidden, "not_your_level",
	"this submission waits at a review level above yours; only that level's reviewers may act on it now")

// ReviewerOf seats p at every org it holds a role in, without asking casbin which roles review:
// for callers inside the process (demo data, tests) whose principal is known to be a reviewer.
// Requests go through the API, which seats only the grants that allow reviewing.
func (s *Service) ReviewerOf(ctx context.Context, p *authz.Principal) (Reviewer, error) {
	seats, err := s.Seats(ctx, p.Grants)
	return Reviewer{P: p, Seats: seats}, err
}
