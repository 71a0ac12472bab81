package redact

import "strings"

// Rules that look inside one argument, wherever it sits in argv. A single
// pass over the bytes (triggers) finds which rules can possibly match, so a
// clean argument costs one short loop rather than a search per rule.

// trigger is a set of single-argument rules worth running on an argument.
type trigger uint8

const (
	trigAssign trigger = 1 << iota // '=': NAME=value
	trigColon                      // ':': headers, URLs, quoted pairs
	trigBearer                     // the word "bearer", any case
	trigJWT                        // "eyJ"
	trigAWS                        // "AKIA" or "ASIA"
	trigVendor                     // a vendor token prefix
)

// triggerStart marks the bytes that can start a trigger keyword; the table
// keeps the common case, a byte that starts nothing, to one load and branch.
var triggerStart = func() (t [256]bool) {
	for _, c := range []byte("=:bBeAgx") {
		t[c] = true
	}
	return t
}()

// triggers returns the rules whose keyword occurs in s.
func triggers(s string) trigger {
	var t trigger
	for i := 0; i < len(s); i++ {
		if !triggerStart[s[i]] {
			continue
		}
		switch s[i] {
		case '=':
			t |= trigAssign
		case ':':
			t |= trigColon
		case 'b', 'B':
			if hasPrefixFold(s[i:], "bearer") {
				t |= trigBearer
			}
		case 'e':
			if strings.HasPrefix(s[i:], "eyJ") {
				t |= trigJWT
			}
		case 'A':
			if strings.HasPrefix(s[i:], "AKIA") || strings.HasPrefix(s[i:], "ASIA") {
				t |= trigAWS
			}
		case 'g':
			if strings.HasPrefix(s[i:], "gh") || strings.HasPrefix(s[i:], "github_pat_") || strings.HasPrefix(s[i:], "glpat-") {
				t |= trigVendor
			}
		case 'x':
			if strings.HasPrefix(s[i:], "xox") {
				t |= trigVendor
			}
		}
	}
	return t
}

// scanText appends the spans of all single-argument rules. script is true
// when s is a whole shell script, where a value ends at the next word.
func scanText(dst []span, s string, script bool) []span {
	t := triggers(s)
	if t == 0 {
		return dst
	}
	if t&trigAssign != 0 {
		dst = scanAssignments(dst, s, script)
	}
	if t&trigColon != 0 {
		dst = scanHeaders(dst, s)
		dst = scanQuotedPairs(dst, s)
		dst = scanURLs(dst, s)
	}
	if t&trigBearer != 0 {
		dst = scanBearer(dst, s)
	}
	if t&trigJWT != 0 {
		dst = scanJWTs(dst, s)
	}
	if t&trigAWS != 0 {
		dst = scanAWSKeys(dst, s)
	}
	if t&trigVendor != 0 {
		dst = scanVendorTokens(dst, s)
	}
	return dst
}

// scanAssignments masks the value of NAME=value when NAME is sensitive. It
// covers --password=x, -password=x, DB_PASSWORD=x (env, export, docker -e),
// -Djavax.net.ssl.keyStorePassword=x, and pairs inside an argument such as
// "?token=x&a=b", "user=a password=b" or --from-literal=password=x.
//
// A name that starts the argument owns the rest of it, since a password may
// contain any byte. A name further in must follow a separator and its value
// ends at the next one, so "a=b&token=c&d=e" keeps d=e.
func scanAssignments(dst []span, s string, script bool) []span {
	for from := 0; from < len(s); {
		eq := strings.IndexByte(s[from:], '=')
		if eq < 0 {
			break
		}
		eq += from
		from = eq + 1
		k := eq
		for k > 0 && isNameChar(s[k-1]) {
			k--
		}
		if k == eq || (k > 0 && !isPairSeparator(s[k-1])) || !sensitiveName(s[k:eq]) {
			continue
		}
		start, end := eq+1, len(s)
		switch {
		case start < len(s) && (s[start] == '"' || s[start] == '\''):
			// password='a b' (libpq, shell): the quotes delimit the value.
			if q := strings.IndexByte(s[start+1:], s[start]); q >= 0 {
				end = start + 1 + q
			}
			start++
		case k > 0 || script:
			end = valueEnd(s, start)
		}
		dst = add(dst, start, end)
		from = end
	}
	return dst
}

// isPairSeparator reports whether c may precede a NAME= inside an argument:
// query strings, connection strings, mount options, shell words, JSON-ish
// braces, and another '=' (--from-literal=password=x).
func isPairSeparator(c byte) bool {
	return isSpace(c) || strings.IndexByte("&?;,='\"{(", c) >= 0
}

// valueEnd returns the end of an unquoted value starting at i.
func valueEnd(s string, i int) int {
	for i < len(s) && !isSpace(s[i]) && strings.IndexByte("&;,'\"|)}", s[i]) < 0 {
		i++
	}
	return i
}

