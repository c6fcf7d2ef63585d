//go:build !linux

package testenv

import "time"

var clockStart = time.Now()

// ThreadCPU falls back to the wall clock where per-thread CPU time is not available.
func ThreadCPU() time.Duration { return time.Since(clockStart) }
