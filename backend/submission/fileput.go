package submission

import "io"

// Put stores at most limit bytes of r under their content hash, as an upload does, and returns
// the hash and size; more than limit is a too_large field error on "file". Other domains that
// keep evidence files (supervision's answers) store them here, with the same limits and hash.
func (fs *FileStore) Put(r io.Reader, limit int64) (sha string, size int64, err error) {
	return fs.put(r, limit)
}
