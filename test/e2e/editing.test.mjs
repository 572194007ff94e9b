// Editing role files in a real VS Code (code-server) with the packaged extension installed.
// Run: node --test --test-reporter=spec test/e2e/   (after scripts/e2e-setup.sh, npm run build, npm run package)
// Screenshots: .e2e/screenshots/editing-<scenario>-NN-<step>.png, and FAILED-editing-<scenario>-<step>.png.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, useVSCode } from './harness.mjs';
import { assertIncludesAll, assertIncludesNone } from './vscode.ui.mjs';

/** The argv of every process running an installed copy of the extension's server over IPC. */
function languageServerProcesses() {
  const out = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let argv;
    try {
      argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // the process ended meanwhile
    }
    if (argv.some((a) => a.endsWith(`${path.sep}dist${path.sep}server.js`)) && argv.includes('--node-ipc')) out.push(argv);
  }
  return out;
}

const TYPO_ROLE = `{
  "description": "E2E: a misspelled cluster privilege",
  "cluster": [
    "monitor",
    "manage_index_template"
  ],
  "indices": [
    {
      "names": ["logs-*"],
      "privileges": ["read", "view_index_metadata"]
    }
  ]
}
`;

const COMPLETION_ROLE = `{
  "description": "E2E: completion of cluster privileges",
  "cluster": [
    "monitor",
    ""
  ]
}
`;

const HOVER_ROLE = `{
  "description": "E2E: hover on a privilege",
  "cluster": ["monitor", "manage_ilm"]
}
`;

const ROLES_MAP = `{
  "platform-ops": {
    "cluster": ["monitor", "manage_ilm"],
    "indices": [{ "names": ["logs-*"], "privileges": ["monitor", "view_index_metadata"] }]
  },
  "kibana-analyst": {
    "indices": [{ "names": ["logs-*"], "privileges": ["read", "view_index_metadata"] }]
  },
  "ccs-logs-reader": {
    "remote_indices": [{ "clusters": ["eu-*"], "names": ["logs-*"], "privileges": ["read"] }]
  }
}
`;

/**
 * A large roles map: `count` roles of five lines each, every `typoEvery`-th (from the first) with the
 * misspelled cluster privilege `monitr`. 10,000 roles make 50,000 lines, 2.6 MB.
 */
function largeRolesMap(count, typoEvery) {
  const roles = [];
  for (let i = 0; i < count; i++) {
    const cluster = i % typoEvery === 0 ? 'monitr' : 'monitor';
    roles.push(`  "role-${i}": {
    "cluster": ["${cluster}"],
    "indices": [{ "names": ["logs-${i}-*", "metrics-${i % 97}-*"], "privileges": ["read", "view_index_metadata"] }],
    "metadata": { "team": "team-${i % 17}", "ticket": "SEC-${1000 + i}" }
  }`);
  }
  return `{\n${roles.join(',\n')}\n}\n`;
}

const STATUS_ROLE = `{
  "cluster": ["monitor"]
}
`;

/** The project's own privilege documentation: what hovers must show. */
const privilegeDocs = JSON.parse(fs.readFileSync(path.join(REPO, 'server/src/language/catalog/data/privilegeDocs.json'), 'utf8'));

