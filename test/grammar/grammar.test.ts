import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IGrammar } from 'vscode-textmate';

// Both packages ship UMD bundles, so Node's ESM loader cannot see their named exports: load them with require.
const requireCjs = createRequire(import.meta.url);
const textmate = requireCjs('vscode-textmate') as typeof import('vscode-textmate');
const oniguruma = requireCjs('vscode-oniguruma') as typeof import('vscode-oniguruma');

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GRAMMAR_PATH = join(ROOT, 'syntaxes', 'elasticsearch-role.tmLanguage.json');
const SCOPE_NAME = 'source.json.elasticsearch-role';

const ROLE_KEY = 'support.type.property-name.role-key.elasticsearch-role';
const PROPERTY = 'support.type.property-name.json.elasticsearch-role';
const PRIVILEGE = 'constant.language.privilege.elasticsearch-role';
const ACTION = 'constant.other.action.elasticsearch-role';
const WORKFLOW = 'constant.language.workflow.elasticsearch-role';
const STRING = 'string.quoted.double.json.elasticsearch-role';

interface Token {
  readonly line: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

let grammar: IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === SCOPE_NAME ? textmate.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
  });
  const loaded = await registry.loadGrammar(SCOPE_NAME);
  if (!loaded) throw new Error(`grammar ${SCOPE_NAME} did not load`);
  grammar = loaded;
});

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let state = textmate.INITIAL;
  text.split(/\r?\n/).forEach((line, lineNumber) => {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      tokens.push({ line: lineNumber, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/** The scopes of the `occurrence`-th token (0-based) whose text is exactly `text`. */
function scopesOf(tokens: readonly Token[], text: string, occurrence = 0): readonly string[] {
  const found = tokens.filter((t) => t.text === text);
  const token = found[occurrence];
  if (!token) {
    throw new Error(`no token #${occurrence} with text ${JSON.stringify(text)}; tokens: ${tokens.map((t) => JSON.stringify(t.text)).join(' ')}`);
  }
  return token.scopes;
}

const hasScope = (scopes: readonly string[], prefix: string) => scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));

describe('elasticsearch-role grammar', () => {
  it('declares the scope name the manifest refers to, and every regex compiles', () => {
    const raw = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8')) as Record<string, unknown>;
    expect(raw.scopeName).toBe(SCOPE_NAME);
    const regexes: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if ((key === 'match' || key === 'begin' || key === 'end') && typeof value === 'string') regexes.push(value);
          else walk(value);
        }
      }
    };
    walk(raw.repository);
    walk(raw.patterns);
    expect(regexes.length).toBeGreaterThan(20);
    for (const re of regexes) expect(() => new oniguruma.OnigScanner([re]).dispose(), re).not.toThrow();
  });

  it('gives role-descriptor keys the role-key scope on top of the JSON property scope', () => {
    const tokens = tokenize('{\n  "cluster": ["monitor"],\n  "indices": [{ "names": ["logs-*"], "privileges": ["read"] }]\n}');
    for (const key of ['cluster', 'indices', 'names', 'privileges']) {
      const scopes = scopesOf(tokens, key);
      expect(scopes, key).toContain(ROLE_KEY);
      expect(scopes, key).toContain(PROPERTY);
    }
  });

  it('gives API-key, grant and has_privileges keys the role-key scope', () => {
    const tokens = tokenize(
      '{"grant_type": "password", "username": "u", "api_key": {"name": "k", "expiration": "1d", "role_descriptors": {}},' +
        ' "index": [], "application": []}',
    );
    for (const key of ['grant_type', 'username', 'api_key', 'name', 'expiration', 'role_descriptors', 'index', 'application']) {
      expect(scopesOf(tokens, key), key).toContain(ROLE_KEY);
    }
  });

  it('gives other keys only the JSON property scope', () => {
    const tokens = tokenize('{\n  "colour": "blue",\n  "clusterz": 1,\n  "names_": true\n}');
    for (const key of ['colour', 'clusterz', 'names_']) {
      const scopes = scopesOf(tokens, key);
      expect(scopes, key).toContain(PROPERTY);
      expect(scopes, key).not.toContain(ROLE_KEY);
    }
  });

  it('scopes cluster and index privilege names as privileges', () => {
    const tokens = tokenize('{\n  "cluster": ["monitor", "manage_ilm"],\n  "indices": [{ "names": ["logs-*"], "privileges": ["read", "view_index_metadata"] }]\n}');
    for (const name of ['monitor', 'manage_ilm', 'read', 'view_index_metadata']) {
      const scopes = scopesOf(tokens, name);
      expect(scopes, name).toContain(PRIVILEGE);
      expect(scopes, name).toContain(STRING);
    }
    // Index names are not privileges.
    expect(scopesOf(tokens, 'logs-*')).not.toContain(PRIVILEGE);
  });

  it('scopes the quotes of a privilege string with it, so the whole token is coloured alike', () => {
    const tokens = tokenize('{"cluster": ["monitor"]}');
    const quotes = tokens.filter((t) => t.text === '"' && t.scopes.includes(PRIVILEGE));
    expect(quotes).toHaveLength(2);
  });

  it('scopes raw action names as actions, in cluster and in index privileges, case-insensitively', () => {
    const tokens = tokenize(
      '{"cluster": ["cluster:monitor/main", "CLUSTER:admin/xpack/*"], "indices": [{"names": ["a"], "privileges": ["indices:data/read/search"]}]}',
    );
    for (const action of ['cluster:monitor/main', 'CLUSTER:admin/xpack/*', 'indices:data/read/search']) {
      const scopes = scopesOf(tokens, action);
      expect(scopes, action).toContain(ACTION);
      expect(scopes, action).not.toContain(PRIVILEGE);
    }
  });

  it('scopes application, remote_cluster and has_privileges privileges too', () => {
    const tokens = tokenize(
      '{"applications": [{"application": "kibana-.kibana", "privileges": ["feature_discover_v2.read"], "resources": ["space:default"]}],' +
        ' "remote_cluster": [{"privileges": ["monitor_enrich"], "clusters": ["eu-*"]}]}',
    );
    expect(scopesOf(tokens, 'feature_discover_v2.read')).toContain(PRIVILEGE);
    expect(scopesOf(tokens, 'monitor_enrich')).toContain(PRIVILEGE);
    expect(scopesOf(tokens, 'space:default')).not.toContain(PRIVILEGE);
    expect(scopesOf(tokens, 'kibana-.kibana')).not.toContain(PRIVILEGE);
    expect(scopesOf(tokens, 'eu-*')).not.toContain(PRIVILEGE);
  });

  it('scopes restriction workflows', () => {
    const tokens = tokenize('{"restriction": {"workflows": ["search_application_query"]}}');
    expect(scopesOf(tokens, 'search_application_query')).toContain(WORKFLOW);
  });

  it('scopes line and block comments as comments', () => {
    const tokens = tokenize('// a line comment\n{\n  /* a block\n     comment */ "cluster": [ // trailing\n    "all"\n  ]\n}');
    expect(scopesOf(tokens, ' a line comment')).toContain('comment.line.double-slash.json.elasticsearch-role');
    expect(scopesOf(tokens, '//')).toContain('punctuation.definition.comment.json.elasticsearch-role');
    expect(scopesOf(tokens, ' a block')).toContain('comment.block.json.elasticsearch-role');
    expect(scopesOf(tokens, '     comment ')).toContain('comment.block.json.elasticsearch-role');
    expect(scopesOf(tokens, ' trailing')).toContain('comment.line.double-slash.json.elasticsearch-role');
    // The array after the comments is still a privilege array.
    expect(scopesOf(tokens, 'all')).toContain(PRIVILEGE);
  });

  it('scopes the value of description as a plain string', () => {
    const tokens = tokenize('{"description": "Read access to logs-* for monitor", "cluster": []}');
    const scopes = scopesOf(tokens, 'Read access to logs-* for monitor');
    expect(scopes).toContain(STRING);
    expect(scopes.some((s) => s.startsWith('constant.'))).toBe(false);
    expect(scopes.some((s) => s.startsWith('support.type.property-name'))).toBe(false);
  });

  it('scopes escapes, numbers and constants like JSON', () => {
    const tokens = tokenize('{"query": "{\\"match\\": {\\"a\\": 1}}", "allow_restricted_indices": false, "metadata": {"version": -1.5e2, "x": null}}');
    expect(scopesOf(tokens, '\\"')).toContain('constant.character.escape.json.elasticsearch-role');
    expect(scopesOf(tokens, 'false')).toContain('constant.language.json.elasticsearch-role');
    expect(scopesOf(tokens, 'null')).toContain('constant.language.json.elasticsearch-role');
    expect(scopesOf(tokens, '-1.5e2')).toContain('constant.numeric.json.elasticsearch-role');
  });

  it('treats metadata and query values as free-form JSON: role field names there are ordinary keys', () => {
    const tokens = tokenize(
      '{\n  "metadata": {"cluster": ["monitor"], "owner": "ops"},\n  "indices": [{"names": ["a"], "privileges": ["read"], "query": {"term": {"names": "x"}}}]\n}',
    );
    const metadataCluster = scopesOf(tokens, 'cluster');
    expect(metadataCluster).toContain(PROPERTY);
    expect(metadataCluster).not.toContain(ROLE_KEY);
    expect(scopesOf(tokens, 'monitor')).not.toContain(PRIVILEGE);
    const queryNames = scopesOf(tokens, 'names', 1);
    expect(queryNames).not.toContain(ROLE_KEY);
    // Outside metadata, the same keys are role keys again.
    expect(scopesOf(tokens, 'names', 0)).toContain(ROLE_KEY);
    expect(scopesOf(tokens, 'read')).toContain(PRIVILEGE);
  });

  it('recovers after an unterminated string on a line', () => {
    const tokens = tokenize('{\n  "description": "oops, no closing quote\n  "cluster": ["monitor"],\n  "run_as": ["bob"]\n}');
    // The broken string stops at the end of its line.
    expect(scopesOf(tokens, 'oops, no closing quote')).toContain(STRING);
    const nextLine = tokens.filter((t) => t.line === 2);
    expect(nextLine.find((t) => t.text === 'cluster')?.scopes).toContain(ROLE_KEY);
    expect(nextLine.find((t) => t.text === 'monitor')?.scopes).toContain(PRIVILEGE);
    expect(scopesOf(tokens, 'run_as')).toContain(ROLE_KEY);
    expect(tokens.some((t) => t.scopes.some((s) => s.startsWith('invalid.')))).toBe(false);
    const close = tokens.find((t) => t.line === 4 && t.text === '}');
    expect(close?.scopes).toContain('punctuation.definition.dictionary.end.json.elasticsearch-role');
  });

  it('recovers after an unterminated privilege string and a missing closing bracket', () => {
    const tokens = tokenize('{\n  "cluster": ["monitor", "manage\n  "indices": [{"names": ["a"], "privileges": ["read"]}]\n}');
    expect(scopesOf(tokens, 'indices')).toContain(ROLE_KEY);
    expect(scopesOf(tokens, 'read')).toContain(PRIVILEGE);
    expect(scopesOf(tokens, 'a')).not.toContain(PRIVILEGE);
  });

  it('recovers after a missing comma between members', () => {
    const tokens = tokenize('{\n  "description": "x"\n  "cluster": ["monitor"]\n}');
    expect(scopesOf(tokens, 'cluster')).toContain(ROLE_KEY);
    expect(scopesOf(tokens, 'monitor')).toContain(PRIVILEGE);
  });

  it('keeps highlighting members after a premature closing brace', () => {
    const tokens = tokenize('{\n  "metadata": {"a": 1}},\n  "cluster": ["all"]\n}');
    expect(scopesOf(tokens, 'cluster')).toContain(ROLE_KEY);
    expect(scopesOf(tokens, 'all')).toContain(PRIVILEGE);
  });

  it('marks content after the document as invalid', () => {
    const tokens = tokenize('{"cluster": []} trailing');
    expect(hasScope(scopesOf(tokens, 'trailing'), 'invalid.illegal')).toBe(true);
  });

  it('tokenizes every example file without runaway invalid tokens', () => {
    const examples = [
      'examples/roles/logs-reader.role.json',
      'examples/roles/platform.roles.json',
      'examples/roles/bulk.json',
      'examples/api-keys/ci-deployer.apikey.json',
      'examples/api-keys/search-app.apikey.json',
      'examples/api-keys/grant-for-alice.apikey.json',
      'examples/checks/logs.has_privileges.json',
      'examples/mistakes/broken.role.json',
    ];
    for (const file of examples) {
      const tokens = tokenize(readFileSync(join(ROOT, file), 'utf8'));
      const invalid = tokens.filter((t) => t.scopes.some((s) => s.startsWith('invalid.')));
      expect(invalid.map((t) => `${t.line + 1}: ${t.text}`), file).toEqual([]);
      expect(tokens.some((t) => t.scopes.includes(ROLE_KEY)), file).toBe(true);
    }
  });
});

