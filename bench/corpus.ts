/**
 * Deterministic corpora of realistic Elasticsearch roles for the benchmarks: a seeded PRNG picks
 * cluster, index, application and remote privileges, field- and document-level security, metadata
 * and, in a few roles, the mistakes people make (misspelled or misplaced privileges, unknown or
 * missing fields, bad DLS strings, ...). Same seed and count -> the same text, byte for byte.
 */

/** A role descriptor as it appears in a file (plain JSON data). */
export type RoleBody = Record<string, unknown>;

export const DEFAULT_SEED = 0x5eed;

/** mulberry32: a tiny, fast 32-bit PRNG with good enough statistics for picking test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Picker {
  constructor(readonly next: () => number) {}
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  one<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  /** `n` distinct elements, in the order drawn. */
  some<T>(xs: readonly T[], n: number): T[] {
    const pool = [...xs];
    const out: T[] = [];
    while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    return out;
  }
}

// Names that exist in every bundled catalog from 8.10 on (so the 8.12 test server accepts them too).
const CLUSTER = [
  'monitor', 'manage_ilm', 'manage_index_templates', 'monitor_ml', 'read_ilm', 'manage_pipeline', 'manage_own_api_key',
  'monitor_transform', 'read_pipeline', 'cancel_task', 'monitor_snapshot', 'manage_ingest_pipelines', 'read_slm',
  'create_snapshot', 'manage_enrich', 'monitor_watcher', 'manage_transform', 'monitor_rollup', 'read_ccr', 'manage_api_key',
];
const CLUSTER_ACTIONS = ['cluster:monitor/main', 'cluster:admin/xpack/ml/datafeeds/get', 'indices:admin/template/get'];
const INDEX = [
  'read', 'view_index_metadata', 'write', 'create_doc', 'monitor', 'manage', 'index', 'delete', 'auto_configure',
  'create_index', 'maintenance', 'manage_ilm', 'read_cross_cluster', 'create',
];
const INDEX_ACTIONS = ['indices:data/read/search', 'indices:admin/mappings/get', 'indices:monitor/stats'];
const TEAMS = ['payments', 'search', 'platform', 'security', 'observability', 'billing', 'identity', 'growth', 'data', 'mobile', 'web', 'infra'];
const PURPOSES = ['reader', 'writer', 'admin', 'ingest', 'analyst', 'oncall', 'auditor', 'dashboards', 'alerting', 'etl'];
const DATASETS = ['logs', 'metrics', 'traces', 'events', 'audit', 'orders', 'sessions', 'alerts', 'synthetics', 'profiling'];
const FIELDS = ['@timestamp', 'message', 'host.*', 'service.*', 'event.*', 'user.name', 'labels.*', 'trace.id', 'http.*', 'url.path'];
const KIBANA_FEATURES = ['feature_discover.read', 'feature_dashboard.read', 'feature_visualize.all', 'feature_dashboard.all', 'feature_logs.read', 'feature_apm.read'];
const REMOTES = ['dc-east', 'dc-west', 'eu-prod', 'us-prod', 'dc-*'];

/** The kinds of mistake a role may carry; each yields at least one diagnostic of ours. */
export const MISTAKE_KINDS = [
  'misspelled-cluster-privilege',
  'index-privilege-under-cluster',
  'misspelled-index-privilege',
  'unknown-role-field',
  'unknown-indices-field',
  'missing-names',
  'except-not-granted',
  'invalid-query-string',
  'reserved-metadata-key',
  'empty-privileges',
  'cluster-not-an-array',
  'duplicate-privilege',
  'bad-remote-cluster-privilege',
] as const;
export type MistakeKind = (typeof MISTAKE_KINDS)[number];

export interface RoleCorpusOptions {
  readonly seed?: number;
  /** Share of roles with one mistake (default 0.02; 0 for none). */
  readonly mistakeRate?: number;
  /**
   * Only what an 8.12 cluster accepts (no description, remote_cluster or remote_indices), and no
   * mistakes: the roles the push benchmark sends.
   */
  readonly pushable?: boolean;
}

function pad(n: number): string {
  return String(n).padStart(5, '0');
}

