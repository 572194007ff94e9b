/**
 * The language server's wiring: capabilities, document sync, settings, push diagnostics and custom
 * messages, every handler delegating to the pure language service. Model: json-language-features
 * `server/src/jsonServer.ts`.
 */
import {
  CodeActionKind,
  TextDocuments,
  TextDocumentSyncKind,
  CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
  type TextDocumentContentChangeEvent,
  type TextDocumentsConfiguration,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { computeDocumentInfo } from './documentInfo';
import { ROLE_FILE_NAME_GLOBS } from './files';
import {
  BUNDLED_VERSIONS, formatVersion, getLanguageService, liveCatalog, type DocumentSettings, type RoleLanguageService,
} from './language';
import {
  CatalogStatusNotification, DocumentInfoRequest, SetLiveCatalogNotification,
  type CatalogStatusParams, type LiveCatalogParams, type NotificationSpec, type RequestSpec,
} from './protocol';
import { formatError, runSafe, runSafeNotification } from './runner';
import { DEFAULT_SETTINGS, handlesDocument, normalizeSettings, toDocumentSettings, type ServerSettings } from './settings';
import { ValidationQueue } from './validationQueue';

export const SETTINGS_SECTION = 'elasticsearchRoles';

export interface StartServerOptions {
  /** For tests: a prepared language service. */
  readonly languageService?: RoleLanguageService;
}

export function startServer(connection: Connection, options: StartServerOptions = {}): void {
  const service = options.languageService ?? getLanguageService();
  const documents = new TextDocuments(immutableDocuments);
  const log = (message: string, err?: unknown) => connection.console.error(err === undefined ? message : formatError(message, err));

  // --- settings: pulled per document, cached per uri, dropped on change -------------------------
  let canPullConfiguration = false;
  /** The client's preferred maximum of folding ranges per document (LSP `rangeLimit`). */
  let foldingRangeLimit: number | undefined;
  let pushedSettings: ServerSettings = DEFAULT_SETTINGS;
  const settingsCache = new Map<string, Promise<ServerSettings>>();

  const settingsFor = (uri?: string): Promise<ServerSettings> => {
    if (!canPullConfiguration) return Promise.resolve(pushedSettings);
    const key = uri ?? '';
    let settings = settingsCache.get(key);
    if (!settings) {
      settings = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(normalizeSettings, (err: unknown) => {
        log(`Could not read the ${SETTINGS_SECTION} settings${uri ? ` for ${uri}` : ''}`, err);
        return DEFAULT_SETTINGS;
      });
      settingsCache.set(key, settings);
    }
    return settings;
  };

  /** The open document and its settings, when the server handles it; undefined otherwise. */
  const roleDocument = async (uri: string): Promise<{ document: TextDocument; settings: DocumentSettings } | undefined> => {
    const document = documents.get(uri);
    if (!document) return undefined;
    const settings = await settingsFor(uri);
    if (!handlesDocument(document.languageId, uri, settings)) return undefined;
    return { document, settings: toDocumentSettings(settings) };
  };

  // --- diagnostics ------------------------------------------------------------------------------
  const queue = new ValidationQueue({
    versionOf: (uri) => documents.get(uri)?.version,
    delayOf: async (uri) => (await settingsFor(uri)).validation.delayMs,
    validate: async (uri) => {
      const document = documents.get(uri);
      if (!document) return undefined;
      const version = document.version;
      const settings = await settingsFor(uri);
      if (documents.get(uri)?.version !== version) return undefined;
      if (!handlesDocument(document.languageId, uri, settings)) return { version, diagnostics: null };
      return { version, diagnostics: service.doValidation(document, toDocumentSettings(settings)) };
    },
    publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
    log,
  });
  const revalidateAll = () => {
    for (const document of documents.all()) queue.trigger(document.uri, true);
  };

  // --- catalog status -----------------------------------------------------------------------------
  const statusOf = (settings: ServerSettings, uri?: string): CatalogStatusParams => {
    const catalog = service.catalogFor(toDocumentSettings(settings));
    return {
      ...(uri ? { uri } : {}),
      label: catalog.label,
      source: catalog.source,
      confidence: catalog.confidence,
      version: formatVersion(catalog.version, catalog.source === 'cluster'),
      versions: BUNDLED_VERSIONS,
      roleFileGlobs: ROLE_FILE_NAME_GLOBS,
    };
  };
  const sendStatus = (status: CatalogStatusParams) => sendNotification(CatalogStatusNotification, status);
  const sendDocumentStatus = async (uri: string) => {
    const settings = await settingsFor(uri);
    const document = documents.get(uri);
    if (document && handlesDocument(document.languageId, uri, settings)) await sendStatus(statusOf(settings, uri));
  };
  const sendStatuses = async () => {
    await sendStatus(statusOf(await settingsFor()));
    await Promise.all(documents.all().map((d) => sendDocumentStatus(d.uri)));
  };

  // --- typed custom messages over the string-method API (see protocol.ts for why) ----------------
  function sendNotification<P>(spec: NotificationSpec<P>, params: P): Promise<void> {
    return connection.sendNotification(spec.method, params);
  }
  function onNotification<P>(spec: NotificationSpec<P>, handler: (params: P) => void | Promise<void>): void {
    connection.onNotification(spec.method, (params: unknown) =>
      runSafeNotification(log, () => handler(params as P), `handling ${spec.method}`),
    );
  }
  function onRequest<P, R>(spec: RequestSpec<P, R>, handler: (params: P) => Promise<R>, errorVal: R): void {
    // Without params vscode-jsonrpc passes the token first; the handlers check their params anyway.
    connection.onRequest(spec.method, (params: unknown, token?: CancellationToken) =>
      runSafe(log, () => handler(params as P), errorVal, `handling ${spec.method}`, CancellationToken.is(token) ? token : undefined),
    );
  }

  // --- lifecycle ----------------------------------------------------------------------------------
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities?.workspace?.configuration === true;
    const rangeLimit = params.capabilities?.textDocument?.foldingRange?.rangeLimit;
    if (typeof rangeLimit === 'number' && Number.isFinite(rangeLimit) && rangeLimit > 0) foldingRangeLimit = Math.floor(rangeLimit);
    const initOptions = params.initializationOptions as { settings?: unknown } | undefined;
    if (initOptions?.settings !== undefined) pushedSettings = normalizeSettings(initOptions.settings);
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      // `"` opens a privilege/field name, `:` starts a value (and raw action names like `indices:...`).
      completionProvider: { triggerCharacters: ['"', ':'], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false },
      documentSymbolProvider: { label: 'Elasticsearch Roles' },
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
    };
    return { capabilities, serverInfo: { name: 'elasticsearch-roles' } };
  });

  connection.onInitialized(() => {
    void runSafeNotification(log, sendStatuses, 'sending the catalog status');
  });

  connection.onDidChangeConfiguration((change) => {
    void runSafeNotification(
      log,
      async () => {
        if (!canPullConfiguration) {
          const raw = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
          pushedSettings = normalizeSettings(raw);
        }
        settingsCache.clear();
        revalidateAll();
        await sendStatuses();
      },
      'applying changed settings',
    );
  });

  // --- documents ----------------------------------------------------------------------------------
  // TextDocuments fires onDidOpen and then onDidChangeContent for an opened document; validate an
  // opened document at once and an edited one after the configured delay.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => {
    justOpened.add(e.document.uri);
    queue.trigger(e.document.uri, true);
    void runSafeNotification(log, () => sendDocumentStatus(e.document.uri), 'sending the document status');
  });
  documents.onDidChangeContent((e) => {
    if (justOpened.delete(e.document.uri)) return;
    queue.trigger(e.document.uri);
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    justOpened.delete(uri);
    queue.close(uri);
    service.forget(uri);
    settingsCache.delete(uri);
  });

  // --- features -----------------------------------------------------------------------------------
  connection.onCompletion((params, token) =>
    runSafe(log, async () => {
      const doc = await roleDocument(params.textDocument.uri);
      return doc ? service.doComplete(doc.document, params.position, doc.settings) : null;
    }, null, `computing completions for ${params.textDocument?.uri}`, token),
  );

  connection.onHover((params, token) =>
    runSafe(log, async () => {
      const doc = await roleDocument(params.textDocument.uri);
      return doc ? service.doHover(doc.document, params.position, doc.settings) : null;
    }, null, `computing hover for ${params.textDocument?.uri}`, token),
  );

  connection.onCodeAction((params, token) =>
    runSafe(log, async () => {
      const doc = await roleDocument(params.textDocument.uri);
      if (!doc) return [];
      const actions = service.getCodeActions(doc.document, params.range, params.context, doc.settings);
      const only = params.context.only;
      return only ? actions.filter((a) => only.some((k) => a.kind === k || (a.kind ?? '').startsWith(`${k}.`))) : actions;
    }, [], `computing code actions for ${params.textDocument?.uri}`, token),
  );

  connection.onDocumentSymbol((params, token) =>
    runSafe(log, async () => {
      const doc = await roleDocument(params.textDocument.uri);
      return doc ? service.findDocumentSymbols(doc.document, doc.settings) : [];
    }, [], `computing document symbols for ${params.textDocument?.uri}`, token),
  );

  connection.onFoldingRanges((params, token) =>
    runSafe(log, async () => {
      const doc = await roleDocument(params.textDocument.uri);
      return doc ? service.getFoldingRanges(doc.document, doc.settings, foldingRangeLimit) : [];
    }, [], `computing folding ranges for ${params.textDocument?.uri}`, token),
  );

  connection.onDocumentFormatting((params, token) =>
    runSafe(log, async () => {
      const doc = await roleDocument(params.textDocument.uri);
      return doc ? service.format(doc.document, undefined, params.options, doc.settings) : [];
    }, [], `formatting ${params.textDocument?.uri}`, token),
  );

  connection.onDocumentRangeFormatting((params, token) =>
    runSafe(log, async () => {
      const doc = await roleDocument(params.textDocument.uri);
      return doc ? service.format(doc.document, params.range, params.options, doc.settings) : [];
    }, [], `formatting a range of ${params.textDocument?.uri}`, token),
  );

  // --- custom messages ----------------------------------------------------------------------------
  onNotification(SetLiveCatalogNotification, async (params) => {
    const live = toLiveCatalogParams(params);
    if (live === 'invalid') {
      log(`Ignoring ${SetLiveCatalogNotification.method}: the parameters are neither null nor a privilege list.`);
      return;
    }
    service.setLiveCatalog(live ? liveCatalog(live.builtin, live.version, live.clusterName) : undefined);
    revalidateAll();
    await sendStatuses();
  });

  onRequest(DocumentInfoRequest, async (params) => {
    const uri = typeof (params as { uri?: unknown } | null)?.uri === 'string' ? params.uri : undefined;
    const doc = uri ? await roleDocument(uri) : undefined;
    return doc ? computeDocumentInfo(service, doc.document, doc.settings) : null;
  }, null);

  documents.listen(connection);
  connection.listen();
}