describe('language-configuration.json', () => {
  const config = JSON.parse(readFileSync(join(ROOT, 'language-configuration.json'), 'utf8')) as {
    wordPattern: string;
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
    folding: { markers: { start: string; end: string } };
  };

  it('treats a privilege or action name as one word', () => {
    const word = new RegExp(config.wordPattern, 'g');
    const line = '  "cluster": ["cluster:admin/xpack/security/*", "feature_discover_v2.read", "logs-*"],';
    const words = line.match(word);
    expect(words).toEqual(expect.arrayContaining(['cluster:admin/xpack/security/*', 'feature_discover_v2.read', 'logs-*']));
    expect(words).toContain('cluster');
    expect(words?.some((w) => w.includes('"'))).toBe(false);
  });

  it('indents after an opening bracket and outdents on a closing one', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    expect(increase.test('  "indices": [')).toBe(true);
    expect(increase.test('{')).toBe(true);
    expect(increase.test('  "a": "{"')).toBe(false);
    expect(increase.test('  "cluster": ["all"],')).toBe(false);
    expect(decrease.test('  ],')).toBe(true);
    expect(decrease.test('}')).toBe(true);
    expect(decrease.test('  "a": 1')).toBe(false);
  });

  it('has region folding markers', () => {
    expect(new RegExp(config.folding.markers.start).test('  // #region roles')).toBe(true);
    expect(new RegExp(config.folding.markers.end).test('  // #endregion')).toBe(true);
  });
});