function indexEntry(p: Picker, team: string): RoleBody {
  const names = p.some(DATASETS, p.int(1, 3)).map((d) => (p.chance(0.7) ? `${d}-${team}-*` : `${d}-*`));
  const privileges = p.some(INDEX, p.int(1, 3));
  if (p.chance(0.01)) privileges.push(p.one(INDEX_ACTIONS));
  const entry: RoleBody = { names: names.length === 1 && p.chance(0.2) ? names[0] : names, privileges };
  if (p.chance(0.25)) {
    const grant = p.some(FIELDS, p.int(2, 5));
    entry.field_security = p.chance(0.4) && grant.includes('host.*') ? { grant, except: ['host.ip'] } : { grant };
  }
  if (p.chance(0.25)) {
    entry.query = p.chance(0.5)
      ? { bool: { filter: [{ term: { 'team.keyword': team } }, { range: { '@timestamp': { gte: 'now-90d/d' } } }] } }
      : JSON.stringify({ template: { source: '{"term":{"owner":"{{_user.username}}"}}' } });
  }
  if (p.chance(0.05)) entry.allow_restricted_indices = false;
  return entry;
}

function role(p: Picker, i: number, pushable: boolean): { name: string; body: RoleBody } {
  const team = p.one(TEAMS);
  const purpose = p.one(PURPOSES);
  const name = `${team}-${purpose}-${pad(i)}`;
  const body: RoleBody = {};
  if (!pushable && p.chance(0.8)) body.description = `${purpose[0].toUpperCase()}${purpose.slice(1)} access for the ${team} team (${p.one(DATASETS)} and ${p.one(DATASETS)}).`;
  const cluster = p.some(CLUSTER, p.int(0, 4));
  if (p.chance(0.015)) cluster.push(p.one(CLUSTER_ACTIONS));
  body.cluster = cluster;
  body.indices = Array.from({ length: p.int(1, 3) }, () => indexEntry(p, team));
  if (p.chance(0.3)) {
    body.applications = [{ application: 'kibana-.kibana', privileges: p.some(KIBANA_FEATURES, p.int(1, 3)), resources: [p.chance(0.7) ? `space:${team}` : '*'] }];
  }
  if (!pushable && p.chance(0.15)) {
    body.remote_indices = [{ clusters: p.some(REMOTES, p.int(1, 2)), names: [`${p.one(DATASETS)}-${team}-*`], privileges: ['read', 'read_cross_cluster'] }];
  }
  if (!pushable && p.chance(0.1)) body.remote_cluster = [{ privileges: ['monitor_enrich'], clusters: p.some(REMOTES, 1) }];
  if (p.chance(0.05)) body.run_as = [`svc-${team}-reporting`];
  if (p.chance(0.03)) body.global = { application: { manage: { applications: [`${team}-app-*`] } } };
  if (p.chance(0.7)) {
    body.metadata = {
      owner: `team-${team}`,
      contact: `${team}-oncall@example.com`,
      ticket: `SEC-${p.int(100, 9999)}`,
      reviewed: `2025-${String(p.int(1, 12)).padStart(2, '0')}-${String(p.int(1, 28)).padStart(2, '0')}`,
      version: p.int(1, 12),
      tags: p.some(['pii', 'prod', 'read-only', 'sox', 'gdpr'], p.int(0, 2)),
    };
  }
  return { name, body };
}

/** Gives `body` one mistake of `kind` (the body is generated, so it is changed in place). */
function addMistake(p: Picker, body: RoleBody, kind: MistakeKind): void {
  const firstIndex = (body.indices as RoleBody[])[0];
  switch (kind) {
    case 'misspelled-cluster-privilege':
      body.cluster = [...(body.cluster as string[]), p.one(['monitr', 'manage_indx_templates', 'manage_ilm_policy', 'read_ilmm'])];
      return;
    case 'index-privilege-under-cluster':
      body.cluster = [...(body.cluster as string[]), p.one(['read', 'view_index_metadata', 'write'])];
      return;
    case 'misspelled-index-privilege':
      firstIndex.privileges = [...(firstIndex.privileges as string[]), p.one(['raed', 'view_index_metdata', 'wirte', 'create-doc'])];
      return;
    case 'unknown-role-field':
      body[p.one(['indicies', 'clusters', 'run-as', 'metdata'])] = [];
      return;
    case 'unknown-indices-field':
      firstIndex[p.one(['privilege', 'name', 'field-security'])] = ['read'];
      return;
    case 'missing-names':
      delete firstIndex.names;
      return;
    case 'except-not-granted':
      firstIndex.field_security = { grant: ['message', '@timestamp'], except: ['user.email'] };
      return;
    case 'invalid-query-string':
      firstIndex.query = '{"term": {"team": ';
      return;
    case 'reserved-metadata-key':
      body.metadata = { ...((body.metadata as RoleBody | undefined) ?? {}), _reserved: true };
      return;
    case 'empty-privileges':
      firstIndex.privileges = [];
      return;
    case 'cluster-not-an-array':
      body.cluster = 'monitor';
      return;
    case 'duplicate-privilege':
      firstIndex.privileges = [...(firstIndex.privileges as string[]), (firstIndex.privileges as string[])[0]];
      return;
    case 'bad-remote-cluster-privilege':
      body.remote_cluster = [{ privileges: ['monitor'], clusters: ['dc-east'] }];
      return;
  }
}

