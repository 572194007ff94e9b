import type { Node } from 'jsonc-parser';
import { privilegeInfo, resolvePrivilege, type PrivilegeKind } from '../catalog';
import { atLeast, formatVersion } from '../catalog/version';
import { Codes, DiagnosticSeverity, type Code, type DiagnosticData } from '../diagnostics';
import { closest } from '../suggest';
import { applicationPrivilegeProblem } from './names';
import { removalRange, type Validator } from './context';
import { Kind } from '../tree';

const KIND_LABEL: Record<PrivilegeKind, string> = { cluster: 'cluster', index: 'index', remote_cluster: 'remote_cluster' };
const UNKNOWN_CODE = {
  cluster: Codes.unknownClusterPrivilege,
  index: Codes.unknownIndexPrivilege,
  remote_cluster: Codes.unknownRemoteClusterPrivilege,
} as const;
const FAILURE_STORE_PRIVILEGES = new Set(['read_failure_store', 'manage_failure_store']);

/** Arrays up to this length find duplicates by comparing with the earlier elements, without a Set. */
const LINEAR_DUPLICATE_SCAN = 8;

/**
 * Checks an array of privilege names of one kind (`cluster`, `indices[].privileges`, ...): node
 * `array` of the tree. `remote`: a `remote_indices[].privileges` list, where failure-store
 * privileges are refused.
 */
export function checkPrivilegeArray(
  v: Validator,
  array: number,
  kind: PrivilegeKind | 'application',
  remote = false,
): void {
  const t = v.tree;
  const memo = kind === 'application' ? undefined : memoFor(v, kind, remote);
  // Application privileges are compared as written, the others in lower case.
  const key = (c: number) => (memo ? t.lower(c) : t.str(c));
  const seen = t.childCount(array) > LINEAR_DUPLICATE_SCAN ? new Set<string>() : undefined;
  for (let c = array + 1, end = t.ends[array]; c < end; c = t.ends[c]) {
    if (v.sink.full) return; // MAX_PROBLEMS reached
    if (t.kind(c) !== Kind.String) {
      const el = t.node(c);
      v.sink.add(Codes.wrongType, el, `A privilege must be a string, found ${describeNode(el)}.`);
      continue;
    }
    const raw = t.str(c);
    const k = key(c);
    let duplicate = false;
    if (seen) {
      duplicate = seen.has(k);
      seen.add(k);
    } else {
      for (let d = array + 1; d !== c && !duplicate; d = t.ends[d]) duplicate = t.kind(d) === Kind.String && key(d) === k;
    }
    if (duplicate) {
      const node = t.node(c);
      v.sink.add(Codes.duplicatePrivilege, node, `Duplicate privilege \`${raw}\`.`, DiagnosticSeverity.Warning, {
        remove: removalRange(t.node(array), node, v.text),
      });
    } else if (!memo) {
      const problem = applicationPrivilegeProblem(raw);
      if (problem) v.sink.add(Codes.invalidApplicationPrivilege, t.node(c), problem);
    } else {
      // By the string's index in the tree: equal names share one.
      const id = t.aux[c];
      let findings = memo[id];
      if (!findings) findings = memo[id] = privilegeFindings(v, raw, kind as PrivilegeKind, remote);
      if (findings.length > 0) {
        const node = t.node(c);
        for (const f of findings) v.sink.add(f.code, node, f.message, f.severity, f.data);
      }
    }
  }
}

interface Finding {
  readonly code: Code;
  readonly message: string;
  readonly severity?: DiagnosticSeverity;
  readonly data?: DiagnosticData;
}

/**
 * What a privilege name gets is a function of the name, its kind and the validator's catalogs, so it
 * is worked out once per validation run: a file of 10,000 roles names the same few dozen privileges
 * over and over. One memo per kind of list (the same name can get other findings in
 * `remote_indices`), indexed by the name's index in the tree's strings.
 */
function memoFor(v: Validator, kind: PrivilegeKind, remote: boolean): Array<readonly Finding[] | undefined> {
  const list = remote ? REMOTE_LIST[kind] : kind;
  let memo = v.memos.get(list) as Array<readonly Finding[] | undefined> | undefined;
  if (!memo) v.memos.set(list, (memo = new Array<readonly Finding[] | undefined>(v.tree.strings.length)));
  return memo;
}