/** A distinctive phrase of a description: its first clause, as plain text. */
function phraseOf(description) {
  const clause = description.split(/[,.;:(]/)[0].trim();
  return clause.length >= 12 ? clause : description.slice(0, 40).trim();
}

describe('VS Code: editing role files', () => {
  const vscode = useVSCode('editing', {
    files: {
      'roles/typo.role.json': TYPO_ROLE,
      'roles/completion.role.json': COMPLETION_ROLE,
      'roles/hover.role.json': HOVER_ROLE,
      'roles/team.roles.json': ROLES_MAP,
      'roles/status.role.json': STATUS_ROLE,
      'roles/large.roles.json': largeRolesMap(10_000, 1_000),
    },
  });

  test('a. misspelled privilege: squiggle, Problems entry, quick fix', { timeout: 240_000 }, async (t) => {
    const { ui, step, session } = await vscode.window(t, 'a-quick-fix');

    await step('open the role file with a typo', () => ui.openFile('roles/typo.role.json'));

    await step('the typo is squiggled and its hover names it', async () => {
      await ui.waitForSquiggle('error');
      await ui.hoverSquiggle('manage_index_template');
      const counts = await ui.waitForProblemCounts((c) => c.errors >= 1);
      assert.equal(counts.errors, 1, `status bar: ${counts.label}`);
    });

    await step('the Problems panel lists unknown-cluster-privilege', async () => {
      await ui.dismissHover();
      await ui.openProblems();
      const row = ui.problemRows('unknown-cluster-privilege').first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      const text = (await row.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /manage_index_template/);
      assert.match(text, /es-roles/);
    });

    await step('Ctrl+. offers "Change to `manage_index_templates`"', async () => {
      const titles = await ui.openQuickFix('manage_index_template');
      assert.ok(titles.some((s) => s.includes('Change to `manage_index_templates`')),
        `quick fixes offered: ${JSON.stringify(titles)}`);
    });

    await step('applying the quick fix removes the squiggle', async () => {
      await ui.pickQuickFix('Change to `manage_index_templates`');
      await ui.waitForEditorText((text) => text.includes('"manage_index_templates"'));
      await ui.waitForNoSquiggle('error');
      const counts = await ui.waitForProblemCounts((c) => c.errors === 0);
      assert.equal(counts.errors, 0);
    });

    await step('the saved file has exactly the fix', async () => {
      assert.ok(await ui.isDirty(), 'the quick fix should leave the editor with unsaved changes');
      await ui.save();
      const text = await session.waitForFile('roles/typo.role.json', (s) => s !== TYPO_ROLE);
      assert.equal(text, TYPO_ROLE.replace('"manage_index_template"', '"manage_index_templates"'));
    });
  });

  test('b. completion in "cluster" lists cluster privileges only', { timeout: 240_000 }, async (t) => {
    const { ui, step } = await vscode.window(t, 'b-completion');

    await step('open the role file', () => ui.openFile('roles/completion.role.json'));

    let labels;
    await step('Ctrl+Space inside "cluster": [ ... "" ] lists cluster privileges', async () => {
      const { line, column } = await ui.positionOf('""');
      await ui.goTo(line, column + 1); // between the quotes
      await ui.triggerCompletion();
      labels = await ui.completionLabels();
      t.diagnostic(`${labels.length} completion labels: ${labels.join(', ')}`);
      assertIncludesAll(labels, ['manage_ilm', 'manage_security', 'monitor_ml', 'manage_index_templates'], 'cluster completion');
    });

    await step('no index privileges are offered', () => {
      assertIncludesNone(labels, ['view_index_metadata', 'read', 'write', 'create_doc', 'delete_index', 'maintenance'],
        'cluster completion');
    });

    await step('accepting manage_ilm inserts it inside the quotes', async () => {
      await ui.acceptCompletion('manage_ilm', 'manage_il');
      const text = await ui.waitForEditorText((s) => s.includes('manage_ilm'));
      const lines = text.split('\n');
      const line = lines.find((l) => l.includes('manage_ilm'));
      assert.equal(line, '    "manage_ilm"', `line after accepting: ${JSON.stringify(line)}\n${text}`);
      assert.equal(text.trimEnd(), COMPLETION_ROLE.replace('""', '"manage_ilm"').trimEnd());
    });

    await step('the completed role has no errors', async () => {
      await ui.waitForNoSquiggle('error');
      const counts = await ui.waitForProblemCounts((c) => c.errors === 0);
      assert.equal(counts.errors, 0, counts.label);
    });
  });

  test('c. hover on a privilege shows what it grants', { timeout: 240_000 }, async (t) => {
    const { ui, step } = await vscode.window(t, 'c-hover');
    const description = privilegeDocs.cluster.monitor.description;
    const phrase = phraseOf(description);

    await step('open the role file', () => ui.openFile('roles/hover.role.json'));

    await step(`hovering "monitor" shows "${phrase}"`, async () => {
      const hover = await ui.hoverText('monitor', phrase);
      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /monitor/);
      assert.ok(text.includes(phrase), `hover text: ${text}`);
    });

    const ilmPhrase = phraseOf(privilegeDocs.cluster.manage_ilm.description);
    await step(`hovering "manage_ilm" shows "${ilmPhrase}"`, async () => {
      await ui.dismissHover();
      const hover = await ui.hoverText('manage_ilm', ilmPhrase);
      assert.match((await hover.innerText()).replace(/\s+/g, ' '), /manage_ilm/);
    });
  });

  test('d. the outline lists the roles of a roles map', { timeout: 240_000 }, async (t) => {
    const { ui, step } = await vscode.window(t, 'd-outline');

    await step('open the roles map', () => ui.openFile('roles/team.roles.json'));

    await step('Go to Symbol in Editor (Ctrl+Shift+O) lists every role', async () => {
      const labels = await ui.goToSymbolLabels();
      t.diagnostic(`symbols: ${labels.join(', ')}`);
      assertIncludesAll(labels, ['platform-ops', 'kibana-analyst', 'ccs-logs-reader'], 'Go to Symbol');
      // roles come in document order
      const order = ['platform-ops', 'kibana-analyst', 'ccs-logs-reader'].map((r) => labels.indexOf(r));
      assert.deepEqual([...order].sort((a, b) => a - b), order, `role order in ${JSON.stringify(labels)}`);
    });
  });

  test('e. the language status item shows the catalog', { timeout: 240_000 }, async (t) => {
    const { ui, step } = await vscode.window(t, 'e-language-status');

    await step('open a role file', () => ui.openFile('roles/status.role.json'));

    await step('the {} item shows the ES 9.1 catalog', async () => {
      const hover = await ui.openLanguageStatus('ES 9.1');
      assert.match((await hover.innerText()).replace(/\s+/g, ' '), /ES 9\.1/);
    });

    // The status comes from the language server: it runs, started with the Node.js options the
    // benchmark measures it with (server/src/nodeOptions.ts).
    await step('the language server runs with the extension\'s Node.js options', () => {
      const servers = languageServerProcesses();
      assert.ok(servers.length > 0, 'no language server process (dist/server.js --node-ipc) found');
      for (const argv of servers) assert.ok(argv.includes('--max-semi-space-size=4'), `started as: ${argv.join(' ')}`);
    });
  });

  test('f. Explain Access answers offline which entry grants an action', { timeout: 240_000 }, async (t) => {
    const { ui, step, page } = await vscode.window(t, 'f-explain-access');

    await step('open the roles map', () => ui.openFile('roles/team.roles.json'));
    await step('run Explain Access', () => ui.startCommand('Elasticsearch Roles: Explain Access (offline)'));
    await step('pick the role kibana-analyst', () => ui.answerQuickInput('kibana-analyst'));
    await step('check an action', () => ui.answerQuickInput('An action'));
    await step('the action', () => ui.answerQuickInput('indices:data/read/search'));
    await step('the index', () => ui.answerQuickInput('logs-2024, metrics-1'));
    await step('a notification names the granting entry and the denial', () =>
      ui.waitForToast('indices:data/read/search on logs-2024: granted by kibana-analyst indices[0]; indices:data/read/search on metrics-1: not granted'));
    await step('the report opens in its own tab', () =>
      page.locator('.tab', { hasText: 'kibana-analyst access.txt' }).first().waitFor({ state: 'visible', timeout: 30_000 }));
    const report = (await page.locator('.editor-group-container.active .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    assert.match(report, /team\.roles\.json: role kibana-analyst/);
    assert.match(report, /logs-2024 +indices:data\/read\/search +yes +kibana-analyst: indices\[0\]/);
  });

  test('g. a 10,000-role file: every problem is reported, and an edit updates them', { timeout: 240_000 }, async (t) => {
    // Speed is the benchmark's business (npm run bench); this checks the large file works end to end.
    const { ui, step } = await vscode.window(t, 'g-large-file');

    await step('open a roles map of 10,000 roles', () => ui.openFile('roles/large.roles.json'));
    await step('the status bar counts the 10 misspelled privileges', async () => {
      const counts = await ui.waitForProblemCounts((c) => c.errors === 10);
      assert.equal(counts.errors, 10, counts.label);
    });
    await step('typing the missing letter of the first one', async () => {
      const at = await ui.positionOf('"monitr"');
      await ui.goTo(at.line, at.column + 6); // before the `r`
      await ui.keyboard.type('o');
      await ui.waitForEditorText((text) => text.includes('"role-0": {\n    "cluster": ["monitor"]'));
    });
    await step('leaves 9', async () => {
      const counts = await ui.waitForProblemCounts((c) => c.errors === 9);
      assert.equal(counts.errors, 9, counts.label);
    });
  });

  test('the pages made no requests outside 127.0.0.1', () => vscode.assertOffline());
});