// scanHeaders masks the value of a sensitive HTTP header, as passed to
// curl -H / --header, wget --header or httpie: "Authorization: Bearer x",
// "X-Api-Key: x", "Private-Token: x", "Cookie: a=b". The header must start
// the argument, follow the first '=' (--header=...) or be glued to -H.
func scanHeaders(dst []span, s string) []span {
	dst = scanHeader(dst, s, 0)
	if eq := strings.IndexByte(s, '='); eq >= 0 {
		dst = scanHeader(dst, s, eq+1)
	}
	if strings.HasPrefix(s, "-H") {
		dst = scanHeader(dst, s, 2)
	}
	return dst
}

func scanHeader(dst []span, s string, at int) []span {
	i := at
	for i < len(s) && (isAlnum(s[i]) || s[i] == '-' || s[i] == '_') {
		i++
	}
	if i == at || i >= len(s) || s[i] != ':' || strings.HasPrefix(s[i+1:], "//") {
		return dst
	}
	name := s[at:i]
	v := i + 1
	spaced := v < len(s) && (s[v] == ' ' || s[v] == '\t')
	for v < len(s) && (s[v] == ' ' || s[v] == '\t') {
		v++
	}
	if v == len(s) || !sensitiveName(name) {
		return dst
	}
	auth := strings.EqualFold(name, "authorization") || hasSuffixFold(name, "-authorization")
	// "token:abc" or "secret:latest" without a space is more likely a
	// volume or image reference than a header; real header names are
	// hyphenated, spaced, or one of the two well-known single words.
	if !spaced && !auth && strings.IndexByte(name, '-') < 0 && !strings.EqualFold(name, "cookie") {
		return dst
	}
	if auth {
		// Keep the scheme (Bearer, Basic, token, Digest): it says what
		// kind of credential was used without revealing it.
		if sp := strings.IndexAny(s[v:], " \t"); sp > 0 {
			v += sp
			for v < len(s) && (s[v] == ' ' || s[v] == '\t') {
				v++
			}
		}
	}
	return add(dst, v, len(s))
}

// maxKeyLen bounds the length of a quoted key.
const maxKeyLen = 64

// scanQuotedPairs masks values of sensitive keys in JSON or Python-style
// literals, as in curl -d '{"password":"x"}'.
func scanQuotedPairs(dst []span, s string) []span {
	if strings.IndexByte(s, '"') < 0 && strings.IndexByte(s, '\'') < 0 {
		return dst
	}
	for i := 0; i < len(s); i++ {
		if s[i] != ':' {
			continue
		}
		p := i - 1
		for p >= 0 && s[p] == ' ' {
			p--
		}
		if p < 1 || (s[p] != '"' && s[p] != '\'') {
			continue
		}
		// Keys are short; bounding the search keeps a string of many
		// quotes and colons linear.
		lo := max(0, p-maxKeyLen)
		o := strings.LastIndexByte(s[lo:p], s[p])
		if o < 0 || !isName(s[lo+o+1:p]) || !sensitiveName(s[lo+o+1:p]) {
			continue
		}
		v := i + 1
		for v < len(s) && s[v] == ' ' {
			v++
		}
		if v >= len(s) {
			break
		}
		end := v
		if q := s[v]; q == '"' || q == '\'' {
			v++
			end = closingQuote(s, v, q)
		} else {
			for end < len(s) && !isSpace(s[end]) && strings.IndexByte(",}]", s[end]) < 0 {
				end++
			}
		}
		dst = add(dst, v, end)
		i = end
	}
	return dst
}

// closingQuote returns the index of the quote q that closes a string
// starting at i, skipping backslash escapes, or len(s) when unterminated.
func closingQuote(s string, i int, q byte) int {
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return i
		}
	}
	return len(s)
}

// scanURLs masks the password of scheme://user:password@host, for any
// scheme (https, postgres, redis, amqp, ...). A URL without a password
// (ssh://git@host) is left alone.
func scanURLs(dst []span, s string) []span {
	for from := 0; ; {
		i := strings.Index(s[from:], "://")
		if i < 0 {
			return dst
		}
		a := from + i + 3
		e := a
		for e < len(s) && !isSpace(s[e]) && strings.IndexByte("/?#\"'", s[e]) < 0 {
			e++
		}
		from = e
		// The last '@' ends the user info: an unescaped '@' in the
		// password must not leak the rest of it.
		at := strings.LastIndexByte(s[a:e], '@')
		if at < 0 {
			continue
		}
		if c := strings.IndexByte(s[a:a+at], ':'); c >= 0 {
			dst = add(dst, a+c+1, a+at)
		}
	}
}

