package form

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
)

// Store is the only code that touches the forms table. Each row is one immutable version.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

type formRow struct {
	ID          int64 `gorm:"primaryKey"`
	Code        string
	Version     int
	Title       string
	PeriodType  string
	PlanSection string
	Schema      string
	CreatedBy   *int64
	CreatedAt   time.Time
}

func (formRow) TableName() string { return "forms" }

func (s *Store) version(ctx context.Context, code string, v int) (formRow, error) {
	var r formRow
	err := s.db.WithContext(ctx).Where("code = ? AND version = ?", code, v).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return r, errs.ErrNotFound
	}
	return r, err
}

// versionKey names one version of a form.
type versionKey struct {
	Code    string
	Version int
}

// newestVersions returns the newest version number of every form, by code: a few short rows,
// no schema.
func (s *Store) newestVersions(ctx context.Context) ([]versionKey, error) {
	var out []versionKey
	err := s.db.WithContext(ctx).Table("forms").Select("code, MAX(version) AS version").Group("code").
		Order("code").Scan(&out).Error
	return out, err
}

// newestVersion returns the newest version number of a form. Every submission a clerk opens
// asks it (to offer an upgrade), so it goes to the pool as one prepared statement.
func (s *Store) newestVersion(ctx context.Context, code string) (int, error) {
	var v sql.NullInt64
	if _, err := database.QueryRow(ctx, s.db, "SELECT MAX(version) FROM forms WHERE code = ?", []any{code}, &v); err != nil {
		return 0, fmt.Errorf("read the versions of form %s: %w", code, err)
	}
	if !v.Valid {
		return 0, errs.ErrNotFound
	}
	return int(v.Int64), nil
}

// versions returns the stored rows of the given versions.
func (s *Store) versions(ctx context.Context, keys []versionKey) ([]formRow, error) {
	var rows []formRow
	if len(keys) == 0 {
		return rows, nil
	}
	q := s.db.WithContext(ctx)
	for i, k := range keys {
		if i == 0 {
			q = q.Where("code = ? AND version = ?", k.Code, k.Version)
		} else {
			q = q.Or("code = ? AND version = ?", k.Code, k.Version)
		}
	}
	err := q.Find(&rows).Error
	return rows, err
}

func (s *Store) insert(ctx context.Context, r *formRow) error {
	err := s.db.WithContext(ctx).Create(r).Error
	if database.IsUniqueViolation(err) {
		return errs.ErrConflict
	}
	return err
}

// Registry serves form schemas by code and version, reading and parsing each version once.
// Stored versions are immutable, so a cached version never goes stale and needs no
// invalidation, on any replica; only "which version is the newest" is asked of the database
// (one short query without any schema). The cache holds at most maxCached versions.
type Registry struct {
	store *Store
	now   func() time.Time
	reads IndicatorReads
	mu    sync.RWMutex
	cache map[versionKey]*Form
	// onImport writes an imported version's audit row in its transaction (see OnImport).
	onImport ImportHook
}

// NewRegistry returns a Registry over store. reads names the fields indicators read, so that an
// import cannot remove or retype them; nil means no indicator reads any form.
func NewRegistry(store *Store, now func() time.Time, reads IndicatorReads) *Registry {
	return &Registry{store: store, now: now, reads: reads, cache: map[versionKey]*Form{}}
}

// maxCached bounds the parsed versions a Registry keeps (a district has tens of forms, each with
// a few versions); past it, an arbitrary version is dropped and read again when asked for.
const maxCached = 256

func (r *Registry) cached(k versionKey) *Form {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.cache[k]
}

func (r *Registry) load(row formRow) (*Form, error) {
	key := versionKey{row.Code, row.Version}
	if f := r.cached(key); f != nil {
		return f, nil
	}
	f, err := ParseJSON([]byte(row.Schema))
	if err != nil {
		return nil, fmt.Errorf("stored form %s@%s: %w", row.Code, strconv.Itoa(row.Version), err)
	}
	f.Version = row.Version
	r.mu.Lock()
	if len(r.cache) >= maxCached {
		for k := range r.cache {
			delete(r.cache, k)
			break
		}
	}
	r.cache[key] = f
	r.mu.Unlock()
	return f, nil
}