const REMOTE_LIST: Record<PrivilegeKind, string> = { cluster: 'cluster/remote', index: 'index/remote', remote_cluster: 'remote_cluster/remote' };

function privilegeFindings(v: Validator, raw: string, kind: PrivilegeKind, remote: boolean): Finding[] {
  const out: Finding[] = [];
  const add = (code: Code, message: string, severity?: DiagnosticSeverity, data?: DiagnosticData) => out.push({ code, message, severity, data });
  const res = resolvePrivilege(v.catalog, kind, raw);
  if (res.ok) {
    if (res.via === 'action') {
      add(
        Codes.rawActionPrivilege,
        `\`${raw}\` is a raw action pattern (it grants \`${res.name}*\`). Elasticsearch accepts it, but action names carry no compatibility guarantee across versions; prefer a named privilege.`,
        DiagnosticSeverity.Information,
      );
      return out;
    }
    if (remote && FAILURE_STORE_PRIVILEGES.has(res.name)) {
      add(Codes.failureStoreInRemoteIndices, 'remote index privileges cannot contain privileges that grant access to the failure store');
    }
    const info = privilegeInfo(kind, res.name);
    const dep = info?.deprecated;
    if (dep && (!dep.since || atLeast(v.target, dep.since))) {
      const instead = dep.replacement ? ` Use \`${dep.replacement}\` instead.` : '';
      const note = !dep.replacement && dep.note ? ` ${dep.note}` : '';
      add(
        Codes.deprecatedPrivilege,
        `\`${raw}\` is deprecated${dep.since ? ` since ${dep.since}` : ''}.${instead}${note}`,
        DiagnosticSeverity.Warning,
        dep.replacement ? { suggestions: [dep.replacement] } : undefined,
      );
    }
    return out;
  }
  // Not in the catalog in use: wrong kind, too new for the target, or unknown.
  if (res.otherKind) {
    const where = res.otherKind === 'index' ? 'an `indices` entry\'s `privileges`' : 'the `cluster` list';
    const message =
      kind === 'remote_cluster'
        ? `\`${raw}\` is not allowed in \`remote_cluster\`: [${v.catalog.names('remote_cluster').join(', ') || 'monitor_enrich, monitor_stats'}] are the only values allowed.`
        : `\`${raw}\` is ${res.otherKind === 'index' ? 'an index' : 'a cluster'} privilege, not ${kind === 'index' ? 'an' : 'a'} ${KIND_LABEL[kind]} privilege. Move it to ${where}.`;
    // No "did you mean" here: a similar name of the right kind is rarely what was meant.
    const suggestions = kind === 'remote_cluster' ? closest(raw, v.catalog.names(kind)) : [];
    add(kind === 'remote_cluster' ? UNKNOWN_CODE[kind] : Codes.wrongPrivilegeKind, message, DiagnosticSeverity.Error, suggestions.length ? { suggestions } : undefined);
    return out;
  }
  if (v.newest.has(kind, res.name) || privilegeInfo(kind, res.name)?.introduced) {
    const introduced = privilegeInfo(kind, res.name)?.introduced;
    if (introduced && !atLeast(v.target, introduced)) {
      add(
        Codes.requiresNewerVersion,
        `\`${raw}\` needs Elasticsearch ${introduced} or later (target: ${v.targetLabel}).`,
        DiagnosticSeverity.Warning,
      );
      return out;
    }
    if (v.newest.has(kind, res.name) && v.catalog.source === 'bundled') {
      add(
        Codes.requiresNewerVersion,
        `\`${raw}\` is not in the ${v.targetLabel} privilege list; it exists in Elasticsearch ${formatVersion(v.newest.version)}.`,
        DiagnosticSeverity.Warning,
      );
      return out;
    }
  }
  const suggestions = closest(raw, v.catalog.names(kind));
  const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?` : '';
  const what =
    kind === 'remote_cluster'
      ? `\`${raw}\` is not allowed in \`remote_cluster\`: [${v.catalog.names('remote_cluster').join(', ')}] are the only values allowed.`
      : `Unknown ${KIND_LABEL[kind]} privilege \`${raw}\`.${hint}`;
  add(UNKNOWN_CODE[kind], what, DiagnosticSeverity.Error, suggestions.length ? { suggestions } : undefined);
  return out;
}

export function describeNode(node: Node): string {
  switch (node.type) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    default:
      return 'a value';
  }
}
