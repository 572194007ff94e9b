import type { ObjectSchema, ValueType } from '../schema';

/** Snippet text for values and whole entries, built from the schema. */

/** Escapes literal text for a snippet (`$`, `}` and `\` are special). */
export function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** The value a key completion inserts when the schema gives no `valueSnippet`. */
export function defaultValueSnippet(type: ValueType): string {
  switch (type.t) {
    case 'object':
    case 'map':
    case 'query':
      return '{$1}';
    case 'array':
      if (type.of.t === 'object') return `[\n${indent(entrySnippet(type.of.schema))}\n]`;
      return '[$1]';
    case 'privileges':
    case 'stringOrArray':
      return '["$1"]';
    case 'string':
      return type.enum ? `"\${1|${type.enum.join(',')}|}"` : '"$1"';
    case 'boolean':
      return '${1:false}';
    case 'number':
      return '${1:0}';
    case 'any':
      return '${1:null}';
  }
}

const indent = (text: string): string => text.split('\n').map((l) => `\t${l}`).join('\n');

/**
 * Renumbers the tab stops of snippet parts so they run on across parts: each part's `$1`, `${1:x}`
 * and `${1|a,b|}` get the next free number; `$0` is dropped (the final stop is the end).
 */
export function joinSnippets(parts: readonly string[], separator: string): string {
  let next = 1;
  const out = parts.map((part) => {
    const map = new Map<string, number>();
    const renumber = (n: string) => {
      let m = map.get(n);
      if (m === undefined) {
        m = next++;
        map.set(n, m);
      }
      return m;
    };
    return part
      .replace(/\$0(?!\d)/g, '')
      .replace(/\$\{0\}/g, '')
      .replace(/\$(\d+)|\$\{(\d+)([:|}])/g, (_m, bare: string | undefined, braced: string | undefined, rest: string | undefined) =>
        bare !== undefined ? `$${renumber(bare)}` : `\${${renumber(braced!)}${rest}`,
      );
  });
  return out.join(separator);
}

/** `{ "names": [...], "privileges": [...] }` for an array element: the required fields of the schema. */
export function entrySnippet(schema: ObjectSchema): string {
  const required = schema.fields.filter((f) => f.required && !f.hidden);
  const parts = required.map((f) => `"${f.name}": ${f.valueSnippet ?? shallowDefault(f.type)}`);
  return `{\n${indent(joinSnippets(parts, ',\n'))}\n}`;
}

/** Like defaultValueSnippet, without expanding nested entries (keeps entry snippets short). */
function shallowDefault(type: ValueType): string {
  return type.t === 'array' && type.of.t === 'object' ? '[$1]' : defaultValueSnippet(type);
}

/** The skeleton of a new role (roles map, bulk `roles`) or API-key role descriptor. */
export function newRoleSnippet(name: string): string {
  const body = [
    '"cluster": [$2]',
    '"indices": [\n\t{\n\t\t"names": ["$3"],\n\t\t"privileges": ["$4"]\n\t}\n]',
  ].join(',\n');
  return `"\${1:${escapeSnippet(name)}}": {\n${indent(body)}\n}`;
}
