package redact

import "strings"

// A name (flag, environment variable, header or JSON key) is split into
// components at '-', '_' and '.', then each component is compared without
// regard to case. Working on components rather than raw substrings is what
// keeps --author, --max-tokens and --tokenizer out while still catching
// --db-pwd, keystorePassword and AWS_SECRET_ACCESS_KEY.

// secretSuffixes mark a component as secret when it ends with one of them,
// so compounds such as "keystorepassword", "clientsecret" or "oauth" match,
// while words that merely start with one ("tokens", "author") do not.
var secretSuffixes = []string{
	"password", "passwd", "pwd", "passphrase",
	"secret", "token", "credential", "credentials", "auth",
	"apikey", "accesskey", "secretkey", "privatekey", "authkey",
}

// secretWords must be a whole component: as suffixes they are too common
// ("bypass", "compass").
var secretWords = []string{"pass", "passin", "passout", "authorization", "cookie"}

// keyQualifiers turn a following "key" component into a secret, as in
// api-key, ACCESS_KEY or private.key; a bare --key is usually a file.
var keyQualifiers = []string{"api", "access", "secret", "private", "auth"}

var keyWords = []string{"key", "keys"}

// inertWords anywhere in a name mean the flag does not carry the secret
// itself: --no-auth, --ask-pass, --password-stdin, --prompt-password. These
// are mostly boolean flags, and treating them as secret would mask whatever
// argument happens to follow.
var inertWords = []string{"no", "skip", "ask", "stdin", "prompt", "enable", "disable"}

// referenceWords as the last component mean the value points at a secret or
// describes it rather than being it: --token-file=/var/run/secrets/x,
// PASSWORD_FILE=..., --auth-url, --auth-type=basic, --secret-name=db.
var referenceWords = []string{
	"file", "files", "path", "dir", "env", "url", "uri", "endpoint",
	"type", "mode", "method", "name", "jar",
}

// referenceSuffixes catch the same when written as one word: --passfile,
// --tokenpath, --secretsdir.
var referenceSuffixes = []string{"file", "path", "dir"}

// sensitiveName reports whether name labels a secret value. A leading dash
// marks a command-line flag; without it the name is an environment variable
// or key, where PWD and OLDPWD are the working directory, not a password.
func sensitiveName(name string) bool {
	if !mentionsSecret(name) {
		return false
	}
	dashed := strings.HasPrefix(name, "-")
	name = strings.TrimLeft(name, "-")
	if !dashed && (strings.EqualFold(name, "pwd") || strings.EqualFold(name, "oldpwd")) {
		return false
	}
	secret := false
	prev := ""
	for rest := name; rest != ""; {
		var part string
		part, rest = nextPart(rest)
		if part == "" {
			continue
		}
		if equalsAny(part, inertWords) {
			return false
		}
		if rest == "" && isReference(part) {
			return false
		}
		if isSecretPart(part) || (equalsAny(part, keyWords) && equalsAny(prev, keyQualifiers)) {
			secret = true
		}
		prev = part
	}
	return secret
}

// mentionsSecret is the cheap pre-check for sensitiveName: every secret
// word contains one of these fragments, so a name without any (--log-level,
// --namespace) is rejected in one pass over its bytes.
func mentionsSecret(name string) bool {
	for i := 0; i < len(name); i++ {
		if !secretStart[name[i]] {
			continue
		}
		rest := name[i:]
		switch name[i] | 0x20 {
		case 'p':
			if hasPrefixFold(rest, "pass") || hasPrefixFold(rest, "pwd") {
				return true
			}
		case 's':
			if hasPrefixFold(rest, "secret") {
				return true
			}
		case 't':
			if hasPrefixFold(rest, "token") {
				return true
			}
		case 'c':
			if hasPrefixFold(rest, "cred") || hasPrefixFold(rest, "cookie") {
				return true
			}
		case 'a':
			if hasPrefixFold(rest, "auth") {
				return true
			}
		case 'k':
			if hasPrefixFold(rest, "key") {
				return true
			}
		}
	}
	return false
}

// secretStart marks the first bytes of the fragments in mentionsSecret.
var secretStart = func() (t [256]bool) {
	for _, c := range []byte("psctakPSCTAK") {
		t[c] = true
	}
	return t
}()

// nextPart splits off the first component of a name and drops its trailing
// digits: PASSWORD2 and --token1 are still secrets.
func nextPart(name string) (part, rest string) {
	i := 0
	for i < len(name) && name[i] != '-' && name[i] != '_' && name[i] != '.' {
		i++
	}
	part, rest = name[:i], name[min(i+1, len(name)):]
	for len(part) > 0 && '0' <= part[len(part)-1] && part[len(part)-1] <= '9' {
		part = part[:len(part)-1]
	}
	return part, rest
}

func isSecretPart(part string) bool {
	return equalsAny(part, secretWords) || hasSuffixAny(part, secretSuffixes)
}

func isReference(part string) bool {
	return equalsAny(part, referenceWords) || hasSuffixAny(part, referenceSuffixes)
}

// isName reports whether s is a plausible flag or variable name, so that an
// argument such as "-x y" or "--a/b" is not taken for one.
func isName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameChar(s[i]) {
			return false
		}
	}
	return true
}

func isNameChar(c byte) bool {
	return isAlnum(c) || c == '_' || c == '-' || c == '.'
}

func equalsAny(s string, list []string) bool {
	for _, w := range list {
		if strings.EqualFold(s, w) {
			return true
		}
	}
	return false
}

func hasSuffixAny(s string, list []string) bool {
	for _, w := range list {
		if hasSuffixFold(s, w) {
			return true
		}
	}
	return false
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// hasSuffixFold is strings.HasSuffix ignoring ASCII case, without the
// allocation of lowering s first.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// indexFold returns the index of the first occurrence of lower (which must
// be lower-case ASCII letters) in s ignoring ASCII case, or -1.
func indexFold(s, lower string) int {
	for i := 0; i+len(lower) <= len(s); i++ {
		if s[i]|0x20 == lower[0] && strings.EqualFold(s[i:i+len(lower)], lower) {
			return i
		}
	}
	return -1
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isLetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
