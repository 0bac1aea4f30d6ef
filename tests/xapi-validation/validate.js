// Reads a JSON array of xAPI statements on stdin and prints, as JSON, one entry per statement in the same order:
// { "id": <the statement's id>, "errors": [ { "path", "warning", ... } ] }. An empty "errors" means the validator accepts it.
// Exits 2 when stdin is not a JSON array, so a caller never reads "no errors" from input that was never checked.
'use strict';
const validate = require('@learninglocker/xapi-validation').default;

// rulr's warnings nest (a Warnings carries its members' warnings); each leaf becomes one error with its dotted path.
function flatten(warning, into) {
  if (Array.isArray(warning.warnings) && warning.warnings.length > 0) {
    warning.warnings.forEach(w => flatten(w, into));
    return into;
  }
  const error = { path: (warning.path || []).join('.'), warning: warning.name, data: warning.data === undefined ? null : warning.data };
  if (warning.type !== undefined) error.type = typeof warning.type === 'function' ? warning.type.name : String(warning.type);
  if (warning.keys !== undefined) error.keys = warning.keys;
  into.push(error);
  return into;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  let statements;
  try {
    statements = JSON.parse(input);
  } catch (e) {
    process.stderr.write(`stdin is not JSON: ${e.message}\n`);
    process.exit(2);
  }
  if (!Array.isArray(statements)) {
    process.stderr.write('stdin must be a JSON array of statements\n');
    process.exit(2);
  }
  const results = statements.map(s => ({
    id: s !== null && typeof s === 'object' && typeof s.id === 'string' ? s.id : null,
    errors: validate(s).reduce((all, w) => flatten(w, all), []),
  }));
  process.stdout.write(JSON.stringify(results));
});
