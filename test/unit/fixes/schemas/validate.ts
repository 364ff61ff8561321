/**
 * A small JSON Schema (draft-07) validator for the keywords the schemas here use. It refuses a
 * schema with any other keyword rather than ignoring it, so a constraint can never be skipped
 * silently. Returns every error, each with the JSON path where it occurred.
 */

export type Schema = { [keyword: string]: unknown };

const METADATA = new Set(['$schema', '$id', 'title', 'description']);
const KNOWN = new Set([
  'type', 'enum', 'const', 'not', 'if', 'then', 'properties', 'required', 'additionalProperties', 'items',
  'minItems', 'maxItems', 'uniqueItems', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum',
]);

function typeOf(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  if (typeof x === 'number') return Number.isInteger(x) ? 'integer' : 'number';
  return typeof x;
}

function typeMatches(x: unknown, type: string): boolean {
  const t = typeOf(x);
  return t === type || (type === 'number' && t === 'integer');
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Length in code points, as JSON Schema counts it. */
function length(s: string): number {
  return [...s].length;
}

export function validate(schema: Schema, data: unknown, path = '$'): string[] {
  const errors: string[] = [];
  for (const k of Object.keys(schema)) {
    if (!KNOWN.has(k) && !METADATA.has(k)) throw new Error(`validate: unsupported keyword "${k}" at ${path}`);
  }
  const err = (msg: string) => errors.push(`${path}: ${msg}`);
  if (schema.type !== undefined && !typeMatches(data, schema.type as string)) {
    err(`expected ${schema.type as string}, got ${typeOf(data)}`);
    return errors;
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).some((e) => equal(e, data))) err(`not one of ${JSON.stringify(schema.enum)}`);
  if (schema.const !== undefined && !equal(schema.const, data)) err(`not ${JSON.stringify(schema.const)}`);
  if (schema.not !== undefined && validate(schema.not as Schema, data, path).length === 0) err(`matches a "not" schema ${JSON.stringify(schema.not)}`);
  if (schema.if !== undefined && validate(schema.if as Schema, data, path).length === 0 && schema.then !== undefined) {
    errors.push(...validate(schema.then as Schema, data, path));
  }
  if (typeof data === 'string') {
    if (typeof schema.minLength === 'number' && length(data) < schema.minLength) err(`shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && length(data) > schema.maxLength) err(`longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(data)) err(`does not match ${schema.pattern}`);
  }
  if (typeof data === 'number') {
    if (typeof schema.minimum === 'number' && data < schema.minimum) err(`below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && data > schema.maximum) err(`above ${schema.maximum}`);
  }
  if (Array.isArray(data)) {
    if (typeof schema.minItems === 'number' && data.length < schema.minItems) err(`fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && data.length > schema.maxItems) err(`more than ${schema.maxItems} items`);
    if (schema.uniqueItems === true) {
      const seen = data.map((x) => JSON.stringify(x));
      if (new Set(seen).size !== seen.length) err('items are not unique');
    }
    if (schema.items !== undefined) data.forEach((x, i) => errors.push(...validate(schema.items as Schema, x, `${path}[${i}]`)));
  }
  if (typeOf(data) === 'object') {
    const obj = data as Record<string, unknown>;
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in obj)) err(`missing required property "${r}"`);
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, x] of Object.entries(obj)) {
      if (props[k] !== undefined) errors.push(...validate(props[k], x, `${path}.${k}`));
      else if (schema.additionalProperties === false) err(`property "${k}" is not allowed`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...validate(schema.additionalProperties as Schema, x, `${path}.${k}`));
    }
  }
  return errors;
}
