package briefing

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// convertTimeout bounds one LibreOffice conversion.
const convertTimeout = 2 * time.Minute

// ConvertPDF converts a DOCX to PDF with LibreOffice headless (soffice is its binary), in a
// temporary directory that also holds a private LibreOffice profile, so conversions running at
// once do not share (and lock) one profile.
func ConvertPDF(ctx context.Context, soffice string, docx []byte) ([]byte, error) {
	dir, err := os.MkdirTemp("", "tianbao-briefing-")
	if err != nil {
		return nil, fmt.Errorf("temporary directory: %w", err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	in := filepath.Join(dir, "briefing.docx")
	if err := os.WriteFile(in, docx, 0o600); err != nil {
		return nil, fmt.Errorf("write document: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, convertTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %w: %s", soffice, err, bytes.TrimSpace(stderr.Bytes()))
	}
	out, err := os.ReadFile(filepath.Join(dir, "briefing.pdf"))
	if err != nil {
		return nil, fmt.Errorf("%s wrote no PDF: %w: %s", soffice, err, bytes.TrimSpace(stderr.Bytes()))
	}
	return out, nil
}
