package schema

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// docPath is the contract this package is the code side of.
const docPath = "../../docs/events.md"

// TestDocsDocumentEveryName fails when a name declared in this package is not
// in docs/events.md, written in backticks as the document writes names.
func TestDocsDocumentEveryName(t *testing.T) {
	doc := readDoc(t)
	names := declaredNames(t)
	for _, value := range sortedKeys(names) {
		if !strings.Contains(doc, "`"+value+"`") {
			t.Errorf("%s = %q is not documented in docs/events.md: add it, in backticks, to the table or section it belongs to", names[value], value)
		}
	}
}

// TestDocsDocumentNoUndeclaredName fails when docs/events.md documents a
// project attribute (a vigil.* name in the first column of an attribute
// table) that this package does not declare, so the document cannot promise
// an attribute the code no longer emits.
func TestDocsDocumentNoUndeclaredName(t *testing.T) {
	doc := readDoc(t)
	names := declaredNames(t)
	checked := 0
	for _, row := range attributeRows(doc) {
		for _, m := range backticked.FindAllStringSubmatch(row.first, -1) {
			name := m[1]
			if !strings.HasPrefix(name, "vigil.") {
				continue
			}
			checked++
			if _, ok := names[name]; !ok {
				t.Errorf("docs/events.md:%d documents %q, which internal/schema does not declare: remove the row or declare the name", row.line, name)
			}
		}
	}
	if checked == 0 {
		t.Fatalf("found no vigil.* name in the first column of an attribute table in docs/events.md (a table whose header's first cell is %q): did the table format change?", attributeHeader)
	}
}

func readDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatalf("reading the event documentation: %v", err)
	}
	return string(b)
}

// declaredNames returns the value of every string constant declared in this
// package's non-test files, mapped to the constant's name.
func declaredNames(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	exprs := map[string]ast.Expr{} // every constant with an explicit value
	var order []string
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				// A spec without values repeats the previous one: for a
				// string that is a value already collected.
				for i, v := range vs.Values {
					name := vs.Names[i].Name
					exprs[name] = v
					order = append(order, name)
				}
			}
		}
	}

	names := map[string]string{}
	for _, name := range order {
		value, isString, err := constString(exprs[name], exprs, 0)
		if err != nil {
			t.Errorf("constant %s: %v; the documentation test cannot check it", name, err)
			continue
		}
		if isString {
			names[value] = name
		}
	}
	if len(names) == 0 {
		t.Fatal("found no string constant in internal/schema")
	}
	return names
}

// constString evaluates a constant expression made of string literals,
// other constants of the package and "+". isString is false for constants
// that are not strings (numbers, iota); err reports a string expression this
// small evaluator cannot follow, so a name is never skipped silently.
func constString(e ast.Expr, consts map[string]ast.Expr, depth int) (value string, isString bool, err error) {
	if depth > 32 {
		return "", false, errUnsupported("constant definitions too deeply nested")
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false, nil
		}
		s, err := strconv.Unquote(e.Value)
		return s, true, err
	case *ast.ParenExpr:
		return constString(e.X, consts, depth+1)
	case *ast.Ident:
		ref, ok := consts[e.Name]
		if !ok {
			return "", false, nil // iota, true, false
		}
		return constString(ref, consts, depth+1)
	case *ast.BinaryExpr:
		x, xs, err := constString(e.X, consts, depth+1)
		if err != nil {
			return "", false, err
		}
		y, ys, err := constString(e.Y, consts, depth+1)
		if err != nil {
			return "", false, err
		}
		switch {
		case !xs && !ys:
			return "", false, nil
		case xs && ys && e.Op == token.ADD:
			return x + y, true, nil
		}
		return "", false, errUnsupported("string expression with " + e.Op.String())
	case *ast.CallExpr:
		// A conversion such as Name("x") keeps the string; len("x") is a number.
		if fn, ok := e.Fun.(*ast.Ident); ok && len(e.Args) == 1 {
			if fn.Name == "len" {
				return "", false, nil
			}
			return constString(e.Args[0], consts, depth+1)
		}
	case *ast.SelectorExpr:
		return "", false, errUnsupported("refers to another package's constant; declare the name here as a literal")
	}
	if containsString(e) {
		return "", false, errUnsupported("unsupported string expression")
	}
	return "", false, nil
}

type errUnsupported string

func (e errUnsupported) Error() string { return string(e) }

func containsString(e ast.Node) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			found = true
		}
		return !found
	})
	return found
}

// attributeHeader is the first header cell of every attribute table.
const attributeHeader = "Attribute"

var backticked = regexp.MustCompile("`([^`]+)`")

type tableRow struct {
	line  int    // 1-based
	first string // the first cell, trimmed
}

// attributeRows returns the body rows of every Markdown table whose header
// starts with the attribute column, outside fenced code blocks.
func attributeRows(doc string) []tableRow {
	var rows []tableRow
	inFence, inTable, isAttrTable := false, false, false
	headerSeen := 0 // rows of the current table read so far
	for i, line := range strings.Split(doc, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			inFence = !inFence
			inTable = false
			continue
		}
		if inFence || !strings.HasPrefix(trimmed, "|") {
			inTable = false
			continue
		}
		first := firstCell(trimmed)
		if !inTable {
			inTable, headerSeen = true, 0
			isAttrTable = first == attributeHeader
		}
		headerSeen++
		if headerSeen <= 2 || !isAttrTable { // header and delimiter rows
			continue
		}
		rows = append(rows, tableRow{line: i + 1, first: first})
	}
	return rows
}

// firstCell returns the first cell of a table row that starts with "|".
func firstCell(row string) string {
	cell, _, _ := strings.Cut(row[1:], "|")
	return strings.TrimSpace(cell)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
