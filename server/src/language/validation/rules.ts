import { parse, type Node, type ParseError } from 'jsonc-parser';
import { Codes, DiagnosticSeverity, type Code } from '../diagnostics';
import { ALL_STRINGS, Kind, TreeNode, type Tree } from '../tree';
import { getProperty, properties } from '../document';
import { MAX_NESTING_DEPTH, nestingTooDeepAt } from '../nesting';
import type { FieldSchema, SchemaId } from '../schema';
import { WORKFLOWS } from '../schema';
import { closest } from '../suggest';
import { removalRange, type ObjectRule, type Validator } from './context';
import {
  apiKeyNameProblem, applicationNameProblem, expirationProblem, MAX_DESCRIPTION_LENGTH, RESERVED_ROLES,
  roleNameProblem,
} from './names';

/** Fields that are known, but in another place: a clearer message than "unknown field". */
export function misplacedField(schema: SchemaId, name: string): { code: Code; message: string; suggestion?: string } | undefined {
  if (schema === 'indicesEntry' && name === 'clusters') {
    return { code: Codes.fieldNotAllowed, message: '`clusters` is only allowed in `remote_indices` entries, not in `indices`.' };
  }
  if (schema === 'indicesEntry' && name === 'fields') {
    return {
      code: Codes.fieldNotAllowed,
      message: 'The `fields` format has changed for field permissions: use `"field_security": {"grant": [...], "except": [...]}` instead.',
      suggestion: 'field_security',
    };
  }
  if (schema === 'hasPrivilegesIndex' && (name === 'field_security' || name === 'query')) {
    return { code: Codes.fieldNotAllowed, message: `Field [${name}] is not supported in a has_privileges request.` };
  }
  if (schema === 'hasPrivileges' && name === 'indices') {
    return { code: Codes.fieldNotAllowed, message: 'has_privileges takes `index`, not `indices`.', suggestion: 'index' };
  }
  if ((schema === 'apiKeyCreate' || schema === 'grantApiKey') && name === 'role_descriptor') {
    return { code: Codes.unknownField, message: 'Unknown field `role_descriptor`. Did you mean `role_descriptors`?', suggestion: 'role_descriptors' };
  }
  return undefined;
}

/** Keys of maps: role names (roles map, bulk) and metadata keys. */
export function checkMapKey(v: Validator, prop: number, name: string, kind: 'role' | 'metadata' | 'apiKeyMetadata', field: FieldSchema | undefined): void {
  const key = (): Node => v.tree.node(prop + 1);
  if (kind !== 'role') {
    if (name.startsWith('_')) {
      const apiKey = kind === 'apiKeyMetadata';
      v.sink.add(
        Codes.reservedMetadataKey,
        key(),
        apiKey
          ? `API key metadata keys may not start with [_] (found \`${name}\`).`
          : `role descriptor metadata keys may not start with [_] (found \`${name}\`).`,
      );
    }
    return;
  }
  // Role names: keys of a roles map or bulk body. Names inside API-key role_descriptors are not checked by ES.
  if (field?.name === 'role_descriptors') return;
  const problem = roleNameProblem(name);
  if (problem) v.sink.add(Codes.invalidRoleName, key(), problem);
  else if (RESERVED_ROLES.has(name)) v.sink.add(Codes.reservedRoleName, key(), `Role [${name}] is reserved and may not be used.`);
}

/** A DLS query (node `i`): an object, a string holding a JSON object, or empty. */
export function checkQuery(v: Validator, i: number): void {
  const t = v.tree;
  if (t.kind(i) === Kind.Object) return checkProhibitedQuery(v, i);
  if (t.kind(i) !== Kind.String) {
    v.sink.add(Codes.wrongType, t.node(i), `\`query\` must be an object, a string holding a JSON query, or null; found ${t.type(i)}.`);
    return;
  }
  // Roles generated from a template repeat the same query string: parse each distinct one once per run.
  let memo = queryVerdicts.get(v);
  if (!memo) queryVerdicts.set(v, (memo = new Map()));
  const text = t.str(i);
  let finding = memo.get(text);
  if (finding === undefined) {
    finding = queryStringProblem(text);
    memo.set(text, finding);
  }
  if (finding) v.sink.add(finding.code, t.node(i), finding.message);
}

