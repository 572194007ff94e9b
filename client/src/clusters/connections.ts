/**
 * Connections to the configured clusters: one EsClient per profile (reused while the profile and
 * its secret stay the same), and the state of the active cluster (connected / error / ...) that the
 * status item shows. Connecting = GET / + GET _security/_authenticate + GET _security/privilege/_builtin;
 * then the (non-secret) privilege list goes to the language server (setLiveCatalog), and `null` on
 * disconnect.
 *
 * No `vscode` import: settings, secrets and the language server are injected (unit-tested against
 * the loopback ES test server).
 */
import { createHash } from 'node:crypto';
import {
  authenticate,
  createClient,
  describeError,
  getBuiltinPrivileges,
  getRoot,
  type ClientOptions,
  type ClusterConfig,
  type ClusterLogger,
  type EsClient,
} from '../cluster';
import type { SetLiveCatalogParams } from '../../../server/src/protocol';
import { fixActionFor, isCancellation, type FixAction } from './errorModel';
import { buildClusterConfig, NoClusterError, type ClusterProfile } from './profileModel';

export type ConnectionStatus = 'disconnected' | 'connecting' | 'connected' | 'error';

export interface ConnectionProblem {
  /** One line (describeError), names the cluster, never a secret. */
  readonly summary: string;
  readonly action: FixAction;
  /** Short label for the status item: "unauthorised", "unreachable", ... */
  readonly label: string;
}

export interface ConnectionState {
  /** The active profile; undefined when none is selected. */
  readonly profile?: ClusterProfile;
  readonly status: ConnectionStatus;
  readonly version?: string;
  readonly username?: string;
  /** `cluster_name` from GET /. */
  readonly clusterName?: string;
  readonly error?: ConnectionProblem;
}

export interface ConnectionDeps {
  readonly profiles: () => readonly ClusterProfile[];
  readonly activeName: () => string | undefined;
  readonly readSecret: (profileName: string) => Promise<string | undefined>;
  /** Sends the live catalog (or null) to the language server; failures are logged, not thrown. */
  readonly publishCatalog: (params: SetLiveCatalogParams) => Promise<void>;
  readonly logger: ClusterLogger;
  readonly createClient?: (config: ClusterConfig, options: ClientOptions) => EsClient;
}

export interface Disposable {
  dispose(): void;
}

interface CachedClient {
  readonly key: string;
  readonly client: EsClient;
}

/** The short label of a connection problem. */
export function problemLabel(action: FixAction, err: unknown): string {
  const kind = (err as { kind?: string })?.kind;
  const status = (err as { status?: number })?.status;
  if (action === 'setCredentials') return status === 401 ? 'unauthorised' : 'no credentials';
  if (status === 403) return 'forbidden';
  if (kind === 'tls') return 'TLS error';
  if (kind === 'connection' || kind === 'timeout') return 'unreachable';
  if (kind === 'config') return 'settings error';
  return 'error';
}

export class ClusterConnections {
  private readonly clients = new Map<string, CachedClient>();
  private readonly listeners = new Set<(state: ConnectionState) => void>();
  private current: ConnectionState = { status: 'disconnected' };
  private catalog: SetLiveCatalogParams = null;
  /** Bumped by every connect/disconnect: an older connect's result is dropped. */
  private generation = 0;

  constructor(private readonly deps: ConnectionDeps) {}

  get state(): ConnectionState {
    return this.current;
  }

  /** The catalog last sent to the language server (null when none). */
  get liveCatalog(): SetLiveCatalogParams {
    return this.catalog;
  }

