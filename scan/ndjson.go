package scan

import (
	"encoding/json"
	"unicode/utf8"
)

// The NDJSON records; docs/NDJSON.md documents the schema. Field order is
// fixed by these structs, so the output is stable.
type (
	jsonRule struct {
		Target    []string     `json:"target"`
		Namespace string       `json:"namespace"`
		Rule      string       `json:"rule"`
		Matched   bool         `json:"matched"`
		Tags      []string     `json:"tags"`
		Meta      []jsonMeta   `json:"meta"`
		Strings   []jsonString `json:"strings"`
	}
	jsonMeta struct {
		Key         string `json:"key"`
		Value       any    `json:"value"`
		ValueBase64 []byte `json:"value_base64,omitempty"`
	}
	jsonString struct {
		Identifier string `json:"identifier"`
		Offset     int64  `json:"offset"`
		Length     int    `json:"length"`
		Data       []byte `json:"data"`
		Text       string `json:"text"`
		Hex        bool   `json:"hex,omitempty"`
		XorKey     *int   `json:"xor_key,omitempty"`
	}
	jsonEvent struct {
		Target  []string `json:"target"`
		Event   string   `json:"event"`
		Message string   `json:"message"`
	}
	jsonCount struct {
		Target []string `json:"target"`
		Count  int      `json:"count"`
	}
)

// AppendJSONRule appends one NDJSON line for rule r found in the object at
// path; strings are included when withStrings is set (-s or -L).
func AppendJSONRule(buf []byte, r *RuleResult, path []string, withStrings bool) []byte {
	rec := jsonRule{
		Target:    path,
		Namespace: r.Namespace,
		Rule:      r.Rule,
		Matched:   r.Matched,
		Tags:      r.Tags,
		Meta:      make([]jsonMeta, 0, len(r.Meta)),
		Strings:   []jsonString{},
	}
	if rec.Tags == nil {
		rec.Tags = []string{}
	}
	for _, m := range r.Meta {
		jm := jsonMeta{Key: m.Key, Value: m.Value}
		if s, ok := m.Value.(string); ok && !utf8.ValidString(s) {
			jm.ValueBase64 = []byte(s)
		}
		rec.Meta = append(rec.Meta, jm)
	}
	if withStrings {
		for i := range r.Strings {
			s := &r.Strings[i]
			js := jsonString{
				Identifier: s.Identifier,
				Offset:     s.Offset,
				Length:     s.Length,
				Data:       s.Data,
				Hex:        s.Hex,
			}
			if js.Data == nil {
				js.Data = []byte{}
			}
			if js.Hex {
				js.Text = string(AppendHexData(nil, s.Data))
			} else {
				js.Text = string(AppendMatchText(nil, s.Data))
			}
			if s.XorKey >= 0 {
				k := s.XorKey
				js.XorKey = &k
			}
			rec.Strings = append(rec.Strings, js)
		}
	}
	return appendJSONLine(buf, rec)
}

// AppendJSONCount appends the NDJSON line of -c for the object at path.
func AppendJSONCount(buf []byte, path []string, count int) []byte {
	return appendJSONLine(buf, jsonCount{Target: path, Count: count})
}

// AppendJSONEvent appends the NDJSON line of an --unpack event (kind
// "limit", "encrypted", "unsupported" or "corrupt") about the object at path.
func AppendJSONEvent(buf []byte, path []string, kind, msg string) []byte {
	return appendJSONLine(buf, jsonEvent{Target: path, Event: kind, Message: msg})
}

func appendJSONLine(buf []byte, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Only unsupported meta value types can fail; they cannot come
		// from compiled rules. Say so in-band rather than drop the line.
		b, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	buf = append(buf, b...)
	return append(buf, '\n')
}
