package notify

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// Store is the only code that touches the notify_* tables.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

type inboxRow struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	Rule      string
	Occasion  string
	OrgID     int64
	Title     string
	Body      string
	Link      string
	ReadAt    *time.Time
	CreatedAt time.Time
}

func (inboxRow) TableName() string { return "notify_inbox" }

type outboxRow struct {
	ID           int64 `gorm:"primaryKey"`
	Rule         string
	Channel      string
	Recipient    string
	Occasion     string
	OrgID        int64
	OrgPath      string
	UserID       *int64
	Subject      string
	Body         string
	Status       string
	NextAt       time.Time
	Attempts     int
	ClaimToken   string
	ClaimedUntil *time.Time
	LastError    string
	SentAt       *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (outboxRow) TableName() string { return "notify_outbox" }

type attemptRow struct {
	ID       int64 `gorm:"primaryKey"`
	OutboxID int64
	Attempt  int
	Holder   string
	At       time.Time
	OK       bool
	Error    string
}

func (attemptRow) TableName() string { return "notify_attempts" }

type orgSettingsRow struct {
	OrgID          int64  `gorm:"primaryKey;autoIncrement:false"`
	WeComURL       string `gorm:"column:wecom_url"`
	DingTalkURL    string `gorm:"column:dingtalk_url"`
	DingTalkSecret string `gorm:"column:dingtalk_secret"`
	Lang           string
	UpdatedBy      *int64
	UpdatedAt      time.Time
}

func (orgSettingsRow) TableName() string { return "notify_org_settings" }

type userSettingsRow struct {
	UserID    int64 `gorm:"primaryKey;autoIncrement:false"`
	Email     string
	EmailOn   bool
	InboxOn   bool
	Lang      string
	UpdatedAt time.Time
}

func (userSettingsRow) TableName() string { return "notify_user_settings" }

// leaseName is the one lease the senders share.
const leaseName = "notify"

func (s *Store) on(tx *gorm.DB) *gorm.DB {
	if tx != nil {
		return tx
	}
	return s.db
}

// userSettings returns the stored settings of ids (users without a row are absent).
func (s *Store) userSettings(ctx context.Context, tx *gorm.DB, ids []int64) (map[int64]UserSettings, error) {
	out := map[int64]UserSettings{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []userSettingsRow
	if err := s.on(tx).WithContext(ctx).Where("user_id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.UserID] = UserSettings{Email: r.Email, EmailOn: r.EmailOn, InboxOn: r.InboxOn, Lang: r.Lang}
	}
	return out, nil
}

func (s *Store) putUserSettings(ctx context.Context, tx *gorm.DB, id int64, u UserSettings, now time.Time) error {
	row := userSettingsRow{UserID: id, Email: u.Email, EmailOn: u.EmailOn, InboxOn: u.InboxOn, Lang: u.Lang, UpdatedAt: now}
	return s.on(tx).WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"email", "email_on", "inbox_on", "lang", "updated_at"})}).Create(&row).Error
}

// orgSettings returns an org's settings; ok is false when it has none.
func (s *Store) orgSettings(ctx context.Context, tx *gorm.DB, orgID int64) (OrgSettings, bool, error) {
	var r orgSettingsRow
	err := s.on(tx).WithContext(ctx).Where("org_id = ?", orgID).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return OrgSettings{OrgID: orgID, Lang: Languages[0]}, false, nil
	} else if err != nil {
		return OrgSettings{}, false, err
	}
	return OrgSettings{OrgID: r.OrgID, WeComURL: r.WeComURL, DingTalkURL: r.DingTalkURL, DingTalkSecret: r.DingTalkSecret,
		Lang: r.Lang, UpdatedAt: r.UpdatedAt}, true, nil
}

func (s *Store) putOrgSettings(ctx context.Context, tx *gorm.DB, o OrgSettings, by int64, now time.Time) error {
	row := orgSettingsRow{OrgID: o.OrgID, WeComURL: o.WeComURL, DingTalkURL: o.DingTalkURL, DingTalkSecret: o.DingTalkSecret,
		Lang: o.Lang, UpdatedBy: &by, UpdatedAt: now}
	return s.on(tx).WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "org_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"wecom_url", "dingtalk_url", "dingtalk_secret", "lang", "updated_by", "updated_at"})}).
		Create(&row).Error
}

// withRobots returns which of orgIDs have a robot configured.
func (s *Store) withRobots(ctx context.Context, orgIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	var ids []int64
	err := s.db.WithContext(ctx).Model(&orgSettingsRow{}).Where("org_id IN ? AND (wecom_url <> '' OR dingtalk_url <> '')", orgIDs).
		Pluck("org_id", &ids).Error
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// addInbox inserts an inbox item unless the user already has one for the rule and occasion.
func (s *Store) addInbox(ctx context.Context, tx *gorm.DB, r inboxRow) error {
	return s.on(tx).WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&r).Error
}

// addOutbox inserts an outbox row unless one exists for its (rule, channel, recipient, occasion).
func (s *Store) addOutbox(ctx context.Context, tx *gorm.DB, r outboxRow) error {
	return s.on(tx).WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&r).Error
}

// seen returns which of occasions already have an inbox item or an outbox row for rule.
func (s *Store) seen(ctx context.Context, rule string, occasions []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(occasions) == 0 {
		return out, nil
	}
	for _, table := range []string{"notify_inbox", "notify_outbox"} {
		var got []string
		if err := s.db.WithContext(ctx).Table(table).Where("rule = ? AND occasion IN ?", rule, occasions).
			Distinct().Pluck("occasion", &got).Error; err != nil {
			return nil, err
		}
		for _, o := range got {
			out[o] = true
		}
	}
	return out, nil
}

