package migrations

import (
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// Frozen as of version 1.
type v1Org struct {
	ID        int64  `gorm:"primaryKey"`
	ParentID  *int64 `gorm:"index"`
	Code      string `gorm:"size:64;not null;uniqueIndex"`
	Name      string `gorm:"size:128;not null"`
	Type      string `gorm:"size:32;not null;index"`
	Ownership string `gorm:"size:16;not null;default:public"`
	TownID    *int64 `gorm:"index"`
	Path      string `gorm:"size:255;not null;index"`
	Depth     int    `gorm:"not null"`
	Demo      bool   `gorm:"not null;default:false"`
	Active    bool   `gorm:"not null;default:true"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (v1Org) TableName() string { return "orgs" }

type v1User struct {
	ID                 int64  `gorm:"primaryKey"`
	Username           string `gorm:"size:64;not null;uniqueIndex"`
	DisplayName        string `gorm:"size:128;not null"`
	Phone              string `gorm:"size:32"`
	PasswordHash       string `gorm:"size:255;not null"`
	OrgID              int64  `gorm:"not null;index"`
	Org                v1Org  `gorm:"foreignKey:OrgID;constraint:OnDelete:RESTRICT"`
	Status             string `gorm:"size:16;not null;default:active"`
	TokenVersion       int    `gorm:"not null;default:1"`
	MustChangePassword bool   `gorm:"not null;default:false"`
	FailedLogins       int    `gorm:"not null;default:0"`
	LockedUntil        *time.Time
	PasswordChangedAt  *time.Time
	LastLoginAt        *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

func (v1User) TableName() string { return "users" }

type v1UserRole struct {
	ID        int64  `gorm:"primaryKey"`
	UserID    int64  `gorm:"not null;uniqueIndex:ux_user_role_org,priority:1"`
	User      v1User `gorm:"foreignKey:UserID;constraint:OnDelete:CASCADE"`
	Role      string `gorm:"size:32;not null;uniqueIndex:ux_user_role_org,priority:2"`
	OrgID     int64  `gorm:"not null;uniqueIndex:ux_user_role_org,priority:3;index"`
	Org       v1Org  `gorm:"foreignKey:OrgID;constraint:OnDelete:RESTRICT"`
	CreatedAt time.Time
}

func (v1UserRole) TableName() string { return "user_roles" }

type v1CasbinRule struct {
	ID    int64  `gorm:"primaryKey"`
	Ptype string `gorm:"size:16;not null;uniqueIndex:ux_casbin_rule,priority:1"`
	V0    string `gorm:"size:64;not null;default:'';uniqueIndex:ux_casbin_rule,priority:2"`
	V1    string `gorm:"size:64;not null;default:'';uniqueIndex:ux_casbin_rule,priority:3"`
	V2    string `gorm:"size:64;not null;default:'';uniqueIndex:ux_casbin_rule,priority:4"`
	V3    string `gorm:"size:64;not null;default:'';uniqueIndex:ux_casbin_rule,priority:5"`
}

func (v1CasbinRule) TableName() string { return "casbin_rules" }

type v1RefreshToken struct {
	ID        int64     `gorm:"primaryKey"`
	TokenHash string    `gorm:"size:64;not null;uniqueIndex"`
	FamilyID  string    `gorm:"size:36;not null;index"`
	UserID    int64     `gorm:"not null;index"`
	User      v1User    `gorm:"foreignKey:UserID;constraint:OnDelete:CASCADE"`
	ExpiresAt time.Time `gorm:"not null"`
	UsedAt    *time.Time
	RevokedAt *time.Time
	CreatedAt time.Time
}

func (v1RefreshToken) TableName() string { return "refresh_tokens" }

type v1LoginThrottle struct {
	Key         string    `gorm:"primaryKey;size:128"`
	Failures    int       `gorm:"not null;default:0"`
	WindowStart time.Time `gorm:"not null"`
	LockedUntil *time.Time
}

func (v1LoginThrottle) TableName() string { return "login_throttles" }

type v1AuditEntry struct {
	ID         int64     `gorm:"primaryKey"`
	At         time.Time `gorm:"not null;index"`
	ActorID    *int64    `gorm:"index"`
	OrgID      *int64    `gorm:"index"`
	Action     string    `gorm:"size:64;not null;index"`
	ObjectType string    `gorm:"size:32;not null"`
	ObjectID   string    `gorm:"size:64;not null"`
	Detail     string    `gorm:"type:text"`
	RequestID  string    `gorm:"size:64"`
	RemoteAddr string    `gorm:"size:64"`
}

func (v1AuditEntry) TableName() string { return "audit_log" }

type v1Setting struct {
	Key       string `gorm:"primaryKey;size:64"`
	Value     string `gorm:"size:255;not null"`
	UpdatedAt time.Time
}

func (v1Setting) TableName() string { return "settings" }

// v1Foundation creates orgs, users, roles, the casbin permission rules, refresh tokens,
// login throttles, the audit log and settings, and seeds the role permissions.
func v1Foundation(tx *gorm.DB) error {
	if err := database.CreateTables(tx, &v1Org{}, &v1User{}, &v1UserRole{}, &v1CasbinRule{},
		&v1RefreshToken{}, &v1LoginThrottle{}, &v1AuditEntry{}, &v1Setting{}); err != nil {
		return err
	}
	// Permission rules, written once per role (p, role, domain, object, action). Role
	// assignments per org are not stored here: they live in user_roles and reach casbin as g rules.
	rules := [][4]string{
		{"sysadmin", "*", "*", "*"},
		{"org_admin", "*", "org", "read"},
		{"org_admin", "*", "user", "read"},
		{"org_admin", "*", "user", "write"},
		{"org_admin", "*", "submission", "read"},
		{"org_admin", "*", "submission", "write"},
		{"org_admin", "*", "task", "read"},
		{"filler", "*", "org", "read"},
		{"filler", "*", "submission", "read"},
		{"filler", "*", "submission", "write"},
		{"filler", "*", "task", "read"},
		{"reviewer", "*", "org", "read"},
		{"reviewer", "*", "submission", "read"},
		{"reviewer", "*", "submission", "review"},
		{"reviewer", "*", "campaign", "read"},
		{"reviewer", "*", "campaign", "write"},
		{"reviewer", "*", "rollup", "read"},
		{"leader", "*", "org", "read"},
		{"leader", "*", "submission", "read"},
		{"leader", "*", "campaign", "read"},
		{"leader", "*", "rollup", "read"},
	}
	for _, r := range rules {
		row := v1CasbinRule{Ptype: "p", V0: r[0], V1: r[1], V2: r[2], V3: r[3]}
		if err := tx.Where(row).FirstOrCreate(&row).Error; err != nil {
			return err
		}
	}
	return nil
}
