package redact

import "strings"

// Rules that depend on neighbouring words live here: "--password x", where
// the secret is the next word, and program-specific short options such as
// mysql -pSECRET, which are only secrets for that program (-p is a port, a
// parents flag or a PID elsewhere). The same walker runs over argv and over
// the words of a "sh -c" script.

// expect is what the previous word asks of the current one.
type expect uint8

const (
	expectNone     expect = iota
	expectSecret          // the value of a secret flag: mask it whole
	expectUserPass        // curl -u user:password: mask after the colon
	expectScript          // the script of sh -c: scan its words too
)

// program is a set of programs with their own secret-bearing options.
type program uint8

const (
	progMySQL   program = 1 << iota // -pSECRET (attached only: "-p db" prompts)
	progSSHPass                     // sshpass -p SECRET
	progRedis                       // redis-cli -a SECRET
	progCurl                        // curl -u / --user user:password
	progShell                       // sh -c 'script'
)

// walker carries state from word to word. seen accumulates programs named so
// far, not just argv[0], so that "sudo mysql -pX" or
// "docker exec db mysql -pX" are covered too.
type walker struct {
	seen program
	next expect
}

// step processes one word at offset off of the argument being scanned and
// reports which expectation it satisfied.
func (w *walker) step(dst []span, word string, off int) ([]span, expect) {
	want := w.next
	w.next = expectNone
	// A flag is never a value: "--auth --port 1" must not mask --port.
	// The cost is that a secret starting with a dash and a letter is missed.
	if want != expectNone && !isFlagLike(word) {
		switch want {
		case expectSecret:
			return addValue(dst, word, off), want
		case expectUserPass:
			return addUserPass(dst, word, off), want
		case expectScript:
			return dst, want
		}
	}
	if len(word) > 1 && word[0] == '-' {
		return w.flag(dst, word, off), expectNone
	}
	w.seen |= programOf(word)
	return dst, expectNone
}

// flag handles a word starting with '-'. A generic --name=value is left to
// scanAssignments, which also finds it inside scripts and other arguments.
func (w *walker) flag(dst []span, word string, off int) []span {
	name, value, hasValue := strings.Cut(word, "=")
	// Program-specific options first: in mysql -pTopSecret the glued value
	// must not be mistaken for a flag named "pTopSecret".
	switch {
	case w.seen&(progMySQL|progSSHPass) != 0 && hasAttached(word, "-p"):
		return addValue(dst, word[2:], off+2)
	case w.seen&progSSHPass != 0 && word == "-p":
		w.next = expectSecret
	case w.seen&progRedis != 0 && word == "-a":
		w.next = expectSecret
	case w.seen&progCurl != 0 && isCurlUser(name):
		if hasValue {
			return addUserPass(dst, value, off+len(name)+1)
		}
		w.next = expectUserPass
	case w.seen&progCurl != 0 && hasAttached(word, "-u"):
		return addUserPass(dst, word[2:], off+2)
	case w.seen&progShell != 0 && isScriptFlag(word):
		w.next = expectScript
	case !hasValue && isName(name[1:]) && sensitiveName(name):
		w.next = expectSecret
	}
	return dst
}

// programOf identifies a program by the base name of a word.
func programOf(word string) program {
	base := word[strings.LastIndexByte(word, '/')+1:]
	switch base {
	case "sshpass":
		return progSSHPass
	case "redis-cli", "valkey-cli", "keydb-cli":
		return progRedis
	case "curl":
		return progCurl
	case "sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "busybox", "su":
		return progShell
	}
	// mysql, mysqldump, mysqladmin, mariadb, mariadb-dump, ...
	if strings.HasPrefix(base, "mysql") || strings.HasPrefix(base, "mariadb") {
		return progMySQL
	}
	return 0
}

// scanScript walks the whitespace-separated words of a shell script given to
// sh -c, so that "--password x" or "mysql -pX" inside it are found. Quoting
// is not parsed; addValue strips the quotes around a single word.
func scanScript(dst []span, script string) []span {
	var w walker
	for i := 0; i < len(script); {
		for i < len(script) && isSpace(script[i]) {
			i++
		}
		start := i
		for i < len(script) && !isSpace(script[i]) {
			i++
		}
		if start < i {
			dst, _ = w.step(dst, script[start:i], start)
		}
	}
	return dst
}

// isFlagLike reports whether word looks like an option rather than a value.
// "-" (stdin) and "-5" are values.
func isFlagLike(word string) bool {
	return len(word) > 1 && word[0] == '-' && (word[1] == '-' || isLetter(word[1]))
}

// hasAttached reports whether word is the short option opt with a value
// glued to it, as in -pSECRET. "--p..." is a different, long option.
func hasAttached(word, opt string) bool {
	return len(word) > len(opt) && strings.HasPrefix(word, opt)
}

func isCurlUser(name string) bool {
	switch name {
	case "-u", "--user", "-U", "--proxy-user":
		return true
	}
	return false
}

// isScriptFlag matches -c and the bundled forms -lc, -ec, -xc.
func isScriptFlag(word string) bool {
	if len(word) < 2 || word[0] != '-' || strings.IndexByte(word, 'c') < 0 {
		return false
	}
	for i := 1; i < len(word); i++ {
		if !isLetter(word[i]) {
			return false
		}
	}
	return true
}

// addValue masks a whole word, or only its inside when it is quoted, so the
// quotes of a shell script stay balanced.
func addValue(dst []span, word string, off int) []span {
	start, end := unquote(word)
	return add(dst, off+start, off+end)
}

// addUserPass masks the password of user:password; a bare user name is not
// secret (curl then prompts for the password).
func addUserPass(dst []span, word string, off int) []span {
	start, end := unquote(word)
	c := strings.IndexByte(word[start:end], ':')
	if c < 0 {
		return dst
	}
	return add(dst, off+start+c+1, off+end)
}

// unquote returns the bounds of word without one pair of matching quotes.
func unquote(word string) (start, end int) {
	n := len(word)
	if n >= 2 && (word[0] == '"' || word[0] == '\'') && word[n-1] == word[0] {
		return 1, n - 1
	}
	return 0, n
}