// scanBearer masks the token after the word Bearer anywhere in an argument,
// keeping the word itself.
func scanBearer(dst []span, s string) []span {
	const word = "bearer"
	for from := 0; from < len(s); {
		i := indexFold(s[from:], word)
		if i < 0 {
			break
		}
		i += from
		from = i + len(word)
		if i > 0 && isAlnum(s[i-1]) {
			continue
		}
		v := from
		for v < len(s) && (s[v] == ' ' || s[v] == '\t') {
			v++
		}
		if v == from {
			continue
		}
		end := v
		for end < len(s) && isToken68(s[end]) {
			end++
		}
		for end < len(s) && s[end] == '=' {
			end++
		}
		dst = add(dst, v, end)
		from = max(end, from)
	}
	return dst
}

// isToken68 reports whether c may appear in an RFC 7235 token68 credential
// (before its '=' padding).
func isToken68(c byte) bool {
	return isAlnum(c) || strings.IndexByte("-._~+/", c) >= 0
}

// isB64URL reports whether c is in the base64url alphabet.
func isB64URL(c byte) bool {
	return isAlnum(c) || c == '-' || c == '_'
}

// scanJWTs masks JSON Web Tokens: three base64url segments separated by
// dots, the first starting with "eyJ" (base64 of `{"`). The header must be
// long enough to hold `{"alg":`, which keeps names like eyJx.tar.gz out; the
// signature may be empty (alg "none").
func scanJWTs(dst []span, s string) []span {
	for from := 0; ; {
		i := strings.Index(s[from:], "eyJ")
		if i < 0 {
			return dst
		}
		i += from
		from = i + 3
		if i > 0 && isB64URL(s[i-1]) {
			continue
		}
		header := runEnd(s, i, isB64URL)
		if header-i < 10 || header >= len(s) || s[header] != '.' {
			continue
		}
		payload := runEnd(s, header+1, isB64URL)
		if payload-header-1 < 2 || payload >= len(s) || s[payload] != '.' {
			continue
		}
		end := runEnd(s, payload+1, isB64URL)
		dst = add(dst, i, end)
		from = end
	}
}

// runEnd returns the end of the run of bytes accepted by ok starting at i.
func runEnd(s string, i int, ok func(byte) bool) int {
	for i < len(s) && ok(s[i]) {
		i++
	}
	return i
}

// scanAWSKeys masks AWS access key IDs: AKIA (long-term) or ASIA
// (temporary) followed by 16 upper-case letters or digits, as a whole word.
func scanAWSKeys(dst []span, s string) []span {
	dst = scanAWSPrefix(dst, s, "AKIA")
	return scanAWSPrefix(dst, s, "ASIA")
}

func scanAWSPrefix(dst []span, s, prefix string) []span {
	const size = 20
	for from := 0; ; {
		i := strings.Index(s[from:], prefix)
		if i < 0 {
			return dst
		}
		i += from
		from = i + len(prefix)
		end := i + size
		if end > len(s) || (i > 0 && isAlnum(s[i-1])) || (end < len(s) && isAlnum(s[end])) {
			continue
		}
		if runEnd(s, from, isUpperOrDigit) >= end {
			dst = add(dst, i, end)
			from = end
		}
	}
}

func isUpperOrDigit(c byte) bool {
	return 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// vendorToken is a credential recognisable by its prefix alone. These are
// the ones most often pasted into command lines, notably as the user name
// of a git URL (https://ghp_...@github.com/...), which scanURLs cannot see
// because there is no password part.
type vendorToken struct {
	prefix string
	min    int // minimum length of the body after the prefix
	body   func(byte) bool
}

var vendorTokens = []vendorToken{
	{"ghp_", 30, isAlnum},           // GitHub personal access token
	{"gho_", 30, isAlnum},           // GitHub OAuth token
	{"ghu_", 30, isAlnum},           // GitHub user-to-server token
	{"ghs_", 30, isAlnum},           // GitHub server-to-server token
	{"ghr_", 30, isAlnum},           // GitHub refresh token
	{"github_pat_", 30, isWordChar}, // GitHub fine-grained token
	{"glpat-", 20, isB64URL},        // GitLab personal access token
	{"xoxb-", 10, isB64URL},         // Slack bot token
	{"xoxp-", 10, isB64URL},         // Slack user token
	{"xoxa-", 10, isB64URL},         // Slack app token
	{"xoxr-", 10, isB64URL},         // Slack refresh token
	{"xoxs-", 10, isB64URL},         // Slack session token
}

// scanVendorTokens masks tokens from vendorTokens.
func scanVendorTokens(dst []span, s string) []span {
	for _, t := range vendorTokens {
		dst = scanVendorToken(dst, s, t)
	}
	return dst
}

func scanVendorToken(dst []span, s string, t vendorToken) []span {
	for from := 0; ; {
		i := strings.Index(s[from:], t.prefix)
		if i < 0 {
			return dst
		}
		i += from
		from = i + len(t.prefix)
		if i > 0 && isWordChar(s[i-1]) {
			continue
		}
		end := runEnd(s, from, t.body)
		if end-from >= t.min {
			dst = add(dst, i, end)
			from = end
		}
	}
}

func isWordChar(c byte) bool {
	return isAlnum(c) || c == '_'
}