/**
 * TextDocument.update mutates the document in place, so a document object would not stand for one
 * version: the language service's per-version parse cache (which compares `document.version` of the
 * cached object) and our stale-result checks need one object per version. Each change yields a new
 * document; the text is shared, only line offsets are recomputed (lazily).
 */
const immutableDocuments: TextDocumentsConfiguration<TextDocument> = {
  create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
  update: (document, changes, version) =>
    TextDocument.update(
      TextDocument.create(document.uri, document.languageId, document.version, document.getText()),
      changes.map(checkedChange),
      version,
    ),
};

/**
 * A change as the client sent it, with whole-number positions. The textdocument library clamps
 * positions past the end or below zero, but positions that are not numbers (`"1"`, null) would
 * corrupt its line offsets: such a change is refused (the throw is logged and the edit dropped).
 */
function checkedChange(change: TextDocumentContentChangeEvent): TextDocumentContentChangeEvent {
  if (!('range' in change) || change.range === undefined) return change;
  const position = (p: { line: unknown; character: unknown } | undefined) => {
    if (!p || typeof p.line !== 'number' || typeof p.character !== 'number' || Number.isNaN(p.line) || Number.isNaN(p.character)) {
      throw new Error(`Ignoring a textDocument/didChange with an invalid range: ${JSON.stringify(change.range)?.slice(0, 200)}`);
    }
    return { line: Math.floor(p.line), character: Math.floor(p.character) };
  };
  return { ...change, range: { start: position(change.range?.start), end: position(change.range?.end) } };
}

/** Checks the untrusted setLiveCatalog parameters: null/absent restores the bundled catalogs. */
function toLiveCatalogParams(params: unknown): LiveCatalogParams | null | 'invalid' {
  if (params === null || params === undefined) return null;
  if (typeof params !== 'object') return 'invalid';
  const p = params as Record<string, unknown>;
  const builtin = p.builtin as Record<string, unknown> | undefined;
  const names = (value: unknown): string[] | undefined =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
  const cluster = names(builtin?.cluster);
  const index = names(builtin?.index);
  if (!cluster || !index) return 'invalid';
  return {
    clusterName: typeof p.clusterName === 'string' && p.clusterName ? p.clusterName : 'cluster',
    version: typeof p.version === 'string' ? p.version : '',
    builtin: { cluster, index, remote_cluster: names(builtin?.remote_cluster) ?? [] },
  };
}
