/**
 * A stand-in for the `vscode` module, enough to run the extension's cluster commands in a plain Node
 * test (`vi.mock('vscode', ...)`): settings (user/workspace values over package.json defaults,
 * change events), SecretStorage, a log channel keeping every line at every level (trace included),
 * quick picks / input boxes / messages answered by rules, and a record of everything shown to the
 * user, copied to the clipboard or passed to a command. Not a VS Code emulator: only the API the
 * cluster commands use.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// --------------------------------------------------------------------------------------------------
// Basic types

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    readonly query = '',
    readonly fragment = '',
  ) {}
  static file(p: string): Uri {
    return new Uri('file', resolve(p));
  }
  static from(c: { scheme: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(c.scheme, c.path ?? '', c.query ?? '', c.fragment ?? '');
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, posix.join(base.path, ...segments), base.query);
  }
  static parse(text: string): Uri {
    if (text.startsWith('file:')) return Uri.file(fileURLToPath(text));
    const url = new URL(text);
    return new Uri(url.protocol.slice(0, -1), decodeURIComponent(url.pathname), url.search.slice(1));
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { path?: string; query?: string }): Uri {
    return new Uri(this.scheme, change.path ?? this.path, change.query ?? this.query);
  }
  toString(): string {
    return this.scheme === 'file' ? pathToFileURL(this.path).href : `${this.scheme}:${this.path}${this.query ? `?${this.query}` : ''}`;
  }
  toJSON(): unknown {
    return { scheme: this.scheme, path: this.path, query: this.query };
  }
}

export class Disposable {
  constructor(private readonly fn?: () => void) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }
  dispose(): void {
    this.fn?.();
  }
}

export class EventEmitter<T> {
  private readonly listeners = new Set<(e: T) => unknown>();
  readonly event = (listener: (e: T) => unknown): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) void l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class RelativePattern {
  readonly baseUri: Uri;
  constructor(
    base: Uri | string,
    readonly pattern: string,
  ) {
    this.baseUri = typeof base === 'string' ? Uri.file(base) : base;
  }
}

export class Range {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}

export class CodeLens {
  constructor(
    readonly range: Range,
    readonly command?: unknown,
  ) {}
}

export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 } as const;
export const ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 } as const;
export const FileType = { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 } as const;
export const LanguageStatusSeverity = { Information: 0, Warning: 1, Error: 2 } as const;
export const QuickPickItemKind = { Separator: -1, Default: 0 } as const;
export const ViewColumn = { Active: -1, Beside: -2, One: 1 } as const;
export const LogLevel = { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 } as const;

// --------------------------------------------------------------------------------------------------
// What the test controls and inspects

export type UiKind = 'input' | 'pick' | 'info' | 'warning' | 'error' | 'open';

export interface UiCall {
  readonly kind: UiKind;
  /** Everything the user would read: title, prompt, message, detail, item labels. */
  readonly text: string;
  readonly options?: any;
  readonly items?: any[];
}

export interface UiRule {
  readonly kind: UiKind | UiKind[];
  readonly match: RegExp;
  /** The answer: a string (input / button), an item picker, or a function of the call. */
  readonly answer: unknown;
  /** Used at most this many times (default: unlimited). */
  times?: number;
}

export interface ShownText {
  readonly where: string;
  readonly text: string;
}

export interface SettingWrite {
  readonly id: string;
  readonly value: unknown;
  readonly target: number;
}

