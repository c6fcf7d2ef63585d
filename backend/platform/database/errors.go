package database

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"strings"
	"syscall"

	gomysql "github.com/go-sql-driver/mysql"
)

// ErrRetry is returned by a transaction's fn that found it raced a concurrent change it cannot
// merge (rows it read moved before it locked them): Tx runs the transaction again, like a deadlock.
var ErrRetry = errors.New("transaction raced a concurrent change")

// IsRetryable reports whether err means the transaction lost a race and may simply be run
// again: a deadlock (MySQL 1213, also a Galera certification conflict), a lock wait timeout
// (1205), a serialization failure (SQLSTATE 40001), or a busy SQLite database.
func IsRetryable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrRetry) {
		return true
	}
	var me *gomysql.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1213 || me.Number == 1205 || string(me.SQLState[:]) == "40001"
	}
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked") ||
		strings.Contains(msg, "Deadlock found") || strings.Contains(msg, "SQLSTATE 40001")
}

// unavailableCodes are the MySQL/MariaDB errors that mean the server, not the statement, is
// the problem: can't connect (2002, 2003), gone away or lost mid-query (2006, 2013), too many
// connections (1040), shutting down (1053), killed connection (1927), a Galera node that is not
// part of the primary component (1047 WSREP has not yet prepared node for application use), and a
// server turned read-only under us, as an old primary is during a failover (1290, 1836).
var unavailableCodes = map[uint16]bool{1040: true, 1047: true, 1053: true, 1290: true, 1836: true, 1927: true,
	2002: true, 2003: true, 2006: true, 2013: true}

// IsUnavailable reports whether err means the database cannot be reached or cannot serve now
// (connection refused, broken or timed-out connection, closed pool, a node out of its cluster),
// as opposed to a fault in the statement. Such errors are answered 503, never 500.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var me *gomysql.MySQLError
	if errors.As(err, &me) {
		return unavailableCodes[me.Number]
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, gomysql.ErrInvalidConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true // dial failures, i/o timeouts and resets on the database connection
	}
	msg := err.Error()
	for _, s := range []string{"sql: database is closed", "connection refused", "bad connection", "i/o timeout",
		"broken pipe", "connection reset", "invalid connection", "WSREP has not yet prepared node",
		"SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_FULL", "disk I/O error", "unable to open database file"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
