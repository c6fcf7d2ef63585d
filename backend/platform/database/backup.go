package database

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"gorm.io/gorm"
)

// ErrBackupMySQL is returned by Backup on MySQL, which is backed up with its own tools.
var ErrBackupMySQL = errors.New("tianbao backup copies the embedded SQLite database only; back up MySQL/TiDB with " +
	"mysqldump --single-transaction --routines --triggers DBNAME > tianbao.sql (see deploy/README.md)")

// Backup writes a consistent copy of the SQLite database behind db to out with VACUUM INTO: one
// read transaction, so the copy is a snapshot even while the server keeps writing, and it is
// compacted and free of WAL files. out must not exist; the copy appears there only when complete.
func Backup(ctx context.Context, db *gorm.DB, kind, out string) error {
	if kind != "sqlite" {
		return ErrBackupMySQL
	}
	if out == "" {
		return errors.New("backup: --out FILE is required")
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("backup: %s already exists", out)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	dir := filepath.Dir(out)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(out)+".*.partial")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	_ = tmp.Close()
	_ = os.Remove(tmpName) // VACUUM INTO wants to create the file itself
	defer os.Remove(tmpName)
	if err := db.WithContext(ctx).Exec("VACUUM INTO ?", tmpName).Error; err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f, err := os.Open(tmpName)
	if err != nil {
		return err
	}
	err = f.Sync()
	_ = f.Close()
	if err != nil {
		return err
	}
	if err := os.Chmod(tmpName, 0o600); err != nil {
		return err
	}
	return os.Rename(tmpName, out)
}
