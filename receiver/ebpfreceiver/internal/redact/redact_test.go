package redact

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

type argsCase struct {
	name string
	in   []string
	want []string // nil: must come back unchanged
}

// argsCases is shared with the fuzz seed corpus.
var argsCases = []argsCase{
	// --- secrets ---
	{"flag equals", []string{"app", "--password=hunter2"}, []string{"app", "--password=****"}},
	{"flag next arg", []string{"app", "--password", "hunter2", "-v"}, []string{"app", "--password", "****", "-v"}},
	{"single dash flag", []string{"app", "-password=hunter2"}, []string{"app", "-password=****"}},
	{"upper case flag", []string{"APP", "--PASSWORD", "X"}, []string{"APP", "--PASSWORD", "****"}},
	{"passwd", []string{"app", "--passwd", "x1"}, []string{"app", "--passwd", "****"}},
	{"pwd whole flag", []string{"app", "--pwd=abc"}, []string{"app", "--pwd=****"}},
	{"db-pwd", []string{"psql-wrapper", "--db-pwd", "s3cr3t"}, []string{"psql-wrapper", "--db-pwd", "****"}},
	{"client secret", []string{"oidc", "--client-secret", "xyz"}, []string{"oidc", "--client-secret", "****"}},
	{"auth", []string{"app", "--auth", "user:pw"}, []string{"app", "--auth", "****"}},
	{"auth token", []string{"vault", "login", "--auth-token=s.abc"}, []string{"vault", "login", "--auth-token=****"}},
	{"api key spellings", []string{"app", "--API-KEY=a", "--apikey", "b", "--api_key=c"}, []string{"app", "--API-KEY=****", "--apikey", "****", "--api_key=****"}},
	{"access and secret key", []string{"s3cmd", "--access-key", "AK", "--secret-key=SK"}, []string{"s3cmd", "--access-key", "****", "--secret-key=****"}},
	{"private key", []string{"sign", "--private-key", "pemdata"}, []string{"sign", "--private-key", "****"}},
	{"credentials", []string{"app", "--credentials=abc", "--credential", "d"}, []string{"app", "--credentials=****", "--credential", "****"}},
	{"passphrase", []string{"gpg-wrap", "--passphrase", "open sesame"}, []string{"gpg-wrap", "--passphrase", "****"}},
	{"numbered", []string{"app", "--token2=t"}, []string{"app", "--token2=****"}},
	{"java property", []string{"java", "-Djavax.net.ssl.keyStorePassword=changeit", "-jar", "app.jar"}, []string{"java", "-Djavax.net.ssl.keyStorePassword=****", "-jar", "app.jar"}},
	{"openssl passin", []string{"openssl", "pkcs12", "-passin", "pass:hunter2"}, []string{"openssl", "pkcs12", "-passin", "****"}},
	{"mysql -p", []string{"/usr/bin/mysql", "-uroot", "-pS3cret!", "mydb"}, []string{"/usr/bin/mysql", "-uroot", "-p****", "mydb"}},
	{"mysqldump -p", []string{"mysqldump", "-pX", "db"}, []string{"mysqldump", "-p****", "db"}},
	{"mariadb via sudo", []string{"sudo", "mariadb", "-ptopsecret"}, []string{"sudo", "mariadb", "-p****"}},
	{"sshpass", []string{"sshpass", "-p", "hunter2", "ssh", "host"}, []string{"sshpass", "-p", "****", "ssh", "host"}},
	{"redis-cli", []string{"redis-cli", "-a", "pw", "ping"}, []string{"redis-cli", "-a", "****", "ping"}},
	{"env assignments", []string{"env", "DB_PASSWORD=hunter2", "GITHUB_TOKEN=abc", "LANG=C", "app"}, []string{"env", "DB_PASSWORD=****", "GITHUB_TOKEN=****", "LANG=C", "app"}},
	{"export", []string{"export", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI"}, []string{"export", "AWS_SECRET_ACCESS_KEY=****"}},
	{"mysql pwd env", []string{"env", "MYSQL_PWD=x", "mysql"}, []string{"env", "MYSQL_PWD=****", "mysql"}},
	{"docker -e", []string{"docker", "run", "-e", "API_KEY=abc", "-e", "MY_CREDENTIAL=x", "-e", "HTTP_AUTH=u:p", "nginx"}, []string{"docker", "run", "-e", "API_KEY=****", "-e", "MY_CREDENTIAL=****", "-e", "HTTP_AUTH=****", "nginx"}},
	{"docker --env=", []string{"docker", "run", "--env=STRIPE_APIKEY=sk_live", "img"}, []string{"docker", "run", "--env=STRIPE_APIKEY=****", "img"}},
	{"private key env", []string{"env", "SSH_PRIVATE_KEY=---BEGIN", "app"}, []string{"env", "SSH_PRIVATE_KEY=****", "app"}},
	{"aws key id", []string{"echo", "AKIAIOSFODNN7EXAMPLE"}, []string{"echo", "****"}},
	{"aws session key id inside", []string{"app", "key=ASIAIOSFODNN7EXAMPLE,region=eu"}, []string{"app", "key=****,region=eu"}},
	{"bearer header", []string{"curl", "-H", "Authorization: Bearer abc.def", "https://api"}, []string{"curl", "-H", "Authorization: Bearer ****", "https://api"}},
	{"bare bearer", []string{"app", "Bearer abc"}, []string{"app", "Bearer ****"}},
	{"basic header", []string{"curl", "-H", "Authorization: Basic dXNlcjpwYXNz", "https://x"}, []string{"curl", "-H", "Authorization: Basic ****", "https://x"}},
	{"proxy authorization", []string{"curl", "--header=Proxy-Authorization: Digest abc", "https://x"}, []string{"curl", "--header=Proxy-Authorization: Digest ****", "https://x"}},
	{"api key header", []string{"curl", "-H", "X-Api-Key: abc123", "https://x"}, []string{"curl", "-H", "X-Api-Key: ****", "https://x"}},
	{"private token header", []string{"curl", "--header", "Private-Token: glp123", "https://x"}, []string{"curl", "--header", "Private-Token: ****", "https://x"}},
	{"cookie header", []string{"curl", "-H", "Cookie: session=abc; theme=dark", "https://x"}, []string{"curl", "-H", "Cookie: ****", "https://x"}},
	{"url credentials", []string{"git", "clone", "https://user:pass@github.com/org/repo.git"}, []string{"git", "clone", "https://user:****@github.com/org/repo.git"}},
	{"postgres url", []string{"psql", "postgres://app:s3cr3t@db:5432/prod?sslmode=require"}, []string{"psql", "postgres://app:****@db:5432/prod?sslmode=require"}},
	{"redis url empty user", []string{"app", "--redis=redis://:pw@cache:6379"}, []string{"app", "--redis=redis://:****@cache:6379"}},
	{"curl -u", []string{"curl", "-u", "alice:wonderland", "https://x"}, []string{"curl", "-u", "alice:****", "https://x"}},
	{"curl --user", []string{"curl", "--user", "alice:pw", "--proxy-user=bob:pw2", "https://x"}, []string{"curl", "--user", "alice:****", "--proxy-user=bob:****", "https://x"}},
	{"curl -u attached", []string{"/usr/bin/curl", "-ualice:pw", "https://x"}, []string{"/usr/bin/curl", "-ualice:****", "https://x"}},
	{"jwt", []string{"app", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"}, []string{"app", "****"}},
	{"jwt in query", []string{"curl", "https://x/cb?state=1&jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"}, []string{"curl", "https://x/cb?state=1&jwt=****"}},
	{"query token", []string{"curl", "https://api.example.com/v1?access_token=abc&page=2"}, []string{"curl", "https://api.example.com/v1?access_token=****&page=2"}},
	{"json body", []string{"curl", "-d", `{"user":"bob","password":"hunter2"}`, "https://x"}, []string{"curl", "-d", `{"user":"bob","password":"****"}`, "https://x"}},
	{"form body", []string{"curl", "-d", "username=bob&password=hunter2&remember=1", "https://x"}, []string{"curl", "-d", "username=bob&password=****&remember=1", "https://x"}},
	{"helm set", []string{"helm", "install", "db", "--set", "db.user=y,db.password=x"}, []string{"helm", "install", "db", "--set", "db.user=y,db.password=****"}},
	{"kubectl literal", []string{"kubectl", "create", "secret", "generic", "db", "--from-literal=password=hunter2"}, []string{"kubectl", "create", "secret", "generic", "db", "--from-literal=password=****"}},
	{"mount options", []string{"mount", "-t", "cifs", "-o", "username=bob,password=x,vers=3.0", "//srv/share", "/mnt"}, []string{"mount", "-t", "cifs", "-o", "username=bob,password=****,vers=3.0", "//srv/share", "/mnt"}},
	{"libpq conninfo", []string{"psql", "host=db user=app password='a b' dbname=prod"}, []string{"psql", "host=db user=app password='****' dbname=prod"}},
	{"github token user", []string{"git", "clone", "https://ghp_0123456789abcdefghijklmnopqrstuvwxyzAB@github.com/o/r"}, []string{"git", "clone", "https://****@github.com/o/r"}},
	{"slack token", []string{"notify", "xoxb-123456789012-abcdefABCDEF"}, []string{"notify", "****"}},
	{"sh -c script", []string{"sh", "-c", "mysql -uroot -pS3cret db && curl -u a:b https://x"}, []string{"sh", "-c", "mysql -uroot -p**** db && curl -u a:**** https://x"}},
	{"bash -lc script", []string{"/bin/bash", "-lc", "export DB_PASSWORD=x; ./run --token abc"}, []string{"/bin/bash", "-lc", "export DB_PASSWORD=****; ./run --token ****"}},
	{"quoted script value", []string{"sh", "-c", "app --password 'hunter2' --v"}, []string{"sh", "-c", "app --password '****' --v"}},

	// --- must not change ---
	{"ls", []string{"ls", "-la", "/tmp"}, nil},
	{"commit message", []string{"git", "commit", "-m", "fix token parsing"}, nil},
	{"token file equals", []string{"app", "--token-file=/var/run/secrets/x"}, nil},
	{"token file next", []string{"app", "--token-file", "/var/run/secrets/x"}, nil},
	{"password path and dir", []string{"app", "--password-path", "/p", "--secret-dir=/s"}, nil},
	{"secret file env", []string{"env", "POSTGRES_PASSWORD_FILE=/run/secrets/db", "PGPASSFILE=/home/u/.pgpass", "postgres"}, nil},
	{"kubectl get secrets", []string{"kubectl", "get", "secrets"}, nil},
	{"cat passwd", []string{"cat", "/etc/passwd"}, nil},
	{"grep password", []string{"grep", "-ri", "password", "/etc"}, nil},
	{"author", []string{"git", "log", "--author=alice", "--authors", "x"}, nil},
	{"boolean auth", []string{"mongod", "--auth", "--port", "27017"}, nil},
	{"no-auth", []string{"app", "--no-auth", "serve"}, nil},
	{"password-stdin", []string{"docker", "login", "--password-stdin", "-u", "bob", "registry.example.com"}, nil},
	{"ask-pass", []string{"ansible-playbook", "--ask-pass", "site.yml"}, nil},
	{"tokens", []string{"python3", "generate.py", "--max-tokens", "512", "--tokenizer=bpe"}, nil},
	{"auth url and type", []string{"openstack", "--os-auth-url", "https://keystone:5000/v3", "--auth-type=password", "server", "list"}, nil},
	{"empty value", []string{"app", "--password="}, nil},
	{"docker -u uid", []string{"docker", "run", "-u", "1000:1000", "alpine"}, nil},
	{"curl -u no password", []string{"curl", "-u", "alice", "https://example.com"}, nil},
	{"mysql prompt", []string{"mysql", "-P3306", "-h", "db", "-p", "mydb"}, nil},
	{"p outside mysql", []string{"cp", "-pR", "src", "dst"}, nil},
	{"mkdir -p", []string{"mkdir", "-p", "/var/lib/mysql"}, nil},
	{"pwd env", []string{"env", "PWD=/home/alice", "OLDPWD=/", "TERM=xterm", "LANG=C.UTF-8"}, nil},
	{"export path", []string{"export", "PATH=/usr/local/bin:/usr/bin"}, nil},
	{"plain urls", []string{"git", "clone", "https://github.com/org/repo.git", "ssh://git@github.com/org/r.git"}, nil},
	{"scp style", []string{"git", "clone", "git@github.com:org/repo.git"}, nil},
	{"query without secret", []string{"curl", "https://example.com/api?page=2&sort=asc"}, nil},
	{"host port", []string{"openssl", "s_client", "-connect", "example.com:443"}, nil},
	{"volume", []string{"docker", "run", "-v", "/srv/secrets:/run/secrets:ro", "-v", "token:/data", "img"}, nil},
	{"image tag", []string{"docker", "pull", "secret:latest"}, nil},
	{"shell variable", []string{"echo", "$PASSWORD"}, nil},
	{"journalctl", []string{"journalctl", "-u", "sshd", "--since=today"}, nil},
	{"sudo -u", []string{"sudo", "-u", "postgres", "psql"}, nil},
	{"terraform var", []string{"terraform", "apply", "-var", "region=us-east-1"}, nil},
	{"git -c", []string{"git", "-c", "core.autocrlf=false", "status"}, nil},
	{"clean script", []string{"sh", "-c", "echo hello && ls -la /tmp"}, nil},
	{"script commit", []string{"bash", "-c", "git commit -m 'fix token parsing'"}, nil},
	{"not jwt", []string{"tar", "xzf", "eyJfile.tar.gz", "heyJude.eyJhbGciOiJIUzI1NiJ9.x.y"}, nil},
	{"not aws", []string{"echo", "AKIA_NOT_A_KEY", "AKIAIOSFODNN7EXAMPLEX"}, nil},
	{"not bearer", []string{"echo", "bearer", "Bearer", "forbearer x"}, nil},
	{"short gh prefix", []string{"ls", "ghp_short", "glpat-x"}, nil},
	{"kubectl options", []string{"kubectl", "--namespace=prod", "get", "pods", "-o", "wide", "--selector=app=web,tier!=db"}, nil},
	{"secret name", []string{"app", "--secret-name=db-creds"}, nil},
	{"empty argv element", []string{"", "-", "--", "="}, nil},
	{"ps", []string{"ps", "aux", "--sort=-%mem"}, nil},
	{"find", []string{"find", "/", "-name", "*.pem", "-type", "f"}, nil},
	{"systemctl", []string{"systemctl", "restart", "sshd.service"}, nil},
	{"apt", []string{"apt-get", "install", "-y", "libsecret-1-0", "passwd"}, nil},
	{"go build", []string{"go", "build", "-ldflags=-s -w -X main.version=1.2.3", "./cmd/vigil"}, nil},
	{"python module", []string{"python3", "-m", "http.server", "--bind", "127.0.0.1", "8080"}, nil},
	{"java classpath", []string{"java", "-Xmx2g", "-Dlog4j.configurationFile=/etc/log4j2.xml", "-cp", "lib/*", "Main"}, nil},
	{"nginx", []string{"nginx", "-g", "daemon off;"}, nil},
	{"aws profile", []string{"aws", "s3", "ls", "s3://bucket/path", "--profile", "prod"}, nil},
	{"ssh key", []string{"ssh", "-i", "~/.ssh/id_ed25519", "-p", "2222", "user@host"}, nil},
	{"curl json no secret", []string{"curl", "-d", `{"name":"bob","tags":["a"]}`, "-H", "Content-Type: application/json", "https://x"}, nil},
	{"passwd command", []string{"passwd", "alice"}, nil},
	{"credential helper", []string{"git", "credential", "fill"}, nil},
	{"env names only", []string{"docker", "run", "-e", "DB_PASSWORD", "-e", "API_TOKEN", "postgres"}, nil},
	{"auth header name only", []string{"grep", "-r", "Authorization:", "."}, nil},
}

func TestArgs(t *testing.T) {
	r, err := New(true, nil)
	require.NoError(t, err)
	clean := 0
	for _, tc := range argsCases {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(tc.in)
			out, changed := r.Args(in)
			require.Equal(t, tc.in, in, "input must not be modified")
			if tc.want == nil {
				require.False(t, changed)
				require.Equal(t, tc.in, out)
				require.True(t, sameSlice(in, out), "clean argv must be returned as is")
				return
			}
			require.True(t, changed)
			require.Equal(t, tc.want, out)
			again, changedAgain := r.Args(out)
			require.False(t, changedAgain, "redacted output must be a fixed point")
			require.Equal(t, out, again)
		})
		if tc.want == nil {
			clean++
		}
	}
	require.GreaterOrEqual(t, len(argsCases), 40)
	require.GreaterOrEqual(t, 2*clean, len(argsCases), "at least half the cases must be must-not-change")
}

func TestArgsEmpty(t *testing.T) {
	r, err := New(true, []string{"x"})
	require.NoError(t, err)
	out, changed := r.Args(nil)
	require.False(t, changed)
	require.Nil(t, out)
	out, changed = r.Args([]string{})
	require.False(t, changed)
	require.Empty(t, out)
}

func TestDefaultsDisabled(t *testing.T) {
	r, err := New(false, nil)
	require.NoError(t, err)
	in := []string{"app", "--password=hunter2", "AKIAIOSFODNN7EXAMPLE"}
	out, changed := r.Args(in)
	require.False(t, changed)
	require.True(t, sameSlice(in, out))
}

func TestUserPatterns(t *testing.T) {
	tests := []struct {
		name     string
		defaults bool
		patterns []string
		in       []string
		want     []string
	}{
		{
			name:     "no groups masks whole match",
			patterns: []string{`internal-[0-9a-f]{8}`},
			in:       []string{"app", "id=internal-deadbeef.log"},
			want:     []string{"app", "id=****.log"},
		},
		{
			name:     "every match in an argument",
			patterns: []string{`pin\d{4}`},
			in:       []string{"app", "pin1234,pin5678"},
			want:     []string{"app", "****,****"},
		},
		{
			name:     "group masks only captured text",
			patterns: []string{`(?i)--session[= ]([^ ]+)`},
			in:       []string{"app", "--SESSION=abc", "x --session def y"},
			want:     []string{"app", "--SESSION=****", "x --session **** y"},
		},
		{
			name:     "several groups",
			patterns: []string{`(\w+)@(\w+)\.corp`},
			in:       []string{"ssh", "alice@host.corp"},
			want:     []string{"ssh", "****@****.corp"},
		},
		{
			name:     "non-capturing group counts as no group",
			patterns: []string{`(?:ticket|case)-\d+`},
			in:       []string{"app", "ticket-42"},
			want:     []string{"app", "****"},
		},
		{
			name:     "group that did not participate masks nothing",
			patterns: []string{`a(b)?c`},
			in:       []string{"app", "ac"},
			want:     []string{"app", "ac"},
		},
		{
			name:     "combined with defaults",
			defaults: true,
			patterns: []string{`(?i)license=(\S+)`},
			in:       []string{"app", "--password=x", "license=L-123"},
			want:     []string{"app", "--password=****", "license=****"},
		},
		{
			name:     "user pattern only, defaults off",
			patterns: []string{`secret`},
			in:       []string{"app", "--password=x", "top-secret"},
			want:     []string{"app", "--password=x", "top-****"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := New(tc.defaults, tc.patterns)
			require.NoError(t, err)
			out, changed := r.Args(tc.in)
			require.Equal(t, tc.want, out)
			require.Equal(t, !slices.Equal(tc.in, tc.want), changed)
		})
	}
}

func TestNewInvalidPattern(t *testing.T) {
	_, err := New(true, []string{`ok`, `(unclosed`})
	require.Error(t, err)
	require.Contains(t, err.Error(), "pattern 1")
	require.Contains(t, err.Error(), "missing closing )")
}

// typicalArgv is a clean command line exercising the common pre-checks:
// long flags with and without '=', a URL, a path and a host:port.
var typicalArgv = []string{
	"/usr/local/bin/node-exporter",
	"--web.listen-address=:9100",
	"--collector.textfile.directory", "/var/lib/node_exporter",
	"--log.level=info",
	"-v",
	"https://example.com/metrics?page=2",
	"db.internal:5432",
}

func TestArgsCleanDoesNotAllocate(t *testing.T) {
	r, err := New(true, nil)
	require.NoError(t, err)
	for _, tc := range argsCases {
		if tc.want != nil {
			continue
		}
		allocs := testing.AllocsPerRun(100, func() { r.Args(tc.in) })
		require.Zero(t, allocs, "case %q", tc.name)
	}
	allocs := testing.AllocsPerRun(100, func() { r.Args(typicalArgv) })
	require.Zero(t, allocs)
}

func TestArgsConcurrent(t *testing.T) {
	r, err := New(true, []string{`(?i)license=(\S+)`})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				tc := argsCases[(g+i)%len(argsCases)]
				out, _ := r.Args(tc.in)
				if tc.want != nil && !slices.Equal(out, tc.want) {
					panic(fmt.Sprintf("%s: got %q", tc.name, out))
				}
			}
		}()
	}
	wg.Wait()
}

// sameSlice reports whether a and b share their backing array, i.e. Args
// returned its input rather than a copy.
func sameSlice(a, b []string) bool {
	return len(a) == len(b) && unsafe.SliceData(a) == unsafe.SliceData(b)
}

// joinArgv and splitArgv encode argv as one fuzzable string; NUL cannot
// occur inside a real argv element.
func joinArgv(argv []string) string { return strings.Join(argv, "\x00") }

func splitArgv(s string) []string { return strings.Split(s, "\x00") }
