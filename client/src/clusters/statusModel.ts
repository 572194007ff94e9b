/**
 * What the cluster language status item shows for a connection state. No `vscode` import
 * (unit-tested); ui/clusterStatus.ts renders it.
 */
import type { ConnectionState } from './connections';
import type { FixAction } from './errorModel';
import { profileLocation } from './profileModel';

export type StatusSeverity = 'information' | 'warning' | 'error';

/** Which command the status item's link runs. */
export type StatusCommand = FixAction | 'reconnect';

export interface ClusterStatusPresentation {
  readonly text: string;
  readonly detail: string;
  readonly severity: StatusSeverity;
  readonly busy: boolean;
  readonly command: { readonly title: string; readonly action: StatusCommand; readonly tooltip: string };
}

const SELECT = { title: 'Select Cluster', action: 'selectCluster', tooltip: 'Pick the cluster that push, pull and privilege checks use' } as const;

export function presentClusterStatus(state: ConnectionState, profileCount: number): ClusterStatusPresentation {
  const profile = state.profile;
  if (!profile) {
    if (profileCount === 0) {
      return {
        text: 'No cluster',
        detail: 'Add a cluster to push roles, pull roles and check privileges',
        severity: 'information',
        busy: false,
        command: { title: 'Add Cluster', action: 'addCluster', tooltip: 'Add an Elasticsearch cluster connection' },
      };
    }
    return { text: 'No cluster selected', detail: `${profileCount} cluster${profileCount === 1 ? '' : 's'} configured`, severity: 'information', busy: false, command: SELECT };
  }
  const where = profileLocation(profile);
  switch (state.status) {
    case 'connecting':
      return { text: profile.name, detail: `Connecting to ${where}…`, severity: 'information', busy: true, command: SELECT };
    case 'connected': {
      const text = [profile.name, state.version ? `ES ${state.version}` : undefined, state.username].filter(Boolean).join(' · ');
      if (profile.insecure) {
        return {
          text,
          detail: `${where} — TLS certificate verification is disabled (insecure)`,
          severity: 'warning',
          busy: false,
          command: { title: 'Open Settings', action: 'openSettings', tooltip: 'Configure a CA file or fingerprint for this cluster' },
        };
      }
      return { text, detail: `${where}${state.clusterName ? ` (cluster ${state.clusterName})` : ''}; privileges validated against the live list`, severity: 'information', busy: false, command: SELECT };
    }
    case 'error': {
      const error = state.error;
      const label = error?.label ?? 'error';
      return {
        text: `${profile.name} · ${label}`,
        detail: error?.summary ?? `Cannot connect to ${where}`,
        severity: 'error',
        busy: false,
        command: errorCommand(error?.action),
      };
    }
    case 'disconnected':
      return {
        text: `${profile.name} · not connected`,
        detail: where,
        severity: 'information',
        busy: false,
        command: { title: 'Connect', action: 'reconnect', tooltip: `Connect to ${profile.name}` },
      };
  }
}

function errorCommand(action: FixAction | undefined): ClusterStatusPresentation['command'] {
  switch (action) {
    case 'setCredentials':
      return { title: 'Set Credentials', action: 'setCredentials', tooltip: 'Enter the password, API key or token for this cluster' };
    case 'openSettings':
      return { title: 'Open Settings', action: 'openSettings', tooltip: 'Fix the URL, Cloud ID or TLS settings of this cluster' };
    case 'addCluster':
      return { title: 'Add Cluster', action: 'addCluster', tooltip: 'Add an Elasticsearch cluster connection' };
    case 'selectCluster':
      return SELECT;
    default:
      return { title: 'Retry', action: 'reconnect', tooltip: 'Connect again' };
  }
}
