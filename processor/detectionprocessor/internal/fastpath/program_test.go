package fastpath

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

func attrs(t *testing.T, kv map[string]any) pcommon.Map {
	m := pcommon.NewMap()
	require.NoError(t, m.FromRaw(kv))
	return m
}

func TestProgramReadsWhatEveryAcceptedRecordHas(t *testing.T) {
	none := pcommon.NewMap()
	inContainer := attrs(t, map[string]any{"container.id": "abc"})
	cases := []struct {
		name      string
		condition string
		resource  pcommon.Map
		attrs     map[string]any
		want      Verdict
	}{
		{"list of strings", `ContainsValue(["bash", "sh"], attributes["process.executable.name"])`, none, map[string]any{"process.executable.name": "sh"}, Yes},
		{"not in the list", `ContainsValue(["bash", "sh"], attributes["process.executable.name"])`, none, map[string]any{"process.executable.name": "ls"}, No},
		{"absent", `ContainsValue(["bash", "sh"], attributes["process.executable.name"])`, none, map[string]any{}, No},
		{"a long list", `ContainsValue(["a", "b", "c", "d", "e", "f", "g", "h", "i", "nginx"], attributes["p"])`, none, map[string]any{"p": "nginx"}, Yes},
		{"not in a long list", `ContainsValue(["a", "b", "c", "d", "e", "f", "g", "h", "i", "nginx"], attributes["p"])`, none, map[string]any{"p": "apache"}, No},
		{"list of integers", `ContainsValue([3333, 5555], attributes["network.peer.port"])`, none, map[string]any{"network.peer.port": 5555}, Yes},
		{"integer as a double is left to OTTL", `attributes["network.peer.port"] == 3333`, none, map[string]any{"network.peer.port": 3333.0}, Maybe},
		{"string is no integer", `attributes["network.peer.port"] == 3333`, none, map[string]any{"network.peer.port": "3333"}, No},
		{"and: both", `(attributes["a"] == "x") and (resource.attributes["container.id"] != nil)`, inContainer, map[string]any{"a": "x"}, Yes},
		{"and: one fails", `(attributes["a"] == "x") and (resource.attributes["container.id"] != nil)`, none, map[string]any{"a": "x"}, No},
		{"and: not", `attributes["a"] == "x" and not IsMatch(attributes["b"], "y")`, none, map[string]any{"a": "x", "b": "y"}, No},
		{"and: what cannot be read is OTTL's", `attributes["a"] == "x" and Len(attributes["b"]) > 3`, none, map[string]any{"a": "x", "b": "y"}, Maybe},
		{"and: but a No is a No", `attributes["a"] == "x" and Len(attributes["b"]) > 3`, none, map[string]any{"a": "z", "b": "y"}, No},
		{"or: a Yes is a Yes", `attributes["a"] == "x" or Len(attributes["b"]) > 3`, none, map[string]any{"a": "x"}, Yes},
		{"or: else OTTL's", `attributes["a"] == "x" or Len(attributes["b"]) > 3`, none, map[string]any{"a": "z"}, Maybe},
		{"or: a Yes after what OTTL alone reads is OTTL's", `Len(attributes["b"]) > 3 or attributes["a"] == "x"`, none, map[string]any{"a": "x"}, Maybe},
		{"not of an absent attribute", `not (attributes["a"] == "x")`, none, map[string]any{}, Yes},
		{"or: either", `attributes["a"] == "x" or attributes["b"] == true`, none, map[string]any{"b": true}, Yes},
		{"or: neither", `attributes["a"] == "x" or attributes["b"] == true`, none, map[string]any{"b": false, "a": "z"}, No},
		{"regexp", `IsMatch(attributes["process.executable.name"], "^python[0-9.]*$")`, none, map[string]any{"process.executable.name": "python3.12"}, Yes},
		{"regexp fails", `IsMatch(attributes["process.executable.name"], "^python[0-9.]*$")`, none, map[string]any{"process.executable.name": "perl"}, No},
		{"regexp on a non-string is left to OTTL", `IsMatch(attributes["n"], "^4")`, none, map[string]any{"n": 44}, Maybe},
		{"regexp on nothing is left to OTTL", `IsMatch(attributes["n"], "^4")`, none, map[string]any{}, Maybe},
		{"prefix", `HasPrefix(attributes["process.executable.path"], "/memfd:")`, none, map[string]any{"process.executable.path": "/memfd:x (deleted)"}, Yes},
		{"suffix fails", `HasSuffix(attributes["file.name"], ".pub")`, none, map[string]any{"file.name": "id_rsa"}, No},
		{"slice holds", `ContainsValue(attributes["vigil.file.open.intent"], "write")`, none, map[string]any{"vigil.file.open.intent": []any{"read", "write"}}, Yes},
		{"slice lacks", `ContainsValue(attributes["vigil.file.open.intent"], "write")`, none, map[string]any{"vigil.file.open.intent": []any{"read"}}, No},
		{"strings hide keywords", `attributes["a"] == "x and y" and attributes["b"] == "(z"`, none, map[string]any{"a": "x and y", "b": "(z"}, Yes},
		{"the event", `event_name == "file.open" or event_name == "file.rename"`, none, map[string]any{}, Yes},
		{"another event", `event_name == "file.unlink" and attributes["a"] != nil`, none, map[string]any{"a": "x"}, No},
		{"lower case of a list", `ContainsValue(["xmrig", "minerd"], ConvertCase(attributes["process.executable.name"], "lower"))`, none, map[string]any{"process.executable.name": "XMRig"}, Yes},
		{"lower case not in the list", `ContainsValue(["xmrig", "minerd"], ConvertCase(attributes["process.executable.name"], "lower"))`, none, map[string]any{"process.executable.name": "git"}, No},
		{"in a network", `IsInCIDR(attributes["a"], ["127.0.0.0/8", "::1/128"])`, none, map[string]any{"a": "127.0.0.53"}, Yes},
		{"IPv4-mapped in an IPv4 network", `IsInCIDR(attributes["a"], ["127.0.0.0/8", "::1/128"])`, none, map[string]any{"a": "::ffff:127.0.0.1"}, Yes},
		{"IPv6 loopback", `IsInCIDR(attributes["a"], ["127.0.0.0/8", "::1/128"])`, none, map[string]any{"a": "::1"}, Yes},
		{"not in the networks", `IsInCIDR(attributes["a"], ["127.0.0.0/8", "::1/128"])`, none, map[string]any{"a": "10.0.0.1"}, No},
		{"no address", `IsInCIDR(attributes["a"], ["127.0.0.0/8"])`, none, map[string]any{"a": "localhost"}, No},
		{"an extracted part cannot be in the list", `ContainsValue(["pool.example"], ExtractPatterns(attributes["d"], "(?P<x>[^.]+[.][^.]+)$")["x"])`, none, map[string]any{"d": "github.com"}, No},
		{"an extracted part may be", `ContainsValue(["pool.example"], ExtractPatterns(attributes["d"], "(?P<x>[^.]+[.][^.]+)$")["x"])`, none, map[string]any{"d": "eu.pool.example"}, Maybe},
		{"not equal", `attributes["error.type"] != "ENOENT"`, none, map[string]any{"error.type": "EACCES"}, Yes},
		{"not equal: nil is not equal", `attributes["error.type"] != "ENOENT"`, none, map[string]any{}, Yes},
		{"not equal: equal", `attributes["network.peer.port"] != 53`, none, map[string]any{"network.peer.port": 53}, No},
		{"an element's extracted part", `ContainsValue(["nginx"], ExtractPatterns(attributes["a"][1], "(?P<n>[^/]+)$")["n"])`, none, map[string]any{"a": []any{"/usr/bin/bash", "/usr/bin/make"}}, No},
		{"an element that may hold it", `ContainsValue(["nginx"], ExtractPatterns(attributes["a"][1], "(?P<n>[^/]+)$")["n"])`, none, map[string]any{"a": []any{"/usr/bin/bash", "/usr/sbin/nginx"}}, Maybe},
		{"an element out of range is OTTL's", `ContainsValue(["nginx"], ExtractPatterns(attributes["a"][1], "(?P<n>[^/]+)$")["n"])`, none, map[string]any{"a": []any{"/usr/bin/bash"}}, Maybe},
		{"or without spaces", `ContainsValue(["a"], attributes["x"])or ContainsValue(["b"], attributes["y"])`, none, map[string]any{"x": "a"}, Yes},
		{"or: OTTL may fail on an earlier branch", `Len(attributes["x"]) > 3 or attributes["y"] == "b"`, none, map[string]any{"y": "b"}, Maybe},
		{"ConvertCase of nothing fails", `ContainsValue(["a"], ConvertCase(attributes["x"], "lower")) or attributes["y"] == "b"`, none, map[string]any{"y": "b"}, Maybe},
		{"not of what may fail", `not ContainsValue(["a"], ConvertCase(attributes["x"], "lower"))`, none, map[string]any{"x": 3}, Maybe},
		{"lower case is ASCII lower case", `ContainsValue(["ſ"], ConvertCase(attributes["x"], "lower"))`, none, map[string]any{"x": "S"}, No},
		{"a leading zero is octal to OTTL", `attributes["p"] == 010 or attributes["q"] == "x"`, none, map[string]any{"p": 8}, Maybe},
		{"escapes other than quote and backslash are OTTL's", `attributes["x"] == "\xff" or attributes["q"] == "x"`, none, map[string]any{"x": "ÿ"}, Maybe},
		{"escaped quote", `attributes["a"] == "say \"hi\""`, none, map[string]any{"a": `say "hi"`}, Yes},
		{"not of an extracted part OTTL may fail to extract", `not ContainsValue(["pool.example"], ExtractPatterns(attributes["d"], "(?P<x>[^.]+[.][^.]+)$")["x"])`, none, map[string]any{"d": ""}, Maybe},
		{"or: a function of nothing may fail first", `ContainsValue(attributes["s"], "x") or attributes["a"] != "y"`, none, map[string]any{}, Maybe},
		{"or: a function of what it reads does not", `ContainsValue(attributes["s"], "x") or attributes["a"] != "y"`, none, map[string]any{"s": []any{"z"}}, Yes},
		{"not of a pattern on a string", `not IsMatch(attributes["a"], "^x")`, none, map[string]any{"a": "y"}, Yes},
		{"not of a pattern on nothing is OTTL's", `not HasPrefix(attributes["a"], "x")`, none, map[string]any{}, Maybe},
		{"and: a No after what may fail is still a No", `IsInCIDR(attributes["a"], ["10.0.0.0/8"]) and attributes["b"] == "x"`, none, map[string]any{"b": "y"}, No},
		{"not of an and that OTTL may fail before deciding", `not (IsInCIDR(attributes["a"], ["10.0.0.0/8"]) and attributes["b"] == "x")`, none, map[string]any{"b": "y"}, Maybe},
		{"a key that is no UTF-8 is OTTL's", "attributes[\"\x84\"] != nil or attributes[\"q\"] == \"x\"", none, map[string]any{"\x84": ""}, Maybe},
		{"not of an and decided before what may fail", `not (attributes["b"] == "x" and IsInCIDR(attributes["a"], ["10.0.0.0/8"]))`, none, map[string]any{"b": "y"}, Yes},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := NewBuilder()
			p := b.Program(c.condition)
			require.NotNil(t, p)
			v := b.Build().NewValues()
			v.Reset("file.open", c.resource, attrs(t, c.attrs))
			assert.Equal(t, c.want, p.Eval(v))
		})
	}
}

