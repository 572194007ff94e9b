import { describe, expect, it } from 'vitest';
import { ConnectionError, EsApiError, TimeoutError, TlsError } from '../../client/src/cluster';
import { errorReport, fixActionFor, isCancellation, settingsQueryFor } from '../../client/src/clusters/errorModel';
import { MissingCredentialsError, NoClusterError } from '../../client/src/clusters/profileModel';
import { PushBackupError, PushConflictError } from '../../client/src/ops';

const ctx = { method: 'GET', path: '/_security/_authenticate', origin: 'https://es:9200' };

describe('fixActionFor', () => {
  it('maps each kind of failure to one fix-it', () => {
    expect(fixActionFor(new EsApiError(401, 'security_exception', 'unable to authenticate', [], {}, ctx))).toBe('setCredentials');
    expect(fixActionFor(new MissingCredentialsError('prod'))).toBe('setCredentials');
    expect(fixActionFor(new NoClusterError(true))).toBe('selectCluster');
    expect(fixActionFor(new NoClusterError(false))).toBe('addCluster');
    expect(fixActionFor(new TlsError('untrusted', 'self signed', 'DEPTH_ZERO_SELF_SIGNED_CERT', ctx))).toBe('openSettings');
    expect(fixActionFor(new ConnectionError('refused', 'refused', 'ECONNREFUSED', ctx))).toBe('openSettings');
    expect(fixActionFor(new TimeoutError(1000, 'response', ctx))).toBe('retry');
    expect(fixActionFor(new EsApiError(503, undefined, 'unavailable', [], {}, ctx))).toBe('retry');
    expect(fixActionFor(new EsApiError(403, 'security_exception', 'action denied', [], {}, ctx))).toBe('showLog');
    expect(fixActionFor(new PushConflictError('prod', { a: 'changed' }))).toBe('retry');
    expect(fixActionFor(new PushBackupError('/nope', new Error('EACCES')))).toBe('openSettings');
    expect(fixActionFor(new Error('boom'))).toBe('showLog');
  });

  it('opens the backup setting for backup errors, the profiles otherwise', () => {
    expect(settingsQueryFor(new PushBackupError('/nope', new Error('x')))).toBe('elasticsearchRoles.push.backupDirectory');
    expect(settingsQueryFor(new TlsError('untrusted', 'x', undefined, ctx))).toBe('elasticsearchRoles.clusters');
  });
});

describe('errorReport', () => {
  it('one line naming the operation and the cluster, details for the log', () => {
    const err = new EsApiError(401, 'security_exception', 'unable to authenticate user [elastic]', [{ type: 'security_exception', reason: 'unable to authenticate' }], { error: {} }, ctx);
    const r = errorReport(err, 'Push Roles', 'prod');
    expect(r.message).toMatch(/^Push Roles failed\. Cluster "prod": authentication failed/);
    expect(r.action).toBe('setCredentials');
    expect(r.details.join('\n')).toContain('GET https://es:9200/_security/_authenticate');
    expect(r.details.join('\n')).toContain('root cause: security_exception');
  });

  it('redacts extra secrets from the message and the details', () => {
    const err = new Error('grant failed for password grantee-canary-9f1');
    const r = errorReport(err, 'Grant API Key', 'prod', ['grantee-canary-9f1']);
    expect(r.message + r.details.join('\n')).not.toContain('grantee-canary-9f1');
    expect(r.message).toContain('[REDACTED]');
  });

  it('uses the message of errors that are not cluster errors', () => {
    const r = errorReport(new PushConflictError('prod', { a: 'changed' }), 'Push Roles', 'prod');
    expect(r.message).toMatch(/^Push Roles failed\. Cluster "prod": 1 role changed on the cluster/);
    expect(r.details.join('\n')).not.toMatch(/at /);
    expect(errorReport(new NoClusterError(false), 'Pull Roles', undefined).message).toBe('Pull Roles failed. No cluster is configured. Run "Add Cluster".');
  });

  it('recognises cancellations', () => {
    const abort = Object.assign(new Error('cancelled'), { name: 'AbortError' });
    expect(isCancellation(abort)).toBe(true);
    expect(isCancellation(new Error('x'))).toBe(false);
  });
});