const queryVerdicts = new WeakMap<Validator, Map<string, { code: Code; message: string } | null>>();

/** The problem with a DLS query given as a string, if any. */
function queryStringProblem(text: string): { code: Code; message: string } | null {
  if (text.trim() === '') return null;
  if (nestingTooDeepAt(text) >= 0) {
    // jsonc-parser's parse and the walk below recurse per level (see nesting.ts).
    return { code: Codes.nestingTooDeep, message: `\`query\` is a string holding JSON nested more than ${MAX_NESTING_DEPTH} levels deep; it is not checked, and Elasticsearch refuses it.` };
  }
  const errors: ParseError[] = [];
  const parsed = parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { code: Codes.invalidQuery, message: '`query` is a string, but not valid JSON for a query object. Write the query as an object, or fix the JSON in the string.' };
  }
  if (containsTermsLookup(parsed)) {
    return { code: Codes.prohibitedQuery, message: 'terms query with terms lookup isn\'t supported as part of a role query' };
  }
  return null;
}

/** Terms lookups anywhere in the query object `o`. */
function checkProhibitedQuery(v: Validator, o: number): void {
  const t = v.tree;
  // Every node of the query's subtree, in order: the objects among them are all its objects.
  for (let n = o; n < t.ends[o]; n++) {
    if (t.kind(n) !== Kind.Object) continue;
    for (let p = t.first(n); p >= 0; p = t.next(p)) {
      const value = t.propertyValue(p);
      if (t.propertyName(p) !== 'terms' || value < 0 || t.kind(value) !== Kind.Object) continue;
      for (let inner = t.first(value); inner >= 0; inner = t.next(inner)) {
        const spec = t.propertyValue(inner);
        if (spec >= 0 && t.kind(spec) === Kind.Object && t.get(spec, 'index') >= 0 && t.get(spec, 'path') >= 0) {
          v.sink.add(Codes.prohibitedQuery, t.node(inner + 1), 'terms query with terms lookup isn\'t supported as part of a role query');
        }
      }
    }
  }
}

function containsTermsLookup(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsTermsLookup);
  if (!value || typeof value !== 'object') return false;
  for (const [k, inner] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'terms' && inner && typeof inner === 'object') {
      for (const spec of Object.values(inner as Record<string, unknown>)) {
        if (spec && typeof spec === 'object' && 'index' in spec && 'path' in spec) return true;
      }
    }
    if (containsTermsLookup(inner)) return true;
  }
  return false;
}

/**
 * Whether `text` matches the glob `pattern` (`*` any run, `?` one character). Iterative, with
 * backtracking to the last `*` only: no regular expression, so no catastrophic backtracking on
 * patterns such as `*a*a*a*a*b`.
 */
