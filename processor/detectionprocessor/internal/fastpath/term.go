package fastpath

import (
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

type termKind int

const (
	termPresent   termKind = iota // != nil
	termStrEqual                  // == "x", or in a list of strings
	termIntEqual                  // == 3, or in a list of integers
	termBoolEqual                 // == true
	termMatch                     // IsMatch, HasPrefix, HasSuffix on a string
	termHas                       // a string slice attribute holds a string
	termEvent                     // event_name == "x"
	termCIDR                      // IsInCIDR
	termSubstring                 // ContainsValue(list, ExtractPatterns(…)[…]): a list item is in the string
)

type term struct {
	kind     termKind
	slot     int // of the attribute compared
	strs     []string
	set      map[string]struct{} // strs, when there are many
	ints     []int64
	boolean  bool
	lower    bool // compared as ConvertCase(…, "lower"): the strings are lower case
	re       *regexp.Regexp
	lits     *literals // what re needs, checked first
	prefix   string
	suffix   string
	prefixes []netip.Prefix
	outcomes [3]outcome // by verdict: setOutcomes
}

// eval judges one comparison as OTTL would, and says where OTTL may fail
// on it.
func (t *term) eval(values *Values) outcome { return t.outcomes[t.judge(values)] }

// setOutcomes fixes what each verdict of the term means for OTTL: a
// function's Maybe may be OTTL failing (on nil, on a value of another
// type), and so may the No of an extracted part (the pattern did not
// match, and the map ExtractPatterns returns lacks the name). Comparisons
// never fail.
func (t *term) setOutcomes() {
	t.outcomes = [3]outcome{No: outcome(No), Maybe: outcome(Maybe), Yes: outcome(Yes)}
	if t.canFail() {
		t.outcomes[Maybe] |= mayFail
	}
	if t.kind == termSubstring {
		t.outcomes[No] |= mayFail
	}
}

// canFail says whether OTTL may fail on the term: it calls a function of
// the attribute (ConvertCase, IsMatch, HasPrefix, HasSuffix, IsInCIDR,
// ExtractPatterns, ContainsValue of the attribute) that fails on nil or on
// a value of another type. ContainsValue of a list literal fails on
// nothing.
func (t *term) canFail() bool {
	switch t.kind {
	case termMatch, termHas, termCIDR, termSubstring:
		return true
	}
	return t.lower
}

// judge judges one comparison as OTTL would: a missing attribute is nil,
// which equals no string, number or bool and is in no list; values of an
// unexpected type (a double for an integer, bytes for a string, a
// non-ASCII string for a case-folded list) are left to OTTL.
func (t *term) judge(values *Values) Verdict {
	v, ok := values.get(t.slot)
	if !ok {
		switch {
		case t.lower: // ConvertCase fails on nil
		case t.kind == termPresent, t.kind == termStrEqual, t.kind == termIntEqual, t.kind == termBoolEqual:
			return No
		}
		return Maybe // what the functions make of nil is theirs to say
	}
	switch t.kind {
	case termPresent:
		if v.Type() == pcommon.ValueTypeBytes && v.Bytes().Len() == 0 {
			return Maybe // OTTL reads empty bytes as a nil slice
		}
		return Yes
	case termStrEqual:
		if t.lower && v.Type() != pcommon.ValueTypeStr {
			return Maybe // ConvertCase fails on what is not a string
		}
		switch v.Type() {
		case pcommon.ValueTypeStr:
		case pcommon.ValueTypeInt, pcommon.ValueTypeDouble, pcommon.ValueTypeBool:
			return No // OTTL does not equate them with strings
		default:
			return Maybe
		}
		s := v.Str()
		if t.lower {
			if !isASCII(s) {
				return Maybe
			}
			for _, want := range t.strs {
				if equalLowerASCII(s, want) {
					return Yes
				}
			}
			return No
		}
		if t.set != nil {
			_, ok := t.set[s]
			return verdict(ok)
		}
		return verdict(slices.Contains(t.strs, s))
	case termIntEqual:
		switch v.Type() {
		case pcommon.ValueTypeInt:
			return verdict(slices.Contains(t.ints, v.Int()))
		case pcommon.ValueTypeStr, pcommon.ValueTypeBool:
			return No
		}
		return Maybe
	case termBoolEqual:
		switch v.Type() {
		case pcommon.ValueTypeBool:
			return verdict(v.Bool() == t.boolean)
		case pcommon.ValueTypeStr, pcommon.ValueTypeInt, pcommon.ValueTypeDouble:
			return No
		}
		return Maybe
	case termHas:
		if v.Type() != pcommon.ValueTypeSlice {
			return Maybe
		}
		items := v.Slice()
		for i := range items.Len() {
			if item := items.At(i); item.Type() == pcommon.ValueTypeStr && item.Str() == t.strs[0] {
				return Yes
			}
		}
		return No
	case termCIDR:
		if v.Type() != pcommon.ValueTypeStr {
			return Maybe
		}
		return t.inCIDR(v.Str())
	case termSubstring:
		if v.Type() != pcommon.ValueTypeStr {
			return Maybe
		}
		// What is extracted is part of the string: when no item is in it,
		// none can be extracted; else the pattern may extract one, OTTL
		// tells.
		if found, ascii := values.literalsIn(t.slot, v.Str()); !t.lits.match(found, ascii) {
			return No
		}
		return Maybe
	case termMatch:
		if v.Type() != pcommon.ValueTypeStr {
			return Maybe // converted by OTTL, or an error there
		}
		s := v.Str()
		switch {
		case t.re != nil:
			if t.lits != nil {
				if found, ascii := values.literalsIn(t.slot, s); !t.lits.match(found, ascii) {
					return No
				}
			}
			return verdict(t.re.MatchString(s))
		case t.prefix != "":
			return verdict(strings.HasPrefix(s, t.prefix))
		default:
			return verdict(strings.HasSuffix(s, t.suffix))
		}
	}
	return Maybe
}

// equalLowerASCII says whether the ASCII string s, lower-cased, is want.
func equalLowerASCII(s, want string) bool {
	if len(s) != len(want) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != want[i] {
			return false
		}
	}
	return true
}

// inCIDR is OTTL's IsInCIDR (net.ParseIP, net.IPNet.Contains) without
// allocating: an address with a zone is no address; an IPv4 address, also
// written as IPv4-mapped IPv6, is only in IPv4 networks.
func (t *term) inCIDR(s string) Verdict {
	addr, err := netip.ParseAddr(s)
	if err != nil || addr.Zone() != "" {
		return No
	}
	addr = addr.Unmap()
	for _, p := range t.prefixes {
		if p.Addr().Is4() == addr.Is4() && p.Contains(addr) {
			return Yes
		}
	}
	return No
}