func (s *Store) inbox(ctx context.Context, userID int64, unreadOnly bool, offset, limit int) ([]Item, int64, error) {
	q := func() *gorm.DB {
		q := s.db.WithContext(ctx).Model(&inboxRow{}).Where("user_id = ?", userID)
		if unreadOnly {
			q = q.Where("read_at IS NULL")
		}
		return q
	}
	var total int64
	if err := q().Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var rows []inboxRow
	if err := q().Order("created_at DESC, id DESC").Offset(offset).Limit(limit).Find(&rows).Error; err != nil {
		return nil, 0, err
	}
	out := make([]Item, 0, len(rows))
	for _, r := range rows {
		out = append(out, Item{ID: r.ID, Rule: r.Rule, Title: r.Title, Body: r.Body, Link: r.Link, ReadAt: r.ReadAt, CreatedAt: r.CreatedAt})
	}
	return out, total, nil
}

func (s *Store) unread(ctx context.Context, userID int64) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&inboxRow{}).Where("user_id = ? AND read_at IS NULL", userID).Count(&n).Error
	return n, err
}

// markRead marks one of the user's items read; another user's item is not found.
func (s *Store) markRead(ctx context.Context, userID, id int64, now time.Time) error {
	var r inboxRow
	err := s.db.WithContext(ctx).Where("id = ? AND user_id = ?", id, userID).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return errs.ErrNotFound
	} else if err != nil {
		return err
	}
	return s.db.WithContext(ctx).Model(&inboxRow{}).Where("id = ? AND user_id = ? AND read_at IS NULL", id, userID).
		Update("read_at", now).Error
}

func (s *Store) markAllRead(ctx context.Context, userID int64, now time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Model(&inboxRow{}).Where("user_id = ? AND read_at IS NULL", userID).Update("read_at", now)
	return res.RowsAffected, res.Error
}

// takeLease takes or renews the sender lease for holder until until; false when another holder
// has it and it has not expired. The epoch makes every successful UPDATE change the row, so
// MySQL reports it as affected even when nothing else changed.
func (s *Store) takeLease(ctx context.Context, holder string, now, until time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Exec("UPDATE notify_leases SET holder = ?, expires_at = ?, epoch = epoch + 1 "+
		"WHERE name = ? AND (holder = ? OR expires_at < ?)", holder, until, leaseName, holder, now)
	return res.RowsAffected == 1, res.Error
}

// releaseLease gives the lease up if holder has it.
func (s *Store) releaseLease(ctx context.Context, holder string) error {
	return s.db.WithContext(ctx).Exec("UPDATE notify_leases SET expires_at = ?, epoch = epoch + 1 WHERE name = ? AND holder = ?",
		time.Unix(0, 0).UTC(), leaseName, holder).Error
}

// due lists up to limit outbox rows ready to send: pending and due, or claimed by a sender whose
// claim has timed out.
func (s *Store) due(ctx context.Context, now time.Time, limit int) ([]outboxRow, error) {
	var rows []outboxRow
	err := s.db.WithContext(ctx).Where("(status = ? AND next_at <= ?) OR (status = ? AND claimed_until < ?)",
		StatusPending, now, StatusSending, now).Order("id").Limit(limit).Find(&rows).Error
	return rows, err
}

// claim takes row id for token until until, if it is still due; false when another sender got it.
func (s *Store) claim(ctx context.Context, id int64, token string, now, until time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&outboxRow{}).
		Where("id = ? AND ((status = ? AND next_at <= ?) OR (status = ? AND claimed_until < ?))", id, StatusPending, now, StatusSending, now).
		Updates(map[string]any{"status": StatusSending, "claim_token": token, "claimed_until": until,
			"attempts": gorm.Expr("attempts + 1"), "updated_at": now})
	return res.RowsAffected == 1, res.Error
}

// finish records an attempt's outcome on a row the token still holds, with the attempt log row,
// in one transaction; false when the claim was lost (timed out and taken by another sender).
func (s *Store) finish(ctx context.Context, id int64, token string, set map[string]any, a attemptRow) (bool, error) {
	var ok bool
	err := database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		res := tx.Model(&outboxRow{}).Where("id = ? AND claim_token = ? AND status = ?", id, token, StatusSending).Updates(set)
		if res.Error != nil {
			return res.Error
		}
		ok = res.RowsAffected == 1
		return tx.Create(&a).Error
	})
	return ok, err
}

func (s *Store) deliveries(ctx context.Context, sc scope.Scope, f DeliveryFilter, offset, limit int) ([]Delivery, int64, error) {
	q := func() *gorm.DB {
		q := database.InScope(s.db.WithContext(ctx).Model(&outboxRow{}), "org_path", sc)
		if f.Status != "" {
			q = q.Where("status = ?", f.Status)
		}
		if f.Channel != "" {
			q = q.Where("channel = ?", f.Channel)
		}
		if f.Rule != "" {
			q = q.Where("rule = ?", f.Rule)
		}
		return q
	}
	var total int64
	if err := q().Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var rows []outboxRow
	if err := q().Order("id DESC").Offset(offset).Limit(limit).Find(&rows).Error; err != nil {
		return nil, 0, err
	}
	out := make([]Delivery, 0, len(rows))
	for _, r := range rows {
		out = append(out, Delivery{ID: r.ID, Rule: r.Rule, Channel: r.Channel, Recipient: r.Recipient, Occasion: r.Occasion,
			OrgID: r.OrgID, Subject: r.Subject, Status: r.Status, Attempts: r.Attempts, LastError: r.LastError, NextAt: r.NextAt,
			SentAt: r.SentAt, CreatedAt: r.CreatedAt})
	}
	return out, total, nil
}
