package rules

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

func TestPrefilterReadsWhatEveryAcceptedRecordHas(t *testing.T) {
	none := pcommon.NewMap()
	inContainer := attrs(t, map[string]any{"container.id": "abc"})
	cases := []struct {
		name      string
		condition string
		resource  pcommon.Map
		attrs     map[string]any
		pass      bool
	}{
		{"list of strings", `ContainsValue(["bash", "sh"], attributes["process.executable.name"])`, none, map[string]any{"process.executable.name": "sh"}, true},
		{"not in the list", `ContainsValue(["bash", "sh"], attributes["process.executable.name"])`, none, map[string]any{"process.executable.name": "ls"}, false},
		{"absent", `ContainsValue(["bash", "sh"], attributes["process.executable.name"])`, none, map[string]any{}, false},
		{"a long list", `ContainsValue(["a", "b", "c", "d", "e", "f", "g", "h", "i", "nginx"], attributes["p"])`, none, map[string]any{"p": "nginx"}, true},
		{"not in a long list", `ContainsValue(["a", "b", "c", "d", "e", "f", "g", "h", "i", "nginx"], attributes["p"])`, none, map[string]any{"p": "apache"}, false},
		{"list of integers", `ContainsValue([3333, 5555], attributes["network.peer.port"])`, none, map[string]any{"network.peer.port": 5555}, true},
		{"integer as a double", `attributes["network.peer.port"] == 3333`, none, map[string]any{"network.peer.port": 3333.0}, true},
		{"string is no integer", `attributes["network.peer.port"] == 3333`, none, map[string]any{"network.peer.port": "3333"}, false},
		{"and: both", `(attributes["a"] == "x") and (resource.attributes["container.id"] != nil)`, inContainer, map[string]any{"a": "x"}, true},
		{"and: one fails", `(attributes["a"] == "x") and (resource.attributes["container.id"] != nil)`, none, map[string]any{"a": "x"}, false},
		{"and: what cannot be read is not required", `attributes["a"] == "x" and not IsMatch(attributes["b"], "y")`, none, map[string]any{"a": "x", "b": "y"}, true},
		{"or: either", `attributes["a"] == "x" or attributes["b"] == true`, none, map[string]any{"b": true}, true},
		{"or: neither", `attributes["a"] == "x" or attributes["b"] == true`, none, map[string]any{"b": false, "a": "z"}, false},
		{"regexp", `IsMatch(attributes["process.executable.name"], "^python[0-9.]*$")`, none, map[string]any{"process.executable.name": "python3.12"}, true},
		{"regexp fails", `IsMatch(attributes["process.executable.name"], "^python[0-9.]*$")`, none, map[string]any{"process.executable.name": "perl"}, false},
		{"regexp on a non-string is left to OTTL", `IsMatch(attributes["n"], "^4")`, none, map[string]any{"n": 44}, true},
		{"prefix", `HasPrefix(attributes["process.executable.path"], "/memfd:")`, none, map[string]any{"process.executable.path": "/memfd:x (deleted)"}, true},
		{"suffix fails", `HasSuffix(attributes["file.name"], ".pub")`, none, map[string]any{"file.name": "id_rsa"}, false},
		{"slice holds", `ContainsValue(attributes["vigil.file.open.intent"], "write")`, none, map[string]any{"vigil.file.open.intent": []any{"read", "write"}}, true},
		{"slice lacks", `ContainsValue(attributes["vigil.file.open.intent"], "write")`, none, map[string]any{"vigil.file.open.intent": []any{"read"}}, false},
		{"strings hide keywords", `attributes["a"] == "x and y" and attributes["b"] == "(z"`, none, map[string]any{"a": "x and y", "b": "(z"}, true},
		{"the event", `event_name == "file.open" or event_name == "file.rename"`, none, map[string]any{}, true},
		{"another event", `event_name == "file.unlink" and attributes["a"] != nil`, none, map[string]any{"a": "x"}, false},
		{"lower case of a list", `ContainsValue(["xmrig", "minerd"], ConvertCase(attributes["process.executable.name"], "lower"))`, none, map[string]any{"process.executable.name": "XMRig"}, true},
		{"lower case not in the list", `ContainsValue(["xmrig", "minerd"], ConvertCase(attributes["process.executable.name"], "lower"))`, none, map[string]any{"process.executable.name": "git"}, false},
		{"escaped quote", `attributes["a"] == "say \"hi\""`, none, map[string]any{"a": `say "hi"`}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := derivePrefilter(c.condition)
			require.NotNil(t, p)
			assert.Equal(t, c.pass, p.Pass("file.open", c.resource, attrs(t, c.attrs)))
		})
	}
}

func TestPrefilterRequiresNothingItCannotRead(t *testing.T) {
	for _, c := range []string{
		`not (attributes["a"] == "x")`,
		`attributes["a"] == "x" or Len(attributes["b"]) > 3`,
		`attributes["a"] != "x"`,
		`Len(attributes["process.command_args"]) > 2`,
	} {
		assert.Nil(t, derivePrefilter(c), c)
	}
	var none *Prefilter
	assert.True(t, none.Pass("file.open", pcommon.NewMap(), pcommon.NewMap()))
}
