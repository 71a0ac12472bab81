package detectionprocessor

import "go.opentelemetry.io/collector/pdata/pcommon"

func attr(m pcommon.Map, key string) string {
	if v, ok := m.Get(key); ok {
		return v.AsString()
	}
	return ""
}
