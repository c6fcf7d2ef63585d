package submission

import (
	"context"
	"fmt"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/form"
)

// checkAttachments refuses attachment values that were not uploaded to this submission and
// this field: another school's file id, a made-up id or a path is a field error, and so is the
// same file listed twice in one field. The upload record is the only thing that vouches for a file.
func (s *Service) checkAttachments(ctx context.Context, subID int64, f *form.Form, values map[string]any) error {
	var fields []string
	for _, fd := range f.Fields {
		if fd.Type == form.TypeAttachment {
			if _, ok := values[fd.Key]; ok {
				fields = append(fields, fd.Key)
			}
		}
	}
	if len(fields) == 0 {
		return nil
	}
	owned, err := s.store.attachmentFields(ctx, subID)
	if err != nil {
		return err
	}
	v := &errs.ValidationError{}
	for _, key := range fields {
		items, _ := values[key].([]any)
		seen := map[string]bool{}
		for j, it := range items {
			m, _ := it.(map[string]any)
			id, _ := m["id"].(string)
			path := fmt.Sprintf("%s[%d]", key, j)
			switch {
			case owned[id] != key:
				v.Add(path, "unknown_attachment", "this file was not uploaded to this field of this submission")
			case seen[id]:
				v.Add(path, "duplicate", "this file is already attached to the field")
			}
			seen[id] = true
		}
	}
	return v.OrNil()
}

// attachmentFields maps the public id of every file uploaded to a submission to its field.
func (s *Store) attachmentFields(ctx context.Context, subID int64) (map[string]string, error) {
	var rows []attachmentRow
	if err := s.db.WithContext(ctx).Select("public_id", "field").Where("submission_id = ?", subID).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.PublicID] = r.Field
	}
	return out, nil
}
