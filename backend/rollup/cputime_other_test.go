//go:build !linux

package rollup_test

import "time"

var clockStart = time.Now()

// threadCPU falls back to the wall clock where per-thread CPU time is not available.
func threadCPU() time.Duration { return time.Since(clockStart) }
