// has_privileges requests from role files, and their answers as rows.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, hasPrivileges, type EsClient, type HasPrivilegesResponse } from '../../client/src/cluster';
import { hasPrivilegesRequest, PrivilegesRequestError, summarizeHasPrivileges, uncheckableFields } from '../../client/src/ops/privileges';
import { startTarget, type Target } from '../cluster/target';

const ROLES = {
  reader: {
    cluster: ['monitor'],
    indices: [
      { names: 'logs-*', privileges: ['read', 'view_index_metadata'], field_security: { grant: ['a'] }, query: '{"match_all":{}}' },
      { names: ['.security*'], privileges: ['read'], allow_restricted_indices: true },
    ],
    applications: [{ application: 'kibana-.kibana', privileges: ['read'], resources: ['space:default'] }],
  },
  writer: {
    cluster: ['monitor', 'manage_ilm'],
    index: [{ names: ['logs-*'], privileges: ['read', 'view_index_metadata'] }],
    run_as: ['bob'],
    remote_indices: [{ clusters: ['eu'], names: ['x'], privileges: ['read'] }],
  },
};

describe('hasPrivilegesRequest', () => {
  it('asks for the cluster privileges, index entries (no FLS/DLS) and applications of every role, once each', () => {
    expect(hasPrivilegesRequest(ROLES)).toEqual({
      cluster: ['monitor', 'manage_ilm'],
      index: [
        { names: ['logs-*'], privileges: ['read', 'view_index_metadata'] },
        { names: ['.security*'], privileges: ['read'], allow_restricted_indices: true },
      ],
      application: [{ application: 'kibana-.kibana', privileges: ['read'], resources: ['space:default'] }],
    });
  });

  it('only the role named', () => {
    expect(hasPrivilegesRequest(ROLES, 'writer')).toEqual({
      cluster: ['monitor', 'manage_ilm'],
      index: [{ names: ['logs-*'], privileges: ['read', 'view_index_metadata'] }],
    });
    expect(() => hasPrivilegesRequest(ROLES, 'nope')).toThrow('no role named "nope" in the file (it has: reader, writer)');
  });

  it('throws a clear error when there is nothing to ask', () => {
    let err: unknown;
    try {
      hasPrivilegesRequest({ r: { run_as: ['x'], indices: [{ names: ['a'], privileges: [] }] } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PrivilegesRequestError);
    expect((err as Error).message).toMatch(/lists no cluster, index or application privileges to check/);
    expect(() => hasPrivilegesRequest({})).toThrow(PrivilegesRequestError);
  });

  it('names what has_privileges cannot check', () => {
    expect(uncheckableFields(ROLES)).toEqual(['run_as', 'remote_indices']);
    expect(uncheckableFields(ROLES, 'reader')).toEqual([]);
  });
});

describe('summarizeHasPrivileges', () => {
  it('one row per privilege: cluster, index, application', () => {
    const response: HasPrivilegesResponse = {
      username: 'u',
      has_all_requested: false,
      cluster: { monitor: true, manage_ilm: false },
      index: { 'logs-*': { read: true, write: false } },
      application: { app: { 'res/1': { read: true } } },
    };
    expect(summarizeHasPrivileges(response)).toEqual([
      { kind: 'cluster', resource: '', privilege: 'monitor', granted: true },
      { kind: 'cluster', resource: '', privilege: 'manage_ilm', granted: false },
      { kind: 'index', resource: 'logs-*', privilege: 'read', granted: true },
      { kind: 'index', resource: 'logs-*', privilege: 'write', granted: false },
      { kind: 'application', application: 'app', resource: 'res/1', privilege: 'read', granted: true },
    ]);
  });
});

describe('has_privileges requests on the cluster', () => {
  let target: Target;
  let client: EsClient;
  beforeAll(async () => {
    target = await startTarget();
    client = createClient(target.config);
  });
  afterAll(async () => {
    await client.close();
    await target.close();
  });

  it('the cluster accepts the built request and the rows cover it', async () => {
    const body = hasPrivilegesRequest({ writer: ROLES.writer });
    const response = await hasPrivileges(client, body);
    const rows = summarizeHasPrivileges(response);
    expect(rows.map((r) => `${r.kind} ${r.resource} ${r.privilege}`).sort()).toEqual(
      ['cluster  manage_ilm', 'cluster  monitor', 'index logs-* read', 'index logs-* view_index_metadata'].sort(),
    );
    expect(response.has_all_requested).toBe(true); // the admin is a superuser
  });
});