func TestProgramIsNilWhenItCanReadNothing(t *testing.T) {
	for _, c := range []string{
		`attributes["a"] > 3`,
		`ContainsValue(["a"], attributes["x"]) == ContainsValue(["b"], attributes["y"])`,
		`Len(attributes["process.command_args"]) > 2`,
		`not (Len(attributes["b"]) > 3) and attributes["c"] > 1`,
	} {
		assert.Nil(t, NewBuilder().Program(c), c)
	}
	var none *Program
	assert.Equal(t, Maybe, none.Eval(&Values{}))
}

func TestGateSkipsRulesThatCannotHold(t *testing.T) {
	b := NewBuilder()
	p := b.Program(`resource.attributes["container.id"] != nil and (IsMatch(attributes["cmd"], "curl\\s") or IsMatch(attributes["cmd"], "wget\\s")) and Len(attributes["x"]) > 1`)
	v := b.Build().NewValues()
	g := p.Gate()
	require.NotNil(t, g)
	container := attrs(t, map[string]any{"container.id": "c"})
	for _, c := range []struct {
		resource pcommon.Map
		cmd      any
		open     bool
	}{
		{pcommon.NewMap(), "curl -o x", false}, // no container
		{container, "ls -la", false},           // neither literal
		{container, "wget http://x", true},     // one of them
		{container, 42, true},                  // not a string: the condition tells
	} {
		v.Reset("process.exec", c.resource, attrs(t, map[string]any{"cmd": c.cmd}))
		assert.Equal(t, c.open, g.Open(v), "%v", c.cmd)
	}
	assert.Nil(t, NewBuilder().Program(`Len(attributes["x"]) > 1 or attributes["y"] != nil`).Gate())
}
