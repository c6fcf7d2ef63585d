package form

import (
	"bytes"
	"encoding/json"
	"fmt"

	"gopkg.in/yaml.v3"
)

// YAML writes a form schema as YAML in block style, fields in the schema's order, that Parse
// reads back to an equal form: numbers in rules stay numbers (the JSON literal, exactly) and
// decimal bounds stay text.
func YAML(f *Form) ([]byte, error) {
	j, err := json.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("form %s as YAML: %w", f.Code, err)
	}
	// JSON is YAML: its parse keeps key order and number literals, and a node tree without
	// styles is written in block style, quoting only what would otherwise read differently.
	var n yaml.Node
	if err := yaml.Unmarshal(j, &n); err != nil {
		return nil, fmt.Errorf("form %s as YAML: %w", f.Code, err)
	}
	plain(&n)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, fmt.Errorf("form %s as YAML: %w", f.Code, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("form %s as YAML: %w", f.Code, err)
	}
	return buf.Bytes(), nil
}

// plain clears the styles of a node tree.
func plain(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plain(c)
	}
}
