package form

import (
	"fmt"
	"io/fs"
	"path"
)

// LoadSeedForms parses every forms/*.yaml in fsys (seeds.FS in production), in file name order.
// A form whose code is not its file name, or a code used twice, is an error: seeds are addressed
// by code and must be unambiguous.
func LoadSeedForms(fsys fs.FS) ([]*Form, error) {
	names, err := fs.Glob(fsys, "forms/*.yaml")
	if err != nil {
		return nil, err
	}
	forms := make([]*Form, 0, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		f, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if want := path.Base(name[:len(name)-len(".yaml")]); f.Code != want {
			return nil, fmt.Errorf("%s: form code %q does not match the file name", name, f.Code)
		}
		forms = append(forms, f)
	}
	return forms, nil
}
