package migrations

import (
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// v11 adds notifications: the in-app inbox, the outbox with its delivery attempts, per-org and
// per-user settings, and the lease that lets one replica send at a time.

type v11Inbox struct {
	ID        int64      `gorm:"primaryKey"`
	UserID    int64      `gorm:"not null;uniqueIndex:ux_notify_inbox,priority:1;index:ix_notify_inbox_user,priority:1"`
	Rule      string     `gorm:"size:32;not null;uniqueIndex:ux_notify_inbox,priority:2"`
	Occasion  string     `gorm:"size:128;not null;uniqueIndex:ux_notify_inbox,priority:3"`
	OrgID     int64      `gorm:"not null"`
	Title     string     `gorm:"size:255;not null"`
	Body      string     `gorm:"type:text;not null"`
	Link      string     `gorm:"size:255;not null;default:''"`
	ReadAt    *time.Time `gorm:"index:ix_notify_inbox_user,priority:2"`
	CreatedAt time.Time  `gorm:"not null"`
}

func (v11Inbox) TableName() string { return "notify_inbox" }

type v11Outbox struct {
	ID           int64  `gorm:"primaryKey"`
	Rule         string `gorm:"size:32;not null;uniqueIndex:ux_notify_outbox,priority:1"`
	Channel      string `gorm:"size:16;not null;uniqueIndex:ux_notify_outbox,priority:2"`
	Recipient    string `gorm:"size:64;not null;uniqueIndex:ux_notify_outbox,priority:3"`
	Occasion     string `gorm:"size:128;not null;uniqueIndex:ux_notify_outbox,priority:4"`
	OrgID        int64  `gorm:"not null"`
	OrgPath      string `gorm:"size:255;not null;index"`
	UserID       *int64
	Subject      string    `gorm:"size:255;not null"`
	Body         string    `gorm:"type:text;not null"`
	Status       string    `gorm:"size:16;not null;index:ix_notify_outbox_due,priority:1"`
	NextAt       time.Time `gorm:"not null;index:ix_notify_outbox_due,priority:2"`
	Attempts     int       `gorm:"not null;default:0"`
	ClaimToken   string    `gorm:"size:64;not null;default:''"`
	ClaimedUntil *time.Time
	LastError    string `gorm:"type:text;not null"`
	SentAt       *time.Time
	CreatedAt    time.Time `gorm:"not null"`
	UpdatedAt    time.Time `gorm:"not null"`
}

func (v11Outbox) TableName() string { return "notify_outbox" }

type v11Attempt struct {
	ID       int64     `gorm:"primaryKey"`
	OutboxID int64     `gorm:"not null;index"`
	Attempt  int       `gorm:"not null"`
	Holder   string    `gorm:"size:64;not null"`
	At       time.Time `gorm:"not null"`
	OK       bool      `gorm:"not null"`
	Error    string    `gorm:"type:text;not null"`
}

func (v11Attempt) TableName() string { return "notify_attempts" }

type v11OrgSettings struct {
	OrgID          int64  `gorm:"primaryKey;autoIncrement:false"`
	WeComURL       string `gorm:"column:wecom_url;size:512;not null;default:''"`
	DingTalkURL    string `gorm:"column:dingtalk_url;size:512;not null;default:''"`
	DingTalkSecret string `gorm:"column:dingtalk_secret;size:255;not null;default:''"`
	Lang           string `gorm:"size:8;not null;default:'zh-CN'"`
	UpdatedBy      *int64
	UpdatedAt      time.Time `gorm:"not null"`
}

func (v11OrgSettings) TableName() string { return "notify_org_settings" }

type v11UserSettings struct {
	UserID    int64     `gorm:"primaryKey;autoIncrement:false"`
	Email     string    `gorm:"size:255;not null;default:''"`
	EmailOn   bool      `gorm:"not null;default:false"`
	InboxOn   bool      `gorm:"not null;default:true"`
	Lang      string    `gorm:"size:8;not null;default:'zh-CN'"`
	UpdatedAt time.Time `gorm:"not null"`
}

func (v11UserSettings) TableName() string { return "notify_user_settings" }

type v11Lease struct {
	Name      string    `gorm:"primaryKey;size:64"`
	Holder    string    `gorm:"size:64;not null;default:''"`
	ExpiresAt time.Time `gorm:"not null"`
	Epoch     int64     `gorm:"not null;default:0"`
}

func (v11Lease) TableName() string { return "notify_leases" }

// v11Notify creates the tables, the sender lease's one row, and lets org admins manage their
// org's channels (sysadmins may already do everything).
func v11Notify(tx *gorm.DB) error {
	if err := database.CreateTables(tx, &v11Inbox{}, &v11Outbox{}, &v11Attempt{}, &v11OrgSettings{},
		&v11UserSettings{}, &v11Lease{}); err != nil {
		return err
	}
	lease := v11Lease{Name: "notify", ExpiresAt: time.Unix(0, 0).UTC()}
	if err := tx.Where(v11Lease{Name: "notify"}).FirstOrCreate(&lease).Error; err != nil {
		return err
	}
	for _, r := range [][4]string{{"org_admin", "*", "notify_settings", "read"}, {"org_admin", "*", "notify_settings", "write"}} {
		row := v1CasbinRule{Ptype: "p", V0: r[0], V1: r[1], V2: r[2], V3: r[3]}
		if err := tx.Where(row).FirstOrCreate(&row).Error; err != nil {
			return err
		}
	}
	return nil
}
