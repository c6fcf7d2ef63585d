package database

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
	"time"

	"gorm.io/gorm"
)

// stmtPool is the handle's connection pool with its prepared statements kept, for statements
// run in transactions as much as for those run alone. gorm's own PrepareStmt keeps a statement
// first prepared inside a transaction bound to that transaction, so every later transaction
// prepared it afresh, and a save is nothing but transactions. Here every statement is prepared
// on the database (database/sql then keeps it prepared on each connection it runs on), and a
// transaction runs it through Tx.StmtContext, which reuses the connection's prepared handle.
//
// The pure-Go SQLite driver otherwise parses and plans every statement on each execution, and
// MySQL's driver prepares, runs and closes each one (three round trips). The statements are
// bounded, least recently used out first: queries built with IN lists of every length do not
// pile up, and MySQL counts each one against max_prepared_stmt_count (16,382 by default) on
// every connection.
type stmtPool struct {
	db  *sql.DB
	max int

	mu      sync.Mutex
	byQ     map[string]*list.Element // of *keptStmt
	used    *list.List               // most recently used first
	pending map[string]bool          // being prepared for a transaction's later peers
}

// evictGrace is how long an evicted statement stays open for the requests already holding it.
const evictGrace = 30 * time.Second

type keptStmt struct {
	query string
	stmt  *sql.Stmt
}

// keepStatements makes db run every statement through a pool of at most max prepared ones.
func keepStatements(db *gorm.DB, max int) {
	sqlDB, ok := db.ConnPool.(*sql.DB)
	if !ok {
		return // already wrapped
	}
	p := &stmtPool{db: sqlDB, max: max, byQ: map[string]*list.Element{}, used: list.New(), pending: map[string]bool{}}
	db.ConnPool = p
	db.Statement.ConnPool = p
}

// prepared returns the kept statement for query, preparing it on the database the first time.
func (p *stmtPool) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := p.lookup(query); ok {
		return s, nil
	}
	s, err := p.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return p.keep(query, s), nil
}

// lookup returns the kept statement for query, if there is one.
func (p *stmtPool) lookup(query string) (*sql.Stmt, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.byQ[query]
	if !ok {
		return nil, false
	}
	p.used.MoveToFront(e)
	return e.Value.(*keptStmt).stmt, true
}

// prepareLater prepares query on the database in the background, for the next transaction
// that runs it. A transaction holds its connection, so preparing on the database from inside
// it would wait for a second one: with every connection held by such transactions, forever.
func (p *stmtPool) prepareLater(query string) {
	p.mu.Lock()
	if p.pending[query] || p.byQ[query] != nil {
		p.mu.Unlock()
		return
	}
	p.pending[query] = true
	p.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s, err := p.db.PrepareContext(ctx, query)
		p.mu.Lock()
		delete(p.pending, query)
		p.mu.Unlock()
		if err == nil {
			p.keep(query, s)
		}
	}()
}

// keep adds s, prepared for query, to the kept statements and returns the one kept.
func (p *stmtPool) keep(query string, s *sql.Stmt) *sql.Stmt {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e, ok := p.byQ[query]; ok { // prepared meanwhile by another request
		_ = s.Close()
		p.used.MoveToFront(e)
		return e.Value.(*keptStmt).stmt
	}
	p.byQ[query] = p.used.PushFront(&keptStmt{query: query, stmt: s})
	for p.used.Len() > p.max {
		old := p.used.Remove(p.used.Back()).(*keptStmt)
		delete(p.byQ, old.query)
		// Closed a while later, not now: a request may have just been handed it and not yet
		// run it (a closed statement fails its QueryRow). database/sql then closes the driver's
		// statements once no query still uses them.
		time.AfterFunc(evictGrace, func() { _ = old.stmt.Close() })
	}
	return s
}

// kept is how many statements are kept now.
func (p *stmtPool) kept() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.used.Len()
}

// A statement that cannot be prepared (a syntax error, a table not there yet) is run as it is,
// so its error is the driver's own; one evicted between being handed out and run (closed) is
// likewise run unprepared.

// PrepareContext prepares query on the database (gorm's ConnPool).
func (p *stmtPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.db.PrepareContext(ctx, query)
}

// ExecContext runs query through its kept statement.
func (p *stmtPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s, err := p.prepared(ctx, query); err == nil {
		if r, err := s.ExecContext(ctx, args...); !isClosedStmt(err) {
			return r, err
		}
	}
	return p.db.ExecContext(ctx, query, args...)
}

// QueryContext runs query through its kept statement.
func (p *stmtPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s, err := p.prepared(ctx, query); err == nil {
		if r, err := s.QueryContext(ctx, args...); !isClosedStmt(err) {
			return r, err
		}
	}
	return p.db.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query through its kept statement.
func (p *stmtPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s, err := p.prepared(ctx, query); err == nil {
		return s.QueryRowContext(ctx, args...)
	}
	return p.db.QueryRowContext(ctx, query, args...)
}

// BeginTx starts a transaction whose statements are the pool's (gorm's ConnPoolBeginner).
func (p *stmtPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	tx, err := p.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &stmtTx{Tx: tx, p: p}, nil
}

// GetDBConn is the *sql.DB underneath (gorm's DB()).
func (p *stmtPool) GetDBConn() (*sql.DB, error) { return p.db, nil }

// stmtTx is a transaction running the pool's kept statements on its connection.
type stmtTx struct {
	*sql.Tx
	p *stmtPool
}

// ExecContext runs query through the kept statement, on the transaction's connection (a
// statement closed meanwhile is prepared again for the transaction by database/sql itself); one
// not kept yet runs as it is, and is prepared in the background for the next.
func (t *stmtTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s, ok := t.p.lookup(query); ok {
		return t.Tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	t.p.prepareLater(query)
	return t.Tx.ExecContext(ctx, query, args...)
}

// QueryContext runs query through the kept statement, on the transaction's connection.
func (t *stmtTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s, ok := t.p.lookup(query); ok {
		return t.Tx.StmtContext(ctx, s).QueryContext(ctx, args...)
	}
	t.p.prepareLater(query)
	return t.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query through the kept statement, on the transaction's connection.
func (t *stmtTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s, ok := t.p.lookup(query); ok {
		return t.Tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	t.p.prepareLater(query)
	return t.Tx.QueryRowContext(ctx, query, args...)
}

// GetDBConn is the *sql.DB underneath (gorm's DB()).
func (t *stmtTx) GetDBConn() (*sql.DB, error) { return t.p.db, nil }

func isClosedStmt(err error) bool {
	return err != nil && err.Error() == "sql: statement is closed"
}
