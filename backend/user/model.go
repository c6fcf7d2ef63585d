// Package user holds accounts, their passwords and the roles they hold in orgs. Who may
// create or change whom is decided here, on top of the casbin scope the route declared.
package user

import "time"

// Status of an account.
const (
	StatusActive   = "active"
	StatusDisabled = "disabled"
)

// User is an account.
type User struct {
	ID                 int64
	Username           string
	DisplayName        string
	Phone              string
	OrgID              int64
	OrgName            string
	OrgPath            string
	Status             string
	TokenVersion       int
	MustChangePassword bool
	PasswordHash       string
	FailedLogins       int
	LockedUntil        *time.Time
	LastLoginAt        *time.Time
	CreatedAt          time.Time
	Roles              []RoleGrant
}

// RoleGrant is one role a user holds in one org.
type RoleGrant struct {
	Role    string
	OrgID   int64
	OrgCode string
	OrgName string
	OrgPath string
}

// NewUser is the input to create an account.
type NewUser struct {
	Username    string
	DisplayName string
	Phone       string
	Password    string
	OrgID       int64
	Roles       []RoleInput
}

// RoleInput names a role and the org it is held in (0 means the user's own org).
type RoleInput struct {
	Role  string
	OrgID int64
}

// Patch is a partial update of an account; nil fields are left alone.
type Patch struct {
	DisplayName *string
	Phone       *string
	Status      *string
	Roles       *[]RoleInput
}

// Filter narrows a list of users.
type Filter struct {
	// OrgID keeps the users of that org and every org under it.
	OrgID *int64
	// Query is a substring of the username, the display name or the phone number.
	Query string
	// Role keeps the users holding that role in some org.
	Role     string
	Page     int
	PageSize int
}
