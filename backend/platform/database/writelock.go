package database

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// WriteLock is a first-come, first-served lock with a bounded, cancellable wait: SQLite's one
// writer per process. Unlike sync.Mutex, and unlike SQLite's busy-timeout polling, a waiter is
// never overtaken by one that came later, so no writer starves however many queue.
type WriteLock struct {
	mu    sync.Mutex
	held  bool
	queue []chan struct{} // waiters in arrival order; the lock is handed to queue[0] on Unlock
	wait  time.Duration   // longest wait before Lock gives up (0: until ctx is done)
}

// NewWriteLock returns an unlocked WriteLock whose waits are bounded by wait (0: unbounded).
func NewWriteLock(wait time.Duration) *WriteLock { return &WriteLock{wait: wait} }

// Lock waits for the lock in arrival order. It fails, wrapping errs.ErrUnavailable, when ctx is
// done or the wait bound passes first.
func (l *WriteLock) Lock(ctx context.Context) error {
	l.mu.Lock()
	if !l.held {
		l.held = true
		l.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	l.queue = append(l.queue, ch)
	l.mu.Unlock()

	var timeout <-chan time.Time
	if l.wait > 0 {
		t := time.NewTimer(l.wait)
		defer t.Stop()
		timeout = t.C
	}
	var why error
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		why = ctx.Err()
	case <-timeout:
		why = fmt.Errorf("waited %s for the database writer", l.wait)
	}
	l.mu.Lock()
	for i, c := range l.queue {
		if c == ch {
			l.queue = append(l.queue[:i], l.queue[i+1:]...)
			l.mu.Unlock()
			return fmt.Errorf("%w: %w", errs.ErrUnavailable, why)
		}
	}
	l.mu.Unlock()
	// Handed the lock just as we gave up: pass it on.
	<-ch
	l.Unlock()
	return fmt.Errorf("%w: %w", errs.ErrUnavailable, why)
}

// Unlock hands the lock to the longest waiter, or frees it.
func (l *WriteLock) Unlock() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.held {
		panic("database: unlock of an unlocked WriteLock")
	}
	if len(l.queue) == 0 {
		l.held = false
		return
	}
	ch := l.queue[0]
	l.queue[0] = nil
	l.queue = l.queue[1:]
	close(ch) // held stays true: the lock passes straight to the waiter
}

// Waiting is the number of writers queued behind the holder.
func (l *WriteLock) Waiting() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.queue)
}
