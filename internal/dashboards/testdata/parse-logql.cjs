// Parses LogQL expressions with @grafana/lezer-logql, the grammar of
// Grafana's own Loki query editor. Usage: node parse-logql.cjs <dir holding
// node_modules> < expressions.json (an array of strings). Prints, as JSON,
// one entry per expression: the syntax errors' positions, empty when the
// expression parses.
const { createRequire } = require("node:module");
const { parser } = createRequire(process.argv[2] + "/")("@grafana/lezer-logql");

const input = require("node:fs").readFileSync(0, "utf8");
const results = JSON.parse(input).map((expr) => {
  const errors = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push({ from: node.from, near: expr.slice(Math.max(0, node.from - 20), node.from + 20) });
      }
    },
  });
  return errors;
});
process.stdout.write(JSON.stringify(results));
