package engine

import "go.opentelemetry.io/collector/pdata/pcommon"

// Attr is an attribute as a string, "" when absent.
func Attr(m pcommon.Map, key string) string {
	if v, ok := m.Get(key); ok {
		return v.AsString()
	}
	return ""
}

// pcommonString is a value OTTL returned as the string its path would
// make of it.
func pcommonString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case pcommon.Value:
		return v.AsString()
	}
	val := pcommon.NewValueEmpty()
	if err := val.FromRaw(v); err != nil {
		return ""
	}
	return val.AsString()
}
