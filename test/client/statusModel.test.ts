import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../client/src/clusters/connections';
import type { ClusterProfile } from '../../client/src/clusters/profileModel';
import { presentClusterStatus } from '../../client/src/clusters/statusModel';

const prod: ClusterProfile = { name: 'prod', url: 'https://es.example:9200', auth: 'basic', username: 'elastic' };

describe('presentClusterStatus', () => {
  it('offers Add Cluster when none is configured, Select Cluster when none is selected', () => {
    const none = presentClusterStatus({ status: 'disconnected' }, 0);
    expect(none).toMatchObject({ text: 'No cluster', severity: 'information', command: { action: 'addCluster', title: 'Add Cluster' } });
    const unselected = presentClusterStatus({ status: 'disconnected' }, 2);
    expect(unselected).toMatchObject({ text: 'No cluster selected', detail: '2 clusters configured', command: { action: 'selectCluster' } });
  });

  it('shows cluster, version and user when connected', () => {
    const state: ConnectionState = { profile: prod, status: 'connected', version: '8.17.2', username: 'elastic', clusterName: 'prod-cluster' };
    const p = presentClusterStatus(state, 1);
    expect(p.text).toBe('prod · ES 8.17.2 · elastic');
    expect(p.severity).toBe('information');
    expect(p.busy).toBe(false);
    expect(p.detail).toContain('https://es.example:9200');
    expect(p.command.action).toBe('selectCluster');
  });

  it('warns while connected without certificate verification', () => {
    const p = presentClusterStatus({ profile: { ...prod, insecure: true }, status: 'connected', version: '9.1.0', username: 'elastic' }, 1);
    expect(p.severity).toBe('warning');
    expect(p.detail).toMatch(/insecure/);
    expect(p.command.action).toBe('openSettings');
  });

  it('is busy while connecting', () => {
    expect(presentClusterStatus({ profile: prod, status: 'connecting' }, 1)).toMatchObject({ text: 'prod', busy: true });
  });

  it('is an error with the fix-it of the problem', () => {
    const unauthorised = presentClusterStatus(
      { profile: prod, status: 'error', error: { summary: 'Cluster "prod": authentication failed (401)', action: 'setCredentials', label: 'unauthorised' } },
      1,
    );
    expect(unauthorised).toMatchObject({ text: 'prod · unauthorised', severity: 'error', command: { action: 'setCredentials', title: 'Set Credentials' } });
    expect(unauthorised.detail).toMatch(/401/);
    const unreachable = presentClusterStatus({ profile: prod, status: 'error', error: { summary: 'refused', action: 'openSettings', label: 'unreachable' } }, 1);
    expect(unreachable).toMatchObject({ text: 'prod · unreachable', command: { action: 'openSettings' } });
    const transient = presentClusterStatus({ profile: prod, status: 'error', error: { summary: '503', action: 'retry', label: 'error' } }, 1);
    expect(transient.command).toMatchObject({ action: 'reconnect', title: 'Retry' });
  });

  it('offers Connect when the selected cluster is not connected', () => {
    expect(presentClusterStatus({ profile: prod, status: 'disconnected' }, 1)).toMatchObject({ text: 'prod · not connected', command: { action: 'reconnect' } });
  });
});