  onDidChange(listener: (state: ConnectionState) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  profiles(): readonly ClusterProfile[] {
    return this.deps.profiles();
  }

  profile(name: string): ClusterProfile | undefined {
    return this.deps.profiles().find((p) => p.name === name);
  }

  /** The active profile, if the setting names one that exists. */
  activeProfile(): ClusterProfile | undefined {
    const name = this.deps.activeName();
    return name ? this.profile(name) : undefined;
  }

  /**
   * A client for a profile (the active one by default), reused while the profile and its secret
   * are unchanged. Throws NoClusterError, MissingCredentialsError or ConfigError.
   */
  async client(name?: string): Promise<{ client: EsClient; profile: ClusterProfile }> {
    const profile = name !== undefined ? this.profile(name) : this.activeProfile();
    if (!profile) throw new NoClusterError(this.deps.profiles().length > 0);
    const secret = await this.deps.readSecret(profile.name);
    const key = cacheKey(profile, secret);
    const cached = this.clients.get(profile.name);
    if (cached?.key === key) return { client: cached.client, profile };
    const config = buildClusterConfig(profile, secret);
    const client = (this.deps.createClient ?? createClient)(config, { logger: this.deps.logger });
    if (cached) void cached.client.close();
    this.clients.set(profile.name, { key, client });
    return { client, profile };
  }

  /** A one-off client for settings that are not saved yet (Add Cluster checks the secret with it). */
  createTemporaryClient(profile: ClusterProfile, secret: string | undefined): EsClient {
    return (this.deps.createClient ?? createClient)(buildClusterConfig(profile, secret), { logger: this.deps.logger });
  }

  /**
   * Connects to the active cluster (or disconnects when none is selected) and publishes the live
   * catalog. Never throws: the outcome is the returned (and announced) state.
   */
  async connect(signal?: AbortSignal): Promise<ConnectionState> {
    const generation = ++this.generation;
    const profile = this.activeProfile();
    if (!profile) {
      await this.clearCatalog();
      this.set({ status: 'disconnected' });
      return this.current;
    }
    this.set({ profile, status: 'connecting' });
    try {
      const { client } = await this.client(profile.name);
      const root = await getRoot(client, { signal });
      const who = await authenticate(client, { signal });
      const builtin = await getBuiltinPrivileges(client, { signal });
      if (generation !== this.generation) return this.current;
      const version = root.version?.number ?? 'unknown';
      if (profile.insecure) {
        this.deps.logger.warn(`Cluster "${profile.name}": connected WITHOUT TLS certificate verification (insecure). Configure a CA file or fingerprint.`);
      }
      this.deps.logger.info(`Connected to cluster "${profile.name}" (${root.cluster_name}, ES ${version}) as ${who.username}.`);
      this.catalog = {
        clusterName: profile.name,
        version,
        builtin: { cluster: [...builtin.cluster], index: [...builtin.index], ...(builtin.remote_cluster ? { remote_cluster: [...builtin.remote_cluster] } : {}) },
      };
      await this.publish(this.catalog);
      this.set({ profile, status: 'connected', version, username: who.username, clusterName: root.cluster_name });
    } catch (err) {
      if (generation !== this.generation) return this.current;
      await this.clearCatalog();
      if (isCancellation(err)) {
        this.set({ profile, status: 'disconnected' });
        return this.current;
      }
      const action = fixActionFor(err);
      const summary = describeError(err, profile.name);
      this.deps.logger.error(`Connecting to cluster "${profile.name}" failed: ${summary}`);
      this.set({ profile, status: 'error', error: { summary, action, label: problemLabel(action, err) } });
    }
    return this.current;
  }

  /** Forgets the connection state and clears the live catalog (select "none", profile removed). */
  async disconnect(): Promise<void> {
    this.generation++;
    await this.clearCatalog();
    this.set({ status: 'disconnected' });
  }

  /** The profile or its secret changed: drop its client (the next use creates a new one). */
  async forget(name: string): Promise<void> {
    const cached = this.clients.get(name);
    this.clients.delete(name);
    await cached?.client.close();
  }

  /**
   * After a language-server restart: the new server knows nothing about the cluster, so send the
   * live catalog again.
   */
  async resendCatalog(): Promise<void> {
    if (this.catalog) await this.publish(this.catalog);
  }

  /** Records an error seen by a command (e.g. a 401 on push) so the status item shows it too. */
  reportCommandError(profileName: string, err: unknown): void {
    const action = fixActionFor(err);
    if (action !== 'setCredentials' && problemLabel(action, err) !== 'unreachable') return;
    const profile = this.activeProfile();
    if (!profile || profile.name !== profileName) return;
    this.set({ profile, status: 'error', error: { summary: describeError(err, profileName), action, label: problemLabel(action, err) } });
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((c) => c.client.close().catch(() => undefined)));
  }

  private async clearCatalog(): Promise<void> {
    if (this.catalog === null) return;
    this.catalog = null;
    await this.publish(null);
  }

  private async publish(params: SetLiveCatalogParams): Promise<void> {
    try {
      await this.deps.publishCatalog(params);
    } catch (err) {
      this.deps.logger.warn(`Could not send the cluster's privilege list to the language server: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private set(state: ConnectionState): void {
    this.current = state;
    for (const l of [...this.listeners]) {
      try {
        l(state);
      } catch {
        // a failing listener must not break the others
      }
    }
  }
}

/** Identifies a profile + secret without keeping the secret in memory twice. */
function cacheKey(profile: ClusterProfile, secret: string | undefined): string {
  const digest = createHash('sha256').update(secret ?? '').digest('hex');
  return `${JSON.stringify(profile)}\n${digest}`;
}
