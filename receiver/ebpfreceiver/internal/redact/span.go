package redact

import "strings"

// span is a half-open byte range [start, end) of an argument to mask.
type span struct{ start, end int }

// add appends [start, end) unless it is empty: an empty value (--password=)
// has nothing to hide, and masking it would invent a secret.
func add(dst []span, start, end int) []span {
	if start >= end {
		return dst
	}
	return append(dst, span{start, end})
}

// apply replaces the spans of s with Mask. Overlapping spans, found by
// different rules, are merged so each secret becomes a single Mask. A span
// that is already nothing but '*' is left alone: it is a previous Mask, and
// replacing it again would only grow it.
func apply(s string, spans []span) (string, bool) {
	sortSpans(spans)
	merged := spans[:1]
	for _, sp := range spans[1:] {
		last := &merged[len(merged)-1]
		if sp.start < last.end {
			last.end = max(last.end, sp.end)
			continue
		}
		merged = append(merged, sp)
	}

	var b strings.Builder
	done := 0
	for _, sp := range merged {
		if onlyStars(s[sp.start:sp.end]) {
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s) + len(Mask)*len(merged))
		}
		b.WriteString(s[done:sp.start])
		b.WriteString(Mask)
		done = sp.end
	}
	if b.Len() == 0 {
		return s, false
	}
	b.WriteString(s[done:])
	return b.String(), true
}

// sortSpans orders spans by start. Insertion sort: there are only a few, and
// sort.Slice would make the slice escape to the heap.
func sortSpans(spans []span) {
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j].start < spans[j-1].start; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
}

func onlyStars(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '*' {
			return false
		}
	}
	return true
}
