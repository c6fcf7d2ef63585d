package migrations

import (
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// v14 adds single sign-on: external identities linked to users (one per provider and subject,
// at most one per user and provider), the sign-ins in flight (state, nonce, PKCE verifier),
// each consumed once, and the orgs whose accounts must sign in through a provider.

type v14ExternalIdentity struct {
	ID        int64     `gorm:"primaryKey"`
	UserID    int64     `gorm:"not null;uniqueIndex:ux_ext_identity_user,priority:1"`
	Provider  string    `gorm:"size:32;not null;uniqueIndex:ux_ext_identity,priority:1;uniqueIndex:ux_ext_identity_user,priority:2"`
	Subject   string    `gorm:"size:191;not null;uniqueIndex:ux_ext_identity,priority:2"`
	LinkedBy  *int64    // the admin who linked it; nil: the user, after a sign-in
	CreatedAt time.Time `gorm:"not null"`
}

func (v14ExternalIdentity) TableName() string { return "external_identities" }

type v14SSOState struct {
	ID        int64     `gorm:"primaryKey"`
	StateHash string    `gorm:"size:64;not null;uniqueIndex"`
	Provider  string    `gorm:"size:32;not null"`
	Purpose   string    `gorm:"size:16;not null"` // login or link
	UserID    *int64    // link: the signed-in user who started it
	Nonce     string    `gorm:"size:64;not null"`
	Verifier  string    `gorm:"size:128;not null"`
	ExpiresAt time.Time `gorm:"not null;index"`
	CreatedAt time.Time `gorm:"not null"`
}

func (v14SSOState) TableName() string { return "sso_states" }

type v14SSOOrgPolicy struct {
	OrgID     int64     `gorm:"primaryKey;autoIncrement:false"`
	UpdatedBy int64     `gorm:"not null"`
	UpdatedAt time.Time `gorm:"not null"`
}

func (v14SSOOrgPolicy) TableName() string { return "sso_required_orgs" }

func v14SSO(tx *gorm.DB) error {
	return database.CreateTables(tx, &v14ExternalIdentity{}, &v14SSOState{}, &v14SSOOrgPolicy{})
}
