package database

import (
	"strings"

	"gorm.io/gorm"
)

// registerCallbacks wires the transaction policy into every statement gorm runs on db:
//
//   - on SQLite, a write outside a transaction (gorm wraps Create/Update/Delete in one of its own;
//     Exec runs bare) queues on the same fair writer lock as Tx, so it neither polls the busy
//     timeout nor overtakes writers already waiting;
//   - on every dialect, a connection-level failure of any statement is marked errs.ErrUnavailable
//     where it happens, so whichever store returns it, the client gets a 503 and not a 500.
func registerCallbacks(db *gorm.DB, p *txPolicy) error {
	cb := db.Callback()
	if p.writer != nil {
		lock, unlock := p.lockWrite, p.unlockWrite
		if err := cb.Create().Before("gorm:begin_transaction").Register("tianbao:write_lock", lock); err != nil {
			return err
		}
		if err := cb.Create().After("gorm:commit_or_rollback_transaction").Register("tianbao:write_unlock", unlock); err != nil {
			return err
		}
		if err := cb.Update().Before("gorm:begin_transaction").Register("tianbao:write_lock", lock); err != nil {
			return err
		}
		if err := cb.Update().After("gorm:commit_or_rollback_transaction").Register("tianbao:write_unlock", unlock); err != nil {
			return err
		}
		if err := cb.Delete().Before("gorm:begin_transaction").Register("tianbao:write_lock", lock); err != nil {
			return err
		}
		if err := cb.Delete().After("gorm:commit_or_rollback_transaction").Register("tianbao:write_unlock", unlock); err != nil {
			return err
		}
		if err := cb.Raw().Before("gorm:raw").Register("tianbao:write_lock", p.lockExec); err != nil {
			return err
		}
		if err := cb.Raw().After("gorm:raw").Register("tianbao:write_unlock", unlock); err != nil {
			return err
		}
	}
	mark := func(db *gorm.DB) {
		if db.Error != nil && IsUnavailable(db.Error) {
			db.Error = Unavailable(db.Error)
		}
	}
	if err := cb.Create().After("*").Register("tianbao:unavailable", mark); err != nil {
		return err
	}
	if err := cb.Query().After("*").Register("tianbao:unavailable", mark); err != nil {
		return err
	}
	if err := cb.Update().After("*").Register("tianbao:unavailable", mark); err != nil {
		return err
	}
	if err := cb.Delete().After("*").Register("tianbao:unavailable", mark); err != nil {
		return err
	}
	if err := cb.Row().After("*").Register("tianbao:unavailable", mark); err != nil {
		return err
	}
	return cb.Raw().After("*").Register("tianbao:unavailable", mark)
}

const writeLockKey = "tianbao:write_locked"

// lockWrite takes the writer lock for a write that is not inside a transaction.
func (p *txPolicy) lockWrite(db *gorm.DB) {
	if db.Error != nil || InTx(db) {
		return
	}
	if err := p.writer.Lock(db.Statement.Context); err != nil {
		_ = db.AddError(err)
		return
	}
	db.InstanceSet(writeLockKey, true)
}

// lockExec is lockWrite for Exec, skipping statements that do not write.
func (p *txPolicy) lockExec(db *gorm.DB) {
	sql := strings.ToUpper(strings.TrimSpace(db.Statement.SQL.String()))
	for _, ro := range []string{"SELECT", "PRAGMA", "VACUUM", "EXPLAIN"} {
		if strings.HasPrefix(sql, ro) {
			return
		}
	}
	p.lockWrite(db)
}

// unlockWrite releases the lock lockWrite took for this statement.
func (p *txPolicy) unlockWrite(db *gorm.DB) {
	if v, ok := db.InstanceGet(writeLockKey); ok && v == true {
		db.InstanceSet(writeLockKey, false)
		p.writer.Unlock()
	}
}
