package proctable

import (
	"path"
	"strings"
)

// ScriptPath is the script file an exec runs, made absolute against cwd
// (lexically: symbolic links are not resolved); "" when the program is not
// a script interpreter running a file. args is the argv before redaction,
// filename the path given to execve, exe the executable.
//
// A known interpreter (sh, bash, python3, perl…) is recognized by the last
// component of exe, argv[0] or filename, and its options are skipped as it
// would read them: the first operand is the script, and options such as
// "sh -c" or "python -m" mean there is none. Any other program whose argv
// holds the path given to execve as its second or third argument, under
// another name than argv[0]'s and the executable's, was started by the
// kernel for a "#!" script (binfmt_script puts the interpreter, its
// optional argument, then the script's path first).
func ScriptPath(exe, filename, cwd string, args []string) string {
	if len(args) == 0 {
		return ""
	}
	for _, name := range []string{exe, args[0], filename} {
		if name == "" {
			continue
		}
		if script, ok := interpreterScript(path.Base(name), args); ok {
			return absolute(cwd, script)
		}
	}
	// The kernel's argv[0] is then the interpreter, never the script; a
	// program started directly is usually named by its own argv[0]
	// ("cp /bin/cp /tmp" is no script).
	if name := path.Base(filename); filename == "" || name == path.Base(exe) || name == path.Base(args[0]) {
		return ""
	}
	for _, i := range []int{1, 2} {
		if i < len(args) && args[i] == filename {
			return absolute(cwd, filename)
		}
	}
	return ""
}

// interpreterScript is the script operand of args when name is an
// interpreter's (for busybox: when its applet is a shell); ok is false for
// any other program.
func interpreterScript(name string, args []string) (script string, ok bool) {
	if name == "busybox" {
		name = path.Base(args[0])
		if name == "busybox" { // "busybox sh x.sh"
			if len(args) < 2 {
				return "", false
			}
			args, name = args[1:], args[1]
		}
		if name == "busybox" {
			return "", false
		}
	}
	parse := interpreterOf(name)
	if parse == nil {
		return "", false
	}
	if i := parse(args); i > 0 && i < len(args) {
		return args[i], true
	}
	return "", true
}

func absolute(cwd, script string) string {
	switch {
	case script == "":
		return ""
	case path.IsAbs(script):
		return path.Clean(script)
	case cwd == "":
		return script
	}
	return path.Join(cwd, script)
}

// An optionParser skips an interpreter's options in args (args[0] is the
// interpreter) and returns the index of its script operand, or -1 when it
// runs none.
type optionParser func(args []string) int

// interpreterOf is the option parser of the interpreter of that name, nil
// for a program that is none.
func interpreterOf(name string) optionParser {
	switch name {
	case "sh", "bash", "dash", "ash", "zsh", "ksh", "ksh93", "mksh":
		return shellOptions.script
	case "node", "nodejs":
		return nodeOptions.script
	}
	for _, v := range []struct {
		prefix string
		parse  optionParser
	}{{"python", pythonOptions.script}, {"perl", perlOptions.script}, {"ruby", rubyOptions.script}, {"php", phpScript}} {
		if version, ok := strings.CutPrefix(name, v.prefix); ok && isVersion(version) {
			return v.parse
		}
	}
	return nil
}