class FakeState {
  /** Every line of the log channel, `level: message`. */
  readonly log: string[] = [];
  /** Every text shown to the user (messages, details, prompts, items, webviews, diffs). */
  readonly shown: ShownText[] = [];
  readonly calls: UiCall[] = [];
  readonly unanswered: UiCall[] = [];
  readonly clipboard: string[] = [];
  readonly executed: { command: string; args: unknown[] }[] = [];
  readonly settingWrites: SettingWrite[] = [];
  readonly secretsStore = new Map<string, string>();
  readonly defaults = new Map<string, unknown>();
  readonly user = new Map<string, unknown>();
  readonly workspaceValues = new Map<string, unknown>();
  readonly contentProviders = new Map<string, { provideTextDocumentContent(uri: Uri): string }>();
  /** Virtual documents opened (reports): where secrets could also end up. */
  readonly virtualDocuments: Array<{ uri: string; text: string }> = [];
  rules: UiRule[] = [];
  workspaceRoot = '/';
  activeEditor: { document: { uri: Uri; getText(): string }; selection: { active: { line: number; character: number } } } | undefined;
  readonly configEvents = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
  readonly secretEvents = new EventEmitter<{ key: string }>();

  reset(): void {
    this.rules = [];
  }

  answer(call: UiCall): unknown {
    this.calls.push(call);
    this.shown.push({ where: call.kind, text: call.text });
    for (const rule of this.rules) {
      const kinds = Array.isArray(rule.kind) ? rule.kind : [rule.kind];
      if (!kinds.includes(call.kind) || !rule.match.test(call.text)) continue;
      if (rule.times !== undefined) {
        if (rule.times <= 0) continue;
        rule.times--;
      }
      return typeof rule.answer === 'function' ? (rule.answer as (c: UiCall) => unknown)(call) : rule.answer;
    }
    if (call.kind === 'input' || call.kind === 'pick' || call.kind === 'open') this.unanswered.push(call);
    return undefined;
  }

  /** Loads `contributes.configuration` defaults from package.json. */
  loadDefaults(packageJson: { contributes: { configuration: { properties: Record<string, { default?: unknown }> } } }): void {
    for (const [id, p] of Object.entries(packageJson.contributes.configuration.properties)) this.defaults.set(id, p.default);
  }

