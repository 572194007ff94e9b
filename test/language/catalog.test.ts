import { describe, expect, it } from 'vitest';
import {
  BUNDLED_VERSIONS,
  NEWEST_BUNDLED_VERSION,
  PRIVILEGE_KINDS,
  allKnownNames,
  atLeast,
  bundledCatalog,
  compareVersions,
  formatVersion,
  isRawAction,
  liveCatalog,
  parseVersion,
  privilegeInfo,
  resolvePrivilege,
  type EsVersion,
  type PrivilegeKind,
} from '../../server/src/language/catalog';

const v = (text: string): EsVersion => {
  const parsed = parseVersion(text);
  if (!parsed) throw new Error(`not a version: ${text}`);
  return parsed;
};

/** Every (kind, name) pair that appears in any bundled version. */
function allBundledNames(): Array<[PrivilegeKind, string]> {
  const seen = new Set<string>();
  const out: Array<[PrivilegeKind, string]> = [];
  for (const version of BUNDLED_VERSIONS) {
    const cat = bundledCatalog(version);
    for (const kind of PRIVILEGE_KINDS) {
      for (const name of cat.names(kind)) {
        const key = `${kind}:${name}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push([kind, name]);
        }
      }
    }
  }
  return out;
}

describe('bundled catalog versions', () => {
  it('bundles the documented versions, oldest first', () => {
    expect(BUNDLED_VERSIONS).toEqual(['7.17', '8.0', '8.1', '8.5', '8.10', '8.15', '8.17', '8.19', '9.0', '9.1']);
    expect(NEWEST_BUNDLED_VERSION).toBe('9.1');
  });

  it('has the name counts documented in docs/catalogs.md', () => {
    const counts = Object.fromEntries(
      BUNDLED_VERSIONS.map((ver) => {
        const cat = bundledCatalog(ver);
        return [ver, PRIVILEGE_KINDS.map((k) => cat.names(k).length)];
      }),
    );
    expect(counts).toEqual({
      '7.17': [41, 19, 0],
      '8.0': [41, 19, 0],
      '8.1': [42, 19, 0],
      '8.5': [43, 19, 0],
      '8.10': [50, 21, 0],
      '8.15': [61, 22, 1],
      '8.17': [62, 22, 2],
      '8.19': [62, 24, 2],
      '9.0': [62, 22, 2],
      '9.1': [63, 24, 2],
    });
  });

  it('keeps names lower-case, sorted and unique', () => {
    for (const ver of BUNDLED_VERSIONS) {
      const cat = bundledCatalog(ver);
      for (const kind of PRIVILEGE_KINDS) {
        const names = cat.names(kind);
        expect(names.every((n) => n === n.toLowerCase())).toBe(true);
        expect([...names]).toEqual([...new Set(names)].sort());
      }
    }
  });

  it('uses the newest bundled list not newer than the target (8.12 -> 8.10)', () => {
    const cat = bundledCatalog('8.12');
    expect(cat.has('cluster', 'manage_search_application')).toBe(true);
    expect(cat.has('cluster', 'manage_inference')).toBe(false);
    expect(cat.names('cluster')).toEqual(bundledCatalog('8.10').names('cluster'));
    expect(cat.source).toBe('bundled');
    expect(cat.confidence).toBe('medium-low');
    expect(formatVersion(cat.version)).toBe('8.12');
    expect(cat.label).toBe('ES 8.12 (bundled)');
  });

  it('picks lists at the version boundaries', () => {
    expect(bundledCatalog('8.14.3').has('cluster', 'manage_inference')).toBe(false);
    expect(bundledCatalog('8.15.0').has('cluster', 'manage_inference')).toBe(true);
    expect(bundledCatalog('8.16.1').has('cluster', 'monitor_stats')).toBe(false);
    expect(bundledCatalog('8.17').has('cluster', 'monitor_stats')).toBe(true);
    expect(bundledCatalog('8.4').has('cluster', 'read_security')).toBe(false);
    expect(bundledCatalog('8.5').has('cluster', 'read_security')).toBe(true);
    expect(bundledCatalog('8.0').has('cluster', 'manage_user_profile')).toBe(false);
    expect(bundledCatalog('8.1').has('cluster', 'manage_user_profile')).toBe(true);
  });

  it('has the failure-store index privileges in 8.19 and 9.1 but not 9.0', () => {
    expect(bundledCatalog('9.1').has('index', 'read_failure_store')).toBe(true);
    expect(bundledCatalog('9.1').has('index', 'manage_failure_store')).toBe(true);
    expect(bundledCatalog('8.19').has('index', 'read_failure_store')).toBe(true);
    expect(bundledCatalog('9.0').has('index', 'read_failure_store')).toBe(false);
    expect(bundledCatalog('9.1').has('cluster', 'monitor_esql')).toBe(true);
    expect(bundledCatalog('8.19').has('cluster', 'monitor_esql')).toBe(false);
  });

  it('has remote_cluster privileges only from 8.15', () => {
    expect(bundledCatalog('7.17').names('remote_cluster')).toEqual([]);
    expect(bundledCatalog('8.10').names('remote_cluster')).toEqual([]);
    expect(bundledCatalog('8.15').names('remote_cluster')).toEqual(['monitor_enrich']);
    expect(bundledCatalog('8.17').names('remote_cluster')).toEqual(['monitor_enrich', 'monitor_stats']);
  });

  it('falls back to the oldest list for old targets and the newest for none or garbage', () => {
    const old = bundledCatalog('6.8');
    expect(old.names('cluster')).toEqual(bundledCatalog('7.17').names('cluster'));
    expect(old.label).toBe('ES 6.8 (bundled)');
    expect(bundledCatalog().names('index')).toEqual(bundledCatalog('9.1').names('index'));
    expect(formatVersion(bundledCatalog().version)).toBe('9.1');
    expect(bundledCatalog('not a version').names('cluster')).toEqual(bundledCatalog('9.1').names('cluster'));
    expect(bundledCatalog('10.2').names('cluster')).toEqual(bundledCatalog('9.1').names('cluster'));
  });

  it('answers has() case-insensitively', () => {
    const cat = bundledCatalog('8.17');
    expect(cat.has('cluster', 'MANAGE_Security')).toBe(true);
    expect(cat.has('index', 'Read')).toBe(true);
    expect(cat.has('remote_cluster', 'Monitor_Enrich')).toBe(true);
    expect(cat.has('cluster', 'read')).toBe(false);
  });
});

describe('privilege documentation', () => {
  it('describes every name of every bundled version', () => {
    const missing: string[] = [];
    for (const [kind, name] of allBundledNames()) {
      const info = privilegeInfo(kind, name);
      if (!info?.description || info.description.trim().length < 10) missing.push(`${kind}:${name}`);
    }
    expect(missing).toEqual([]);
  });

  it('documents every name the catalog metadata knows', () => {
    for (const kind of PRIVILEGE_KINDS) {
      for (const name of allKnownNames(kind)) {
        expect(privilegeInfo(kind, name)?.description, `${kind}:${name}`).toBeTruthy();
      }
    }
    expect(allKnownNames('cluster')).toHaveLength(63);
    expect(allKnownNames('index')).toHaveLength(24);
    expect(allKnownNames('remote_cluster')).toHaveLength(2);
  });

  it('lists only real action names, never Java constants', () => {
    const bad: string[] = [];
    for (const [kind, name] of allBundledNames()) {
      const info = privilegeInfo(kind, name)!;
      for (const action of [...(info.actions ?? []), ...(info.excludedActions ?? [])]) {
        const javaLooking = /\.NAME|name\(\)|TYPE|INSTANCE|\.[A-Z]/.test(action);
        const prefixOk = /^(cluster:|indices:|internal:)/.test(action);
        const starOk = !action.includes('*') || action.indexOf('*') === action.length - 1;
        if (javaLooking || !prefixOk || !starOk || /\s/.test(action)) bad.push(`${kind}:${name} -> ${action}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('lists actions that ES would accept as raw actions of the same kind', () => {
    const bad: string[] = [];
    for (const [kind, name] of allBundledNames()) {
      const info = privilegeInfo(kind, name)!;
      // remote_cluster privileges are cluster privileges evaluated on the remote cluster.
      const actionKind: PrivilegeKind = kind === 'index' ? 'index' : 'cluster';
      for (const action of [...(info.actions ?? []), ...(info.excludedActions ?? [])]) {
        if (!isRawAction(actionKind, action)) bad.push(`${kind}:${name} -> ${action}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('omits actions where the patterns are unknown or request-dependent', () => {
    expect(privilegeInfo('cluster', 'manage_own_api_key')?.actions).toBeUndefined();
    expect(privilegeInfo('cluster', 'monitor_stats')?.actions).toBeUndefined();
    expect(privilegeInfo('cluster', 'monitor_esql')?.actions).toBeUndefined();
    expect(privilegeInfo('remote_cluster', 'monitor_stats')?.actions).toBeUndefined();
    expect(privilegeInfo('cluster', 'none')?.actions).toEqual([]);
    expect(privilegeInfo('index', 'none')?.actions).toEqual([]);
  });

  it('has excluded actions only for manage, manage_security and manage_connector', () => {
    const withExclusions = allBundledNames()
      .filter(([kind, name]) => privilegeInfo(kind, name)?.excludedActions !== undefined)
      .map(([kind, name]) => `${kind}:${name}`)
      .sort();
    expect(withExclusions).toEqual(['cluster:manage', 'cluster:manage_connector', 'cluster:manage_security']);
    expect(privilegeInfo('cluster', 'manage')?.excludedActions).toEqual(['cluster:admin/xpack/security/*']);
    expect(privilegeInfo('cluster', 'manage_security')?.excludedActions).toEqual([
      'cluster:admin/xpack/security/delegate_pki',
    ]);
    expect(privilegeInfo('cluster', 'manage_connector')?.excludedActions).toContain(
      'cluster:admin/xpack/connector/secret/get',
    );
  });

  it('resolves constants to the action names their classes define', () => {
    expect(privilegeInfo('index', 'create_index')?.actions).toEqual([
      'indices:admin/create',
      'indices:admin/auto_create',
      'indices:admin/data_stream/create',
    ]);
    expect(privilegeInfo('index', 'view_index_metadata')?.actions).toContain('indices:admin/aliases/get');
    expect(privilegeInfo('index', 'view_index_metadata')?.actions).toContain('indices:admin/mappings/fields/get*');
    expect(privilegeInfo('index', 'write')?.actions).toEqual(['indices:data/write/*', 'indices:admin/mapping/auto_put']);
    expect(privilegeInfo('cluster', 'monitor')?.actions).toContain('indices:admin/index_template/get');
    expect(privilegeInfo('cluster', 'grant_api_key')?.actions).toEqual(['cluster:admin/xpack/security/api_key/grant*']);
    expect(privilegeInfo('cluster', 'cancel_task')?.actions).toEqual(['cluster:admin/tasks/cancel*']);
    expect(privilegeInfo('cluster', 'read_security')?.actions).toContain(
      'cluster:admin/xpack/security/service_account/credential/get*',
    );
    expect(privilegeInfo('cluster', 'read_slm')?.actions).toContain('cluster:admin/ilm/operation_mode/get');
  });

  it('says which privileges must not be granted directly or have no effect', () => {
    for (const name of ['cross_cluster_search', 'cross_cluster_replication']) {
      expect(privilegeInfo('cluster', name)?.description).toMatch(/should not be granted directly/);
    }
    expect(privilegeInfo('index', 'cross_cluster_replication_internal')?.description).toMatch(
      /should not be granted directly/,
    );
    for (const name of ['manage_data_stream_global_retention', 'monitor_data_stream_global_retention']) {
      expect(privilegeInfo('cluster', name)?.description).toMatch(/no effect since 8\.16/);
      expect(privilegeInfo('cluster', name)?.actions).toEqual([]);
    }
  });

  it('merges catalog metadata into privilegeInfo', () => {
    const info = privilegeInfo('cluster', 'manage_data_frame_transforms');
    expect(info?.deprecated?.replacement).toBe('manage_transform');
    expect(info?.deprecated?.since).toBe('7.5');
    expect(info?.kind).toBe('cluster');
    expect(privilegeInfo('cluster', 'MANAGE_DATA_FRAME_TRANSFORMS')?.name).toBe('manage_data_frame_transforms');
    expect(privilegeInfo('cluster', 'manage_inference')?.introduced).toBe('8.14');
    expect(privilegeInfo('cluster', 'all')?.implies).toContain('manage_security');
    expect(privilegeInfo('remote_cluster', 'monitor_stats')?.introduced).toBe('8.17');
    expect(privilegeInfo('index', 'read')?.kind).toBe('index');
    expect(privilegeInfo('cluster', 'no_such_privilege')).toBeUndefined();
    expect(privilegeInfo('index', 'manage_security')).toBeUndefined();
  });

  it('gives the same documentation through Catalog.info, also for names the catalog lacks', () => {
    const cat = bundledCatalog('7.17');
    expect(cat.has('cluster', 'manage_inference')).toBe(false);
    expect(cat.info('cluster', 'manage_inference')).toBe(privilegeInfo('cluster', 'manage_inference'));
    expect(cat.info('cluster', 'manage_inference')?.description).toBeTruthy();
  });
});

describe('resolvePrivilege', () => {
  const cat = bundledCatalog('8.17');

  it('accepts cluster action patterns under cluster', () => {
    expect(resolvePrivilege(cat, 'cluster', 'cluster:monitor/main')).toEqual({ ok: true, via: 'action', name: 'cluster:monitor/main' });
    expect(resolvePrivilege(cat, 'cluster', 'indices:admin/template/put')).toMatchObject({ ok: true, via: 'action' });
    expect(resolvePrivilege(cat, 'cluster', 'indices:admin/index_template/get')).toMatchObject({ ok: true, via: 'action' });
    expect(resolvePrivilege(cat, 'cluster', 'CLUSTER:admin/*')).toEqual({ ok: true, via: 'action', name: 'cluster:admin/*' });
  });

  it('treats an index action under cluster as belonging to index', () => {
    expect(resolvePrivilege(cat, 'cluster', 'indices:data/read/search')).toEqual({
      ok: false,
      name: 'indices:data/read/search',
      otherKind: 'index',
    });
    expect(resolvePrivilege(cat, 'index', 'indices:data/read/search')).toMatchObject({ ok: true, via: 'action' });
    expect(resolvePrivilege(cat, 'index', 'internal:transport/proxy/indices:data/read/query')).toMatchObject({
      ok: true,
      via: 'action',
    });
    expect(resolvePrivilege(cat, 'index', 'cluster:monitor/main')).toMatchObject({ ok: false, otherKind: 'cluster' });
  });

  it('resolves built-in names case-insensitively', () => {
    expect(resolvePrivilege(cat, 'cluster', 'MONITOR')).toEqual({ ok: true, via: 'name', name: 'monitor' });
    expect(resolvePrivilege(cat, 'index', 'View_Index_Metadata')).toEqual({ ok: true, via: 'name', name: 'view_index_metadata' });
    expect(resolvePrivilege(cat, 'remote_cluster', 'monitor_stats')).toEqual({ ok: true, via: 'name', name: 'monitor_stats' });
  });

  it('reports names of the other kind', () => {
    expect(resolvePrivilege(cat, 'cluster', 'read')).toEqual({ ok: false, name: 'read', otherKind: 'index' });
    expect(resolvePrivilege(cat, 'index', 'manage_security')).toEqual({ ok: false, name: 'manage_security', otherKind: 'cluster' });
    expect(resolvePrivilege(cat, 'remote_cluster', 'read_pipeline')).toMatchObject({ ok: false, otherKind: 'cluster' });
    expect(resolvePrivilege(cat, 'remote_cluster', 'cluster:monitor/main')).toMatchObject({ ok: false, otherKind: 'cluster' });
  });

  it('has no wildcards over privilege names', () => {
    expect(resolvePrivilege(cat, 'cluster', 'manage_*')).toEqual({ ok: false, name: 'manage_*' });
    expect(resolvePrivilege(cat, 'index', 'read*')).toEqual({ ok: false, name: 'read*' });
  });

  it('depends on the catalog version', () => {
    expect(resolvePrivilege(bundledCatalog('8.10'), 'remote_cluster', 'monitor_enrich')).toMatchObject({ ok: false });
    expect(resolvePrivilege(bundledCatalog('8.15'), 'remote_cluster', 'monitor_enrich')).toMatchObject({ ok: true });
    expect(resolvePrivilege(bundledCatalog('8.15'), 'remote_cluster', 'monitor_stats')).toMatchObject({ ok: false });
  });
});

describe('liveCatalog', () => {
  const body = {
    cluster: ['monitor', 'MANAGE', 'all', 'future_cluster_priv'],
    index: ['read', 'all', 'write'],
  };

  it('replaces the bundled lists with the cluster answer', () => {
    const cat = liveCatalog(body, '8.17.2', 'prod');
    expect(cat.source).toBe('cluster');
    expect(cat.confidence).toBe('live');
    expect(cat.label).toBe('ES 8.17.2 (prod)');
    expect(formatVersion(cat.version, true)).toBe('8.17.2');
    expect(cat.names('cluster')).toEqual(['all', 'future_cluster_priv', 'manage', 'monitor']);
    expect(cat.names('index')).toEqual(['all', 'read', 'write']);
    expect(cat.names('remote_cluster')).toEqual([]);
    expect(cat.has('cluster', 'future_cluster_priv')).toBe(true);
    expect(cat.has('cluster', 'manage_security')).toBe(false);
    expect(resolvePrivilege(cat, 'cluster', 'Future_Cluster_Priv')).toMatchObject({ ok: true, via: 'name' });
  });

  it('keeps documentation and remote_cluster lists', () => {
    const cat = liveCatalog({ ...body, remote_cluster: ['monitor_enrich', 'monitor_stats'] }, '9.1.0-SNAPSHOT', 'dev');
    expect(cat.names('remote_cluster')).toEqual(['monitor_enrich', 'monitor_stats']);
    expect(cat.label).toBe('ES 9.1.0 (dev)');
    expect(cat.info('cluster', 'monitor')?.description).toBeTruthy();
    expect(cat.info('cluster', 'future_cluster_priv')).toBeUndefined();
  });

  it('falls back to the newest bundled version for an unreadable version', () => {
    const cat = liveCatalog(body, 'unknown', 'x');
    expect(formatVersion(cat.version)).toBe(NEWEST_BUNDLED_VERSION);
  });
});

describe('versions', () => {
  it('parses major.minor[.patch] with optional v prefix and qualifier', () => {
    expect(parseVersion('8.15.2')).toEqual({ major: 8, minor: 15, patch: 2 });
    expect(parseVersion('9.1.0-SNAPSHOT')).toEqual({ major: 9, minor: 1, patch: 0 });
    expect(parseVersion('8.15')).toEqual({ major: 8, minor: 15, patch: 0 });
    expect(parseVersion('8')).toEqual({ major: 8, minor: 0, patch: 0 });
    expect(parseVersion('v7.17.28')).toEqual({ major: 7, minor: 17, patch: 28 });
    expect(parseVersion(' 8.10.1 ')).toEqual({ major: 8, minor: 10, patch: 1 });
    expect(parseVersion('8.11.0+build.5')).toEqual({ major: 8, minor: 11, patch: 0 });
  });

  it('rejects garbage', () => {
    for (const text of ['', 'garbage', 'latest', '8.x', '8.15.2.1', 'eight', '.8', '1234.1']) {
      expect(parseVersion(text), text).toBeUndefined();
    }
    expect(parseVersion(undefined)).toBeUndefined();
    expect(parseVersion(null)).toBeUndefined();
  });

  it('compares numerically, not as strings', () => {
    expect(compareVersions(v('8.10'), v('8.9'))).toBeGreaterThan(0);
    expect(compareVersions(v('8.9.9'), v('8.10'))).toBeLessThan(0);
    expect(compareVersions(v('9.0'), v('8.19'))).toBeGreaterThan(0);
    expect(compareVersions(v('8.15.0'), v('8.15'))).toBe(0);
    expect(compareVersions(v('9.1.0-SNAPSHOT'), v('9.1'))).toBe(0);
  });

  it('checks minimum versions', () => {
    expect(atLeast(v('8.15.2'), '8.15')).toBe(true);
    expect(atLeast(v('8.15'), '8.15.0')).toBe(true);
    expect(atLeast(v('8.14.9'), '8.15')).toBe(false);
    expect(atLeast(v('10.0'), '9.1')).toBe(true);
    // An unreadable minimum does not restrict anything.
    expect(atLeast(v('7.17'), 'garbage')).toBe(true);
  });

  it('formats with and without the patch', () => {
    expect(formatVersion(v('8.17.2'))).toBe('8.17');
    expect(formatVersion(v('8.17.2'), true)).toBe('8.17.2');
    expect(formatVersion(v('9'), true)).toBe('9.0.0');
  });
});