// Current returns the newest version of a form.
func (r *Registry) Current(ctx context.Context, code string) (*Form, error) {
	v, err := r.store.newestVersion(ctx, code)
	if err != nil {
		return nil, err
	}
	return r.Version(ctx, code, v)
}

// NewestVersion is the newest version number of a form, without reading its schema.
func (r *Registry) NewestVersion(ctx context.Context, code string) (int, error) {
	return r.store.newestVersion(ctx, code)
}

// Version returns one version of a form, the one a submission was pinned to; a version read
// before is not read again.
func (r *Registry) Version(ctx context.Context, code string, v int) (*Form, error) {
	if f := r.cached(versionKey{code, v}); f != nil {
		return f, nil
	}
	row, err := r.store.version(ctx, code, v)
	if err != nil {
		return nil, err
	}
	return r.load(row)
}

// List returns the newest version of every form, by code. It asks the database which versions
// are the newest and reads only the schemas it has not parsed before.
func (r *Registry) List(ctx context.Context) ([]*Form, error) {
	keys, err := r.store.newestVersions(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*Form, len(keys))
	var missing []versionKey
	for i, k := range keys {
		if out[i] = r.cached(k); out[i] == nil {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		rows, err := r.store.versions(ctx, missing)
		if err != nil {
			return nil, err
		}
		byKey := make(map[versionKey]*Form, len(rows))
		for _, row := range rows {
			f, err := r.load(row)
			if err != nil {
				return nil, err
			}
			byKey[versionKey{row.Code, row.Version}] = f
		}
		for i, k := range keys {
			if out[i] == nil {
				if out[i] = byKey[k]; out[i] == nil {
					return nil, fmt.Errorf("form %s@%d: %w", k.Code, k.Version, errs.ErrNotFound)
				}
			}
		}
	}
	return out, nil
}

// Import stores a validated schema as the form's next version. Importing a schema identical to
// the current version changes nothing and returns it with created false. A version that removes
// or retypes a field an indicator reads is refused with a validation error naming the field and
// the indicators.
func (r *Registry) Import(ctx context.Context, actorID *int64, f *Form) (*Form, bool, error) {
	cur, err := r.Current(ctx, f.Code)
	switch {
	case errors.Is(err, errs.ErrNotFound):
		cur = nil
		f.Version = max(f.Version, 1)
	case err != nil:
		return nil, false, fmt.Errorf("import form %s: current version: %w", f.Code, err)
	default:
		if same(cur, f) {
			return cur, false, nil
		}
		f.Version = cur.Version + 1
	}
	if r.reads != nil {
		if err := checkIndicatorReads(cur, f, r.reads(f.Code)); err != nil {
			return nil, false, err
		}
	}
	schema, err := json.Marshal(f)
	if err != nil {
		return nil, false, err
	}
	row := formRow{Code: f.Code, Version: f.Version, Title: f.Title, PeriodType: string(f.PeriodType),
		PlanSection: f.PlanSection, Schema: string(schema), CreatedBy: actorID, CreatedAt: r.now()}
	if err := r.insertVersion(ctx, &row, actorID, f); err != nil {
		return nil, false, err
	}
	out, err := r.load(row)
	return out, true, err
}

// same reports whether two schemas are equal apart from their version numbers.
func same(a, b *Form) bool {
	ac, bc := *a, *b
	ac.Version, bc.Version = 0, 0
	ja, err1 := json.Marshal(ac)
	jb, err2 := json.Marshal(bc)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// Seed imports every seeded form whose version is not stored yet; idempotent.
func (r *Registry) Seed(ctx context.Context, fsys fs.FS) (int, error) {
	forms, err := LoadSeedForms(fsys)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range forms {
		if _, err := r.store.version(ctx, f.Code, f.Version); err == nil {
			continue
		} else if !errors.Is(err, errs.ErrNotFound) {
			return n, err
		}
		schema, err := json.Marshal(f)
		if err != nil {
			return n, err
		}
		row := formRow{Code: f.Code, Version: f.Version, Title: f.Title, PeriodType: string(f.PeriodType),
			PlanSection: f.PlanSection, Schema: string(schema), CreatedAt: r.now()}
		if err := r.store.insert(ctx, &row); err != nil && !errors.Is(err, errs.ErrConflict) {
			return n, fmt.Errorf("seed form %s: %w", f.Code, err)
		}
		n++
	}
	return n, nil
}
