package authz

// Grants returns p's grants whose role allows act on obj: the orgs p does it from. Scope merges
// them into subtrees; multi-level review needs each one, for the level its org reviews at.
func (en *Enforcer) Grants(p *Principal, obj, act string) ([]Grant, error) {
	var out []Grant
	for _, g := range p.Grants {
		ok, err := en.roleCan(g.Role, g.OrgPath, obj, act)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, g)
		}
	}
	return out, nil
}