function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (c === '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.length && (c === '?' || c === text[t])) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

const hasWildcard = (s: string): boolean => s.includes('*') || s.includes('?');

/**
 * Characters of `except` times characters of wildcard `grant` patterns above which the subset check
 * is skipped: it compares every pair, and absurd lists (100,000 patterns and fields) would take minutes.
 */
const EXCEPT_CHECK_BUDGET = 50_000_000;

/** For each `except` entry: whether one of the `grant` patterns covers it; undefined when over budget. */
function coveredByGrant(except: readonly string[], grant: readonly string[]): boolean[] | undefined {
  if (grant.includes('*')) return except.map(() => true);
  const exact = new Set(grant);
  const patterns = grant.filter(hasWildcard);
  const prefixes = patterns.filter((g) => g.endsWith('*') && !hasWildcard(g.slice(0, -1))).map((g) => g.slice(0, -1));
  let work = 0;
  for (const e of except) work += e.length + 1;
  work *= patterns.reduce((n, g) => n + g.length + 1, 0);
  if (work > EXCEPT_CHECK_BUDGET) return undefined;
  return except.map((e) => {
    if (exact.has(e)) return true;
    // A field pattern in except is covered only by a prefix pattern it starts with.
    if (hasWildcard(e)) return prefixes.some((prefix) => e.startsWith(prefix));
    return patterns.some((g) => globMatch(g, e));
  });
}

/** The grant list for a message, shortened when long. */
function grantList(grant: readonly string[]): string {
  return grant.length <= 10 ? grant.join(', ') : `${grant.slice(0, 10).join(', ')}, … (${grant.length} in all)`;
}

const fieldSecurityRule: ObjectRule = (v, node) => {
  const props = properties(node);
  if (props.length === 0) {
    v.sink.add(Codes.emptyObject, node, '"field_security" must not be empty.');
    return;
  }
  const grantNode = getProperty(node, 'grant');
  const exceptNode = getProperty(node, 'except');
  // `grant: null` / `except: null` are already reported once by the walk (wrong-type).
  if (exceptNode && !grantNode) {
    const key = props.find((p) => p.name === 'except')!.key;
    v.sink.add(Codes.fieldSecurityExceptWithoutGrant, key, 'field_security requires grant if except is given.');
    return;
  }
  const t = v.tree;
  const grantEls = allStringNodes(t, grantNode);
  const exceptEls = allStringNodes(t, exceptNode);
  if (!grantEls || !exceptEls) return;
  const grant = grantEls.map((c) => t.str(c));
  const except = exceptEls.map((c) => t.str(c));
  const covered = coveredByGrant(except, grant);
  if (!covered) return;
  except.forEach((e, i) => {
    if (!covered[i]) {
      v.sink.add(
        Codes.fieldSecurityExcept,
        t.node(exceptEls[i]),
        `Exceptions for field permissions must be a subset of the granted fields: \`${e}\` is not granted by [${grantList(grant)}].`,
      );
    }
  });
};

/** The elements of an array whose elements are all strings (an empty one too); undefined for anything else. */
function allStringNodes(t: Tree, node: Node | undefined): number[] | undefined {
  if (!(node instanceof TreeNode) || t.kind(node.index) !== Kind.Array || !(t.flags[node.index] & ALL_STRINGS)) return undefined;
  return t.stringNodes(node.index);
}

const remoteIndicesRule: ObjectRule = (v, node) => {
  const clusters = getProperty(node, 'clusters');
  for (const c of clusters?.children ?? []) {
    if (c.type === 'string' && (c.value as string) === '') {
      v.sink.add(Codes.emptyClusterAlias, c, 'remote index cluster alias cannot be an empty string');
    }
  }
};

const remoteClusterRule: ObjectRule = (v, node) => {
  if (properties(node).length === 0) v.sink.add(Codes.emptyObject, node, 'remote cluster groups must not be null or empty');
};

function applicationRule(allowWildcard: boolean): ObjectRule {
  return (v, node) => {
    const app = getProperty(node, 'application');
    if (app?.type !== 'string') return;
    const problem = applicationNameProblem(app.value as string, allowWildcard);
    if (problem) v.sink.add(Codes.invalidApplicationName, app, problem);
  };
}

const roleDescriptorRule: ObjectRule = (v, node) => {
  const desc = getProperty(node, 'description');
  if (desc?.type === 'string' && (desc.value as string).length > MAX_DESCRIPTION_LENGTH) {
    v.sink.add(
      Codes.descriptionTooLong,
      desc,
      `Role description must be less than ${MAX_DESCRIPTION_LENGTH} characters (this one has ${(desc.value as string).length}).`,
    );
  }
};

const restrictionRule: ObjectRule = (v, node) => {
  // `workflows: null` is reported once by the walk (wrong-type).
  const workflows = getProperty(node, 'workflows');
  for (const w of workflows?.children ?? []) {
    if (w.type !== 'string') continue;
    const name = (w.value as string).toLowerCase().trim();
    if (!WORKFLOWS.includes(name)) {
      const suggestions = closest(name, WORKFLOWS);
      v.sink.add(
        Codes.unknownWorkflow,
        w,
        `Unknown workflow [${w.value}]. A workflow must be one of the predefined workflow names [${WORKFLOWS.join(', ')}].`,
        DiagnosticSeverity.Error,
        suggestions.length ? { suggestions } : undefined,
      );
    }
  }
};

const apiKeyRule: ObjectRule = (v, node) => {
  const name = getProperty(node, 'name');
  if (name?.type === 'string') {
    const problem = apiKeyNameProblem(name.value as string);
    if (problem) v.sink.add(Codes.invalidApiKeyName, name, problem);
  }
  const exp = getProperty(node, 'expiration');
  if (exp?.type === 'string') {
    const problem = expirationProblem(exp.value as string);
    if (problem) v.sink.add(Codes.invalidExpiration, exp, problem, DiagnosticSeverity.Warning);
  }
  const descriptors = properties(getProperty(node, 'role_descriptors'));
  // `"restriction": {}` is accepted and means no restriction (RoleDescriptor.hasRestriction() is false).
  const restricted = descriptors.filter((d) => {
    const r = d.value?.type === 'object' ? getProperty(d.value, 'restriction') : undefined;
    return r?.type === 'object' && properties(r).length > 0;
  });
  if (restricted.length > 1) {
    for (const d of restricted.slice(1)) {
      v.sink.add(Codes.restrictionCombination, d.key, 'more than one role descriptor with restriction is not supported');
    }
  } else if (restricted.length === 1 && descriptors.length > 1) {
    v.sink.add(Codes.restrictionCombination, restricted[0].key, 'combining role descriptors with and without restriction is not supported');
  }
};

const grantRule: ObjectRule = (v, node) => {
  const gt = getProperty(node, 'grant_type');
  if (gt?.type !== 'string') return;
  const type = gt.value as string;
  const has = (n: string) => getProperty(node, n) !== undefined;
  if (type === 'password') {
    const missing = ['username', 'password'].filter((n) => !has(n));
    if (missing.length) {
      const note = missing.includes('password') ? ' (the CLI and the Grant API Key command ask for it at run time, so it need not be in the file)' : '';
      v.sink.add(
        Codes.missingGrantCredential,
        gt,
        `grant_type password needs ${missing.map((m) => `\`${m}\``).join(' and ')}${note}.`,
        missing.includes('username') ? DiagnosticSeverity.Error : DiagnosticSeverity.Information,
      );
    }
  } else if (type === 'access_token') {
    if (!has('access_token')) {
      v.sink.add(
        Codes.missingGrantCredential,
        gt,
        'grant_type access_token needs `access_token` (the CLI and the Grant API Key command ask for it at run time).',
        DiagnosticSeverity.Information,
      );
    }
  } else {
    const suggestions = closest(type, ['password', 'access_token']);
    v.sink.add(Codes.unknownGrantType, gt, `Unknown grant_type \`${type}\`: use \`password\` or \`access_token\`.`, DiagnosticSeverity.Error, {
      suggestions: suggestions.length ? suggestions : ['password', 'access_token'],
    });
  }
};

const hasPrivilegesRule: ObjectRule = (v, node) => {
  const fields = ['cluster', 'index', 'application', 'applications'];
  if (!properties(node).some((p) => fields.includes(p.name))) {
    v.sink.add(Codes.emptyHasPrivileges, v.sink.rangeAt(node.offset, 1), 'A has_privileges body must specify at least one of `cluster`, `index` or `application`.');
  }
};

export const OBJECT_RULES: Partial<Record<SchemaId, ObjectRule>> = {
  fieldSecurity: fieldSecurityRule,
  remoteIndicesEntry: remoteIndicesRule,
  remoteClusterEntry: remoteClusterRule,
  applicationEntry: applicationRule(true),
  hasPrivilegesApplication: applicationRule(false),
  roleDescriptor: roleDescriptorRule,
  restriction: restrictionRule,
  apiKeyCreate: apiKeyRule,
  grantApiKey: apiKeyRule,
  apiKeyGrant: grantRule,
  hasPrivileges: hasPrivilegesRule,
};

export { removalRange };
