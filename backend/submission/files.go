package submission

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/tianbao-edu/tianbao/backend/authz"
	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// FileStore keeps attachment bytes under the data directory, named by content hash so a file
// uploaded twice is stored once.
type FileStore struct{ dir string }

// NewFileStore returns a FileStore rooted at dir.
func NewFileStore(dir string) *FileStore { return &FileStore{dir: dir} }

func (fs *FileStore) path(sha string) string { return filepath.Join(fs.dir, sha[:2], sha) }

// put copies at most limit bytes of r into the store; more is a too_large error.
func (fs *FileStore) put(r io.Reader, limit int64) (sha string, size int64, err error) {
	if err := os.MkdirAll(fs.dir, 0o750); err != nil {
		return "", 0, err
	}
	tmp, err := os.CreateTemp(fs.dir, "upload-*")
	if err != nil {
		return "", 0, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, limit+1))
	if err != nil {
		return "", 0, err
	}
	if n > limit {
		return "", 0, errs.Invalid("file", "too_large", "the file is larger than "+strconv.FormatInt(limit>>20, 10)+" MB")
	}
	if err := tmp.Sync(); err != nil {
		return "", 0, err
	}
	sha = hex.EncodeToString(h.Sum(nil))
	dst := fs.path(sha)
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return "", 0, err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return "", 0, err
	}
	return sha, n, nil
}

// Open returns the stored bytes for a hash.
func (fs *FileStore) Open(sha string) (*os.File, error) { return os.Open(fs.path(sha)) }

// Upload stores an evidence file for an attachment field of an editable submission in sc.
// The type is judged from the bytes, not the client's claim.
func (s *Service) Upload(ctx context.Context, p *authz.Principal, sc scope.Scope, id int64, field, name string, r io.Reader) (Attachment, error) {
	sub, f, err := s.editable(ctx, sc, id, nil)
	if err != nil {
		return Attachment{}, err
	}
	fd, ok := f.Field(field)
	if !ok || fd.Type != "attachment" {
		return Attachment{}, errs.Invalid("field", "not_attachment", "no attachment field with this key")
	}
	maxMB := fd.MaxSizeMB
	if maxMB <= 0 {
		maxMB = 10
	}
	accept := fd.Accept
	if len(accept) == 0 {
		accept = []string{"image/jpeg", "image/png", "application/pdf"}
	}
	// Judge the type from the first bytes before anything is written, so a refused file
	// leaves nothing on disk.
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Attachment{}, err
	}
	head = head[:n]
	ct := strings.SplitN(http.DetectContentType(head), ";", 2)[0]
	if !slices.Contains(accept, ct) {
		return Attachment{}, errs.Invalid("file", "unsupported_type", fmt.Sprintf("file type %s is not accepted", ct))
	}
	sha, size, err := s.files.put(io.MultiReader(bytes.NewReader(head), r), int64(maxMB)<<20)
	if err != nil {
		return Attachment{}, err
	}
	name = filepath.Base(strings.TrimSpace(name))
	if name == "" || name == "." || len(name) > 200 {
		name = "file"
	}
	a := Attachment{ID: uuid.NewString(), Name: name, Size: size, ContentType: ct, SubmissionID: sub.ID, Field: field, SHA256: sha}
	err = s.store.Tx(ctx, func(st *Store) error {
		if err := st.createAttachment(ctx, a, p.UserID, s.now()); err != nil {
			return err
		}
		return st.recordAudit(ctx, s.audit, s.entry(p, sub, "submission.attach",
			attachDetail{Attachment: a.ID, Field: field, Name: name, Size: size, ContentType: ct, SHA256: sha}))
	})
	if err != nil {
		return Attachment{}, fmt.Errorf("record attachment for submission %d: %w", sub.ID, err)
	}
	return a, nil
}

// attachDetail is what the audit log keeps of an upload.
type attachDetail struct {
	Attachment  string `json:"attachment"`
	Field       string `json:"field"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	SHA256      string `json:"sha256"`
}

// Attachment returns an attachment's record and bytes if its submission lies in sc.
func (s *Service) Attachment(ctx context.Context, sc scope.Scope, publicID string) (Attachment, *os.File, error) {
	if _, err := uuid.Parse(publicID); err != nil {
		return Attachment{}, nil, errs.ErrNotFound
	}
	a, err := s.store.attachment(ctx, sc, publicID)
	if err != nil {
		return Attachment{}, nil, err
	}
	f, err := s.files.Open(a.SHA256)
	if errors.Is(err, os.ErrNotExist) {
		return Attachment{}, nil, errs.ErrNotFound
	}
	return a, f, err
}