export interface GeneratedRoles {
  readonly roles: Record<string, RoleBody>;
  /** Which roles carry a mistake, and which. */
  readonly mistakes: ReadonlyArray<{ readonly role: string; readonly kind: MistakeKind }>;
}

/** `count` roles by name, in a stable order; about `mistakeRate` of them carry one mistake (kinds in turn). */
export function generateCorpus(count: number, options: RoleCorpusOptions = {}): GeneratedRoles {
  const p = new Picker(mulberry32(options.seed ?? DEFAULT_SEED));
  const rate = options.pushable ? 0 : (options.mistakeRate ?? 0.02);
  const roles: Record<string, RoleBody> = {};
  const mistakes: Array<{ role: string; kind: MistakeKind }> = [];
  for (let i = 0; i < count; i++) {
    const { name, body } = role(p, i, options.pushable === true);
    // The first mistake comes early so that even small corpora carry one.
    if (rate > 0 && (p.chance(rate) || (i === Math.min(count - 1, 3) && mistakes.length === 0))) {
      const kind = MISTAKE_KINDS[mistakes.length % MISTAKE_KINDS.length];
      addMistake(p, body, kind);
      mistakes.push({ role: name, kind });
    }
    roles[name] = body;
  }
  return { roles, mistakes };
}

export function generateRoles(count: number, options: RoleCorpusOptions = {}): Record<string, RoleBody> {
  return generateCorpus(count, options).roles;
}

/** A roles map file (`{"name": {role}, ...}`), pretty-printed as people keep them. */
export function rolesMapText(count: number, options: RoleCorpusOptions = {}): string {
  return `${JSON.stringify(generateRoles(count, options), null, 2)}\n`;
}

/** A bulk put role body (`{"roles": {...}}`, POST _security/role). */
export function bulkBodyText(count: number, options: RoleCorpusOptions = {}): string {
  return `${JSON.stringify({ roles: generateRoles(count, options) }, null, 2)}\n`;
}

export interface Corpus {
  /** Short id used in the report: `roles-1k`, `bulk-10k`. */
  readonly id: string;
  readonly label: string;
  readonly shape: 'roles' | 'bulk';
  readonly roles: number;
  /** A URI whose file name makes the shape unambiguous (`*.roles.json`). */
  readonly uri: string;
  readonly text: string;
}

function shortCount(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

export function rolesCorpus(count: number, options: RoleCorpusOptions = {}): Corpus {
  const id = `roles-${shortCount(count)}`;
  return { id, label: `${count.toLocaleString('en-US')} role${count === 1 ? '' : 's'}`, shape: 'roles', roles: count, uri: `file:///bench/${id}.roles.json`, text: rolesMapText(count, options) };
}

export function bulkCorpus(count: number, options: RoleCorpusOptions = {}): Corpus {
  const id = `bulk-${shortCount(count)}`;
  return { id, label: `bulk body, ${count.toLocaleString('en-US')} roles`, shape: 'bulk', roles: count, uri: `file:///bench/${id}.json`, text: bulkBodyText(count, options) };
}

/** The benchmark's corpora: 1, 100, 1,000 and 10,000 roles in one file, and a 10,000-role bulk body (quick: small ones). */
export function standardCorpora(quick = false): Corpus[] {
  if (quick) return [rolesCorpus(1), rolesCorpus(100), rolesCorpus(1000), bulkCorpus(100)];
  return [rolesCorpus(1), rolesCorpus(100), rolesCorpus(1000), rolesCorpus(10_000), bulkCorpus(10_000)];
}