  valueOf(id: string): unknown {
    if (this.workspaceValues.has(id)) return this.workspaceValues.get(id);
    if (this.user.has(id)) return this.user.get(id);
    // A section read as an object (`get('push')` / getConfiguration('elasticsearchRoles')).
    const prefix = `${id}.`;
    const nested = [...new Set([...this.defaults.keys(), ...this.user.keys(), ...this.workspaceValues.keys()])].filter((k) => k.startsWith(prefix));
    if (nested.length && !this.defaults.has(id)) {
      const out: Record<string, unknown> = {};
      for (const k of nested) setPath(out, k.slice(prefix.length).split('.'), this.valueOf(k));
      return out;
    }
    return this.defaults.get(id);
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = target;
  for (const p of path.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
  cur[path[path.length - 1]] = value;
}

export const fake = new FakeState();

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

// --------------------------------------------------------------------------------------------------
// workspace

function getConfiguration(section?: string) {
  const full = (key: string) => (section ? `${section}.${key}` : key);
  return {
    get<T>(key: string, fallback?: T): T | undefined {
      const v = fake.valueOf(full(key));
      return (v === undefined ? fallback : clone(v)) as T | undefined;
    },
    has(key: string): boolean {
      return fake.valueOf(full(key)) !== undefined;
    },
    inspect<T>(key: string) {
      const id = full(key);
      return { key: id, defaultValue: clone(fake.defaults.get(id)) as T, globalValue: clone(fake.user.get(id)) as T, workspaceValue: clone(fake.workspaceValues.get(id)) as T };
    },
    async update(key: string, value: unknown, target: number = ConfigurationTarget.Workspace): Promise<void> {
      const id = full(key);
      fake.settingWrites.push({ id, value: clone(value), target });
      const store = target === ConfigurationTarget.Global ? fake.user : fake.workspaceValues;
      if (value === undefined) store.delete(id);
      else store.set(id, clone(value));
      fake.configEvents.fire({ affectsConfiguration: (s: string) => id === s || id.startsWith(`${s}.`) || s.startsWith(`${id}.`) });
    },
  };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

const closeEvents = new EventEmitter<unknown>();

const workspace = {
  getConfiguration,
  onDidChangeConfiguration: fake.configEvents.event,
  onDidCloseTextDocument: closeEvents.event,
  get workspaceFolders() {
    return [{ uri: Uri.file(fake.workspaceRoot), name: 'work', index: 0 }];
  },
  async openTextDocument(uri: Uri) {
    // Virtual documents (reports, diffs) come from their scheme's content provider, as in VS Code.
    const provider = uri.scheme === 'file' ? undefined : fake.contentProviders.get(uri.scheme);
    const text = provider ? provider.provideTextDocumentContent(uri) : readFileSync(uri.fsPath, 'utf8');
    if (provider) fake.virtualDocuments.push({ uri: uri.toString(), text });
    return { uri, getText: () => text, languageId: 'json', version: 1, fileName: uri.fsPath };
  },
  fs: {
    async stat(uri: Uri) {
      const s = statSync(uri.fsPath);
      return { type: s.isDirectory() ? FileType.Directory : FileType.File, size: s.size, ctime: s.ctimeMs, mtime: s.mtimeMs };
    },
  },
  async findFiles(pattern: RelativePattern) {
    return walk(pattern.baseUri.fsPath)
      .filter((p) => /\.jsonc?$/.test(p))
      .map((p) => Uri.file(p));
  },
  asRelativePath(uri: Uri | string): string {
    const p = typeof uri === 'string' ? uri : uri.fsPath;
    return relative(fake.workspaceRoot, p);
  },
  registerTextDocumentContentProvider(scheme: string, provider: { provideTextDocumentContent(uri: Uri): string }) {
    fake.contentProviders.set(scheme, provider);
    return new Disposable(() => fake.contentProviders.delete(scheme));
  },
};

// --------------------------------------------------------------------------------------------------
// window

function itemText(item: any): string {
  if (typeof item === 'string') return item;
  return [item?.label, item?.description, item?.detail].filter(Boolean).join(' — ');
}

function messageCall(kind: 'info' | 'warning' | 'error') {
  return async (message: string, ...rest: any[]) => {
    const options = rest.length && typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? rest.shift() : undefined;
    const items = rest;
    const text = [message, options?.detail, ...items.map(itemText)].filter(Boolean).join('\n');
    // A rule may act first (another window pushes while the modal is open): its answer may be a promise.
    const answer = await fake.answer({ kind, text, options, items });
    return answer === undefined ? undefined : items.find((i) => i === answer || i?.title === answer) ?? answer;
  };
}

function logChannel(name: string) {
  const line = (level: string) => (message: string, ...args: unknown[]) => {
    fake.log.push(`${level}: ${message}${args.length ? ` ${args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' ')}` : ''}`);
  };
  return {
    name,
    logLevel: LogLevel.Trace,
    onDidChangeLogLevel: new EventEmitter<number>().event,
    trace: line('trace'),
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    append: (v: string) => void fake.log.push(`append: ${v}`),
    appendLine: (v: string) => void fake.log.push(`appendLine: ${v}`),
    replace: (v: string) => void fake.log.push(`replace: ${v}`),
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  };
}

const activeEditorEvents = new EventEmitter<unknown>();

const window = {
  async showInputBox(options: any = {}) {
    const text = [options.title, options.prompt, options.placeHolder, options.value].filter(Boolean).join('\n');
    const answer = fake.answer({ kind: 'input', text, options });
    if (typeof answer === 'string' && options.validateInput) {
      const problem = await options.validateInput(answer);
      if (problem) throw new Error(`the test answered "${text}" with an invalid value: ${typeof problem === 'string' ? problem : problem.message}`);
    }
    return answer as string | undefined;
  },
  async showQuickPick(itemsOrPromise: any, options: any = {}) {
    const items: any[] = await itemsOrPromise;
    const text = [options.title, options.placeHolder, ...items.map(itemText)].filter(Boolean).join('\n');
    const answer = fake.answer({ kind: 'pick', text, options, items });
    if (typeof answer === 'function') return answer(items);
    return answer;
  },
  showInformationMessage: messageCall('info'),
  showWarningMessage: messageCall('warning'),
  showErrorMessage: messageCall('error'),
  async showOpenDialog(options: any = {}) {
    return fake.answer({ kind: 'open', text: [options.title, options.openLabel].filter(Boolean).join('\n'), options }) as Uri[] | undefined;
  },
  async showTextDocument(doc: unknown) {
    fake.executed.push({ command: 'showTextDocument', args: [doc] });
    return undefined;
  },
  async withProgress(options: any, task: (progress: any, token: any) => Promise<unknown>) {
    if (options?.title) fake.shown.push({ where: 'progress', text: options.title });
    const progress = { report: (v: { message?: string }) => v.message && fake.shown.push({ where: 'progress', text: v.message }) };
    const token = { isCancellationRequested: false, onCancellationRequested: () => new Disposable() };
    return task(progress, token);
  },
  createWebviewPanel(_viewType: string, title: string) {
    const disposeEvents = new EventEmitter<void>();
    const panel = {
      title,
      webview: {
        cspSource: 'vscode-webview:',
        set html(v: string) {
          fake.shown.push({ where: 'webview', text: v });
        },
      },
      reveal: () => undefined,
      onDidDispose: disposeEvents.event,
      dispose: () => disposeEvents.fire(),
    };
    return panel;
  },
  createOutputChannel(name: string) {
    return logChannel(name);
  },
  onDidChangeActiveTextEditor: activeEditorEvents.event,
  get activeTextEditor() {
    return fake.activeEditor;
  },
};

// --------------------------------------------------------------------------------------------------
// commands, languages, env

const commands = {
  async executeCommand(command: string, ...args: unknown[]) {
    fake.executed.push({ command, args });
    if (command === 'vscode.diff') {
      // What the diff editor would show: both sides, from the content provider.
      for (const side of args.slice(0, 2) as Uri[]) {
        const provider = fake.contentProviders.get(side.scheme);
        if (provider) fake.shown.push({ where: 'diff', text: provider.provideTextDocumentContent(side) });
      }
      fake.shown.push({ where: 'diff', text: String(args[2]) });
    }
    return undefined;
  },
  registerCommand: () => new Disposable(),
};

const languages = {
  createLanguageStatusItem(id: string) {
    return {
      id,
      name: '',
      selector: undefined as unknown,
      severity: 0,
      busy: false,
      set text(v: string) {
        fake.shown.push({ where: 'status', text: v });
      },
      set detail(v: string) {
        fake.shown.push({ where: 'status', text: v });
      },
      command: undefined as unknown,
      dispose: () => undefined,
    };
  },
  registerCodeLensProvider: () => new Disposable(),
};

const env = {
  clipboard: {
    async writeText(text: string) {
      fake.clipboard.push(text);
    },
    async readText() {
      return fake.clipboard.at(-1) ?? '';
    },
  },
  remoteName: undefined,
};

/** SecretStorage of an ExtensionContext. */
export const secretStorage = {
  async get(key: string) {
    return fake.secretsStore.get(key);
  },
  async store(key: string, value: string) {
    fake.secretsStore.set(key, value);
    fake.secretEvents.fire({ key });
  },
  async delete(key: string) {
    fake.secretsStore.delete(key);
    fake.secretEvents.fire({ key });
  },
  onDidChange: fake.secretEvents.event,
};

/** The `vscode` module as the cluster code imports it. */
export const vscodeModule = {
  Uri,
  Disposable,
  EventEmitter,
  RelativePattern,
  Range,
  CodeLens,
  ProgressLocation,
  ConfigurationTarget,
  FileType,
  LanguageStatusSeverity,
  QuickPickItemKind,
  ViewColumn,
  LogLevel,
  workspace,
  window,
  commands,
  languages,
  env,
};
