package supervision

import (
	"bytes"
	"context"
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

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// Files keeps evidence bytes: the submission domain's content-addressed file store, so evidence
// has the same storage, limit and hash as a form's attachments.
type Files interface {
	Put(r io.Reader, limit int64) (sha string, size int64, err error)
	Open(sha string) (*os.File, error)
}

// Upload is a file the unit sends with its answer.
type Upload struct {
	Name string
	R    io.Reader
}

// Limits on an uploaded evidence file.
const (
	MaxFileMB = 10
)

// evidenceTypes are the types an evidence file may have, judged from its bytes.
var evidenceTypes = []string{"image/jpeg", "image/png", "application/pdf"}

// storeUpload checks an uploaded file's type from its first bytes and stores it; the field
// names the file in errors.
func (s *Service) storeUpload(u Upload, field string, v *errs.ValidationError) (Evidence, bool, error) {
	if s.d.Files == nil {
		v.Add(field, "unsupported", "this server keeps no evidence files")
		return Evidence{}, false, nil
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(u.R, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Evidence{}, false, fmt.Errorf("read evidence file: %w", err)
	}
	head = head[:n]
	if n == 0 {
		v.Add(field, "empty", "the file is empty")
		return Evidence{}, false, nil
	}
	ct := strings.SplitN(http.DetectContentType(head), ";", 2)[0]
	if !slices.Contains(evidenceTypes, ct) {
		v.Add(field, "unsupported_type", "only JPEG, PNG and PDF files are accepted")
		return Evidence{}, false, nil
	}
	sha, size, err := s.d.Files.Put(io.MultiReader(bytes.NewReader(head), u.R), MaxFileMB<<20)
	var ve *errs.ValidationError
	if errors.As(err, &ve) {
		v.Add(field, "too_large", "the file is larger than "+strconv.Itoa(MaxFileMB)+" MB")
		return Evidence{}, false, nil
	}
	if err != nil {
		return Evidence{}, false, fmt.Errorf("store evidence file: %w", err)
	}
	name := filepath.Base(strings.TrimSpace(u.Name))
	if name == "" || name == "." || name == "/" || len(name) > 200 {
		name = "file"
	}
	return Evidence{ID: uuid.NewString(), Name: name, Size: size, ContentType: ct, SHA256: sha, Uploaded: true}, true, nil
}

// EvidenceFile returns an evidence file uploaded with an answer to notice id and its bytes, to
// the notice's parties only: the unit and those whose notice:read scope sc covers it (circulated
// notices' other readers see the answer's words, not its files). Anything else is ErrNotFound.
func (s *Service) EvidenceFile(ctx context.Context, sc scope.Scope, id int64, fileID string) (Evidence, *os.File, error) {
	if _, err := uuid.Parse(fileID); err != nil || s.d.Files == nil {
		return Evidence{}, nil, errs.ErrNotFound
	}
	if _, err := s.d.Store.get(ctx, sc, false, id); err != nil {
		return Evidence{}, nil, err
	}
	evs, err := s.d.Store.events(ctx, id)
	if err != nil {
		return Evidence{}, nil, err
	}
	for _, e := range evs {
		for _, f := range e.Evidence {
			if f.Uploaded && f.ID == fileID {
				r, err := s.d.Files.Open(f.SHA256)
				if errors.Is(err, os.ErrNotExist) {
					return Evidence{}, nil, errs.ErrNotFound
				}
				if err != nil {
					return Evidence{}, nil, fmt.Errorf("open evidence file of notice %d: %w", id, err)
				}
				return f, r, nil
			}
		}
	}
	return Evidence{}, nil, errs.ErrNotFound
}
