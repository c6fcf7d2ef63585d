package migrations

import (
	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// v7 marks demo accounts and the data they made, so `tianbao demo purge` can remove them and a
// server outside demo mode can refuse to start while they can still log in.
type v7User struct {
	Demo bool `gorm:"not null;default:false"`
}

func (v7User) TableName() string { return "users" }

type v7Submission struct {
	Demo bool `gorm:"not null;default:false"`
}

func (v7Submission) TableName() string { return "submissions" }

type v7Campaign struct {
	Demo bool `gorm:"not null;default:false"`
}

func (v7Campaign) TableName() string { return "campaigns" }

// v7DemoUsernames and v7DemoPassword are the demo accounts as demo mode created them before v7:
// an account is marked only if it still has the public demo password.
var v7DemoUsernames = []string{"admin", "reviewer", "leader", "wlzx", "xhzx", "syyey", "czj"}

const v7DemoPassword = "Demo@2025!"

// v7DemoMarks adds the demo columns and marks what an earlier demo run left: the accounts that
// still open with the demo password, every submission one of them touched and every campaign
// one of them opened.
func v7DemoMarks(tx *gorm.DB) error {
	m := tx.Migrator()
	for _, c := range []any{&v7User{}, &v7Submission{}, &v7Campaign{}} {
		if !m.HasColumn(c, "Demo") {
			if err := m.AddColumn(c, "Demo"); err != nil {
				return err
			}
		}
	}
	var users []struct {
		ID           int64
		PasswordHash string
	}
	if err := tx.Table("users").Select("id, password_hash").Where("username IN ?", v7DemoUsernames).Find(&users).Error; err != nil {
		return err
	}
	for _, u := range users {
		if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(v7DemoPassword)) == nil {
			if err := tx.Exec("UPDATE users SET demo = ? WHERE id = ?", true, u.ID).Error; err != nil {
				return err
			}
		}
	}
	return MarkDemoData(tx)
}

// MarkDemoData marks every submission a demo account touched (last updated, or in its history) and every campaign one opened. It
// is idempotent; demo mode and `tianbao demo purge` run it too.
func MarkDemoData(tx *gorm.DB) error {
	demoUsers := tx.Table("users").Select("id").Where("demo = ?", true)
	touched := tx.Table("submission_revisions").Select("submission_id").Where("actor_id IN (?)", demoUsers)
	if err := tx.Exec("UPDATE submissions SET demo = ? WHERE demo = ? AND (updated_by IN (?) OR id IN (?))", true, false, demoUsers, touched).Error; err != nil {
		return err
	}
	return tx.Exec("UPDATE campaigns SET demo = ? WHERE demo = ? AND created_by IN (?)", true, false, demoUsers).Error
}