// isVersion accepts what follows an interpreter's name in the names
// distributions install it under: "", "3", "3.12", "5.36.0".
func isVersion(s string) bool {
	for _, c := range s {
		if (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	return true
}

// options describe how an interpreter reads its argv: clusters of
// single-letter switches ("-xe"), then the script and its arguments. "--"
// ends the options.
type options struct {
	noScript   string   // switches that mean the program is not a file (-c, -e, -m)
	nextValue  string   // switches whose value is the next argument when none follows them in the cluster
	restValue  string   // switches whose value is the rest of their cluster
	digitValue string   // switches whose value is the digits after them (perl -l, -0)
	longValue  []string // long options whose value is the next argument unless written with "="
	longNone   []string // long options after which there is no script
	plusToo    bool     // "+o" is an option as "-o" is (shells)
	dashIsNone bool     // a lone "-" is standard input; for the shells it ends the options
}

func (o options) script(args []string) int {
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return i + 1
		case a == "-":
			if o.dashIsNone {
				return -1
			}
			return i + 1
		case strings.HasPrefix(a, "--"):
			name, _, hasValue := strings.Cut(a, "=")
			if contains(o.longNone, name) {
				return -1
			}
			if !hasValue && contains(o.longValue, name) {
				i++
			}
		case len(a) > 1 && (a[0] == '-' || (o.plusToo && a[0] == '+')):
			for j := 1; j < len(a); j++ {
				c := a[j]
				if strings.IndexByte(o.noScript, c) >= 0 {
					return -1
				}
				if strings.IndexByte(o.nextValue, c) >= 0 {
					if j == len(a)-1 {
						i++
					}
					break
				}
				if strings.IndexByte(o.restValue, c) >= 0 {
					break
				}
				if strings.IndexByte(o.digitValue, c) >= 0 {
					j = skipDigits(a, j+1) - 1
				}
			}
		default:
			return i
		}
	}
	return -1
}

// skipDigits is the index after the number at a[from:]: octal digits, or
// "x" and hex digits.
func skipDigits(a string, from int) int {
	digits := "01234567"
	if from < len(a) && (a[from] == 'x' || a[from] == 'X') {
		digits, from = "0123456789abcdefABCDEF", from+1
	}
	for from < len(a) && strings.IndexByte(digits, a[from]) >= 0 {
		from++
	}
	return from
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// POSIX shells, bash, zsh and ksh: -c runs a command string, -s reads
// standard input; -o and -O (and their "+" forms) name an option.
var shellOptions = options{
	noScript:  "cs",
	nextValue: "oO",
	longValue: []string{"--rcfile", "--init-file"},
	plusToo:   true,
}

var pythonOptions = options{
	noScript:   "cm",
	nextValue:  "WXQ",
	longValue:  []string{"--check-hash-based-pycs"},
	dashIsNone: true,
}

// perl: -e and -E are the program; -I may take its directory as the next
// argument; -M, -m, -i, -x, -d, -D and -C take the rest of their cluster,
// -l and -0 a number ("-lane" is -l, -a, -n, -e).
var perlOptions = options{
	noScript:   "eE",
	nextValue:  "I",
	restValue:  "MmixdDC",
	digitValue: "l0",
	dashIsNone: true,
}

var rubyOptions = options{
	noScript:   "e",
	nextValue:  "IrCE",
	restValue:  "FKTWxi",
	digitValue: "0",
	longValue:  []string{"--enable", "--disable", "--encoding", "--external-encoding", "--internal-encoding"},
	dashIsNone: true,
}

// node: short options are not clustered, and most long ones are written
// with "=".
var nodeOptions = options{
	noScript: "epi",
	// -r and -C take the next argument.
	nextValue:  "rC",
	longValue:  []string{"--require", "--import", "--loader", "--experimental-loader", "--conditions", "--input-type", "--env-file", "--title"},
	longNone:   []string{"--eval", "--print", "--interactive"},
	dashIsNone: true,
}

// php: -f and -F name the script; -r, -R, -B and -E are code, -a is
// interactive, -S serves a directory; "--" starts the arguments of a
// script read from standard input.
func phpScript(args []string) int {
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--" || a == "-":
			return -1
		case a == "-f" || a == "-F" || a == "--file":
			if i+1 < len(args) {
				return i + 1
			}
			return -1
		case a == "-r" || a == "-R" || a == "-B" || a == "-E" || a == "-a" || a == "-S" ||
			a == "--run" || a == "--process-code" || a == "--process-begin" || a == "--process-end" || a == "--interactive":
			return -1
		case a == "-c" || a == "-d" || a == "-z" || a == "-t" || a == "--php-ini" || a == "--define" || a == "--zend-extension":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			return i
		}
	}
	return -1
}
