// End-to-end: the cluster commands in a real VS Code (code-server) against the project's ES test
// server (dist/es-test-server.js) running as a child process over HTTPS with its generated CA.
//
// The scenarios share one VS Code window, in order: the cluster added in scenario 1 (its password
// is in the window's SecretStorage, which lives in the browser context) is used by the others.
// A failing scenario therefore makes the later ones fail too; its FAILED-*.png shows where.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SHOTS, slug, stepper, useVSCode } from './harness.mjs';
import { assertIncludesAll, assertIncludesNone } from './vscode.ui.mjs';
import { findFiles, startEsServer } from './cluster.helpers.mjs';

const CLUSTER = 'staging';
const ES_VERSION = '8.12.0'; // older than the bundled newest catalog (9.1): a smaller builtin list
const ADMIN = { username: 'elastic', password: 'elastic-test-password' };
const WRONG_PASSWORD = 'Wr0ng-e2e-Passw0rd';
/** Privileges of the bundled 9.1 list that an 8.12 cluster does not have. */
const NEWER_PRIVILEGES = ['manage_inference', 'monitor_esql'];

const APP_ROLE = `{
  "cluster": ["monitor", "manage_ilm"],
  "indices": [{ "names": ["logs-*"], "privileges": ["read"] }]
}
`;
const COMPLETION_ROLE = `{
  "cluster": [
    "monitor",
    ""
  ]
}
`;

let es;
before(async () => {
  es = await startEsServer({
    version: ES_VERSION,
    users: [
      { ...ADMIN, roles: ['superuser'] },
      { username: 'bob', password: 'bob-e2e-pw', roles: ['ops'] },
    ],
    roles: {
      ops: { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }] },
      app: { cluster: ['monitor'] }, // exists already: the push is an update with a diff
    },
  });
}, { timeout: 60_000 });
after(async () => {
  await es?.stop();
}, { timeout: 30_000 });

describe('VS Code: cluster commands', () => {
  /** One window for all scenarios (see the top of the file). */
  let win;
  // Registered before useVSCode's hook, so it runs first: the window closes before code-server stops.
  after(async () => {
    if (win?.consoleErrors.length) fs.writeFileSync(path.join(vscode.session.logsDir, 'cluster-console-errors.txt'), win.consoleErrors.join('\n'));
    await win?.context.close().catch(() => {});
  });
  const vscode = useVSCode('cluster', {
    files: { 'roles/app.role.json': APP_ROLE, 'roles/completion.role.json': COMPLETION_ROLE },
  });

  let apiKey;
  async function scenario(t, prefix) {
    if (!win) {
      win = await vscode.session.openWindow();
      const origin = new URL(vscode.session.url).origin;
      await win.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      await win.page.screenshot({ path: path.join(SHOTS, `cluster-00-workbench.png`) });
    }
    return { ...win, step: stepper(win.page, `cluster-${slug(prefix)}`, t) };
  }

  async function completionInCluster(ui) {
    await ui.openFile('roles/completion.role.json');
    const { line, column } = await ui.positionOf('""');
    await ui.goTo(line, column + 1); // between the quotes
    await ui.triggerCompletion();
    const labels = await ui.completionLabels();
    await ui.closeSuggest();
    return labels;
  }

  test('1. Add Cluster (HTTPS, CA file): status connected, completion from the cluster', { timeout: 300_000 }, async (t) => {
    const { ui, step, page } = await scenario(t, '1-add-cluster');

    await step('before: completion offers the bundled newest list (9.1)', async () => {
      const labels = await completionInCluster(ui);
      assertIncludesAll(labels, NEWER_PRIVILEGES, 'bundled cluster completion');
    });
    await step('run Add Cluster', () => ui.startCommand('Elasticsearch Roles: Add Cluster'));
    await step('name', () => ui.answerQuickInput(CLUSTER));
    await step('address (https)', () => ui.answerQuickInput(es.url));
    await step('authentication: username and password', () => ui.answerQuickInput('Username and password'));
    await step('username', () => ui.answerQuickInput(ADMIN.username));
    await step('password (a password box)', async () => {
      assert.equal(await page.locator('.quick-input-widget .quick-input-box input').getAttribute('type'), 'password');
      await ui.answerQuickInput(ADMIN.password);
    });
    await step('TLS trust: CA certificate file', () => ui.answerQuickInput('CA certificate file'));
    await step('pick the CA file the server printed', () => ui.answerFileDialog(es.caFile));
    await step('a notification confirms: added, ES version, user', () =>
      ui.waitForToast(`Cluster "${CLUSTER}" added and selected (ES ${ES_VERSION}, user ${ADMIN.username})`, 60_000));
    await step('the status item shows name, ES version and user', () =>
      ui.waitForLanguageStatus(`${CLUSTER} · ES ${ES_VERSION} · ${ADMIN.username}`));
    await step('the language status shows the cluster catalog', () =>
      ui.waitForLanguageStatus(`Privileges from the connected cluster (ES ${ES_VERSION})`));
    await ui.closeLanguageStatus();
    await step(`completion now lacks ${NEWER_PRIVILEGES.join(', ')} (cluster ${ES_VERSION} list)`, async () => {
      const labels = await completionInCluster(ui);
      t.diagnostic(`${labels.length} completion labels from the cluster`);
      assertIncludesNone(labels, NEWER_PRIVILEGES, 'cluster completion');
      assertIncludesAll(labels, ['manage_ilm', 'manage_security', 'monitor_ml'], 'cluster completion');
    });
  });

  test('2. Check Privileges (CodeLens, run as another user) shows the result table', { timeout: 180_000 }, async (t) => {
    const { ui, step } = await scenario(t, '2-check-privileges');
    await step('open the role file (one editor group)', async () => {
      await ui.runCommand('View: Close All Editor Groups');
      await ui.openFile('roles/app.role.json');
    });
    await step('click the "Check privileges" CodeLens', () => ui.clickCodeLens('Check privileges'));
    await step('as another user', () => ui.answerQuickInput('As another user'));
    await step('run as bob', () => ui.answerQuickInput('bob'));
    const view = ui.webview();
    await step('the result view shows has_all_requested: false', () =>
      view.locator('#has-all-requested', { hasText: 'has_all_requested: false' }).waitFor({ state: 'visible', timeout: 60_000 }));
    await step('granted and not granted rows', async () => {
      const rows = (await view.locator('tr').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
      t.diagnostic(`rows: ${JSON.stringify(rows)}`);
      assert.ok(rows.some((r) => r.startsWith('monitor') && r.includes('✔ granted')), rows.join(' | '));
      assert.ok(rows.some((r) => r.startsWith('manage_ilm') && r.includes('✘ not granted')), rows.join(' | '));
      assert.ok(rows.some((r) => r.startsWith('logs-*') && r.includes('read') && r.includes('✔ granted')), rows.join(' | '));
      const verdict = await view.locator('#has-all-requested').innerText();
      assert.match(verdict, /1 of 3 privileges not granted/);
    });
  });

  test('3. Push Role: diff, modal confirmation, the cluster holds the role', { timeout: 180_000 }, async (t) => {
    const { ui, step, page } = await scenario(t, '3-push');
    const before = await es.request('GET', '/_security/role/app', { auth: ADMIN });
    assert.deepEqual(before.json.app.cluster, ['monitor']);
    await step('open the role file (one editor group)', async () => {
      await ui.runCommand('View: Close All Editor Groups');
      await ui.openFile('roles/app.role.json');
    });
    await step('run Push Role(s)', () => ui.startCommand('Elasticsearch Roles: Push Role(s)'));
    await step('the diff (cluster ↔ local) opens', () =>
      page.locator('.tab', { hasText: `app: ${CLUSTER} ↔ local` }).first().waitFor({ state: 'visible', timeout: 60_000 }));
    await step('the modal asks to confirm', () => ui.waitForDialog(`Push 1 role to ${CLUSTER}?`));
    await step('confirm Push', () => ui.clickDialogButton('Push'));
    await step('a notification reports the update', () => ui.waitForToast(`Pushed to ${CLUSTER}: 1 updated`, 60_000));
    const res = await es.request('GET', '/_security/role/app', { auth: ADMIN });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.app.cluster, ['monitor', 'manage_ilm']);
    assert.deepEqual(res.json.app.indices.map((i) => [i.names, i.privileges]), [[['logs-*'], ['read']]]);
  });

  test('4. Create API Key: shown once, Copy puts it on the clipboard, it authenticates', { timeout: 180_000 }, async (t) => {
    const { ui, step } = await scenario(t, '4-api-key');
    await step('clear notifications', () => ui.runCommand('Notifications: Clear All Notifications'));
    await step('open the role file (one editor group)', async () => {
      await ui.runCommand('View: Close All Editor Groups');
      await ui.openFile('roles/app.role.json');
    });
    await step('click the "Create API key" CodeLens', () => ui.clickCodeLens('Create API key'));
    await step('key name', () => ui.answerQuickInput('e2e-key'));
    await step('expiration', () => ui.answerQuickInput('1d'));
    await step('metadata', () => ui.answerQuickInput('{"team":"e2e"}'));
    let text;
    await step('the modal shows the key once', async () => {
      const dialog = await ui.waitForDialog(`API key "e2e-key" created on ${CLUSTER}`);
      text = await dialog.innerText();
    });
    apiKey = /encoded[^\n]*\n\s*([A-Za-z0-9+/=_-]{20,})/.exec(text)?.[1];
    assert.ok(apiKey, `no encoded key in the modal:\n${text}`);
    await step('Copy', () => ui.clickDialogButton('Copy'));
    await step('a notification says it is on the clipboard', () => ui.waitForToast('The encoded API key "e2e-key" is on the clipboard'));
    assert.equal(await ui.readClipboard(), apiKey, 'the clipboard holds the encoded key');
    const who = await es.request('GET', '/_security/_authenticate', { auth: { apiKey } });
    assert.equal(who.status, 200, who.text);
    assert.equal(who.json.username, ADMIN.username);
    assert.equal(who.json.authentication_type, 'api_key');
    assert.equal(who.json.api_key?.name, 'e2e-key');
  });

  test('4b. Verify Model Against Cluster: report beside the editor, every answer agrees, the temporary key is invalidated', { timeout: 180_000 }, async (t) => {
    const { ui, step, page } = await scenario(t, '4b-verify-model');
    await step('clear notifications', () => ui.runCommand('Notifications: Clear All Notifications'));
    await step('open the role file (one editor group)', async () => {
      await ui.runCommand('View: Close All Editor Groups');
      await ui.openFile('roles/app.role.json');
    });
    await step('run Verify Model Against Cluster', () => ui.startCommand('Elasticsearch Roles: Verify Model Against Cluster'));
    await step('the report opens in its own tab', () =>
      page.locator('.tab', { hasText: 'app model check.txt' }).first().waitFor({ state: 'visible', timeout: 60_000 }));
    await step('a notification says every answer agrees', () => ui.waitForToast(`answers agree on "${CLUSTER}"`, 60_000));
    const report = await page.locator('.editor-group-container.active .view-lines').first().innerText();
    assert.match(report.replace(/\u00a0/g, ' '), /Offline model vs has_privileges on "staging"/);
    const keys = await es.request('GET', '/_security/api_key?name=es-roles-verify-*', { auth: ADMIN });
    assert.equal(keys.status, 200, keys.text);
    assert.ok(keys.json.api_keys.length >= 1, 'the temporary key was created on the cluster');
    assert.ok(keys.json.api_keys.every((k) => k.invalidated), 'every temporary key is invalidated');
  });

  test('5. Wrong password: one clear error with Set Credentials; the log holds no secret', { timeout: 240_000 }, async (t) => {
    const { ui, step, page } = await scenario(t, '5-wrong-password');
    await step('clear notifications', () => ui.runCommand('Notifications: Clear All Notifications'));
    await step('open the role file (one editor group)', async () => {
      await ui.runCommand('View: Close All Editor Groups');
      await ui.openFile('roles/app.role.json');
    });

    // a) Set Credentials with a wrong password: nothing is saved, one error.
    await step('run Set Credentials', () => ui.startCommand('Elasticsearch Roles: Set Credentials'));
    await step('authentication: current', () => ui.answerQuickInput('Username and password'));
    await step('username', () => ui.answerQuickInput(ADMIN.username));
    await step('a wrong password', () => ui.answerQuickInput(WRONG_PASSWORD));
    await step('one error: nothing was saved, authentication failed', async () => {
      await ui.waitForToast('Set Credentials: nothing was saved', 60_000);
      assert.equal(await ui.toast('authentication failed').count(), 1);
      const toast = await ui.toast('authentication failed').first().innerText();
      assert.match(toast, /Check the credentials \(Set Credentials\)/);
      assert.deepEqual(await ui.toastButtons('nothing was saved'), ['Re-enter', 'Show Log']);
    });
    await step('the stored password still works: status stays connected', () =>
      ui.waitForLanguageStatus(`${CLUSTER} · ES ${ES_VERSION} · ${ADMIN.username}`));
    await ui.closeLanguageStatus();
    await step('clear notifications again', () => ui.runCommand('Notifications: Clear All Notifications'));

    // b) The cluster now refuses the stored password (as after a password change on the cluster).
    const fault = await es.request('POST', '/_test/faults', {
      body: { kind: 'status', status: 401, path: '/_security/_authenticate', count: 'always' },
    });
    assert.equal(fault.status, 200, fault.text);
    await step('run Refresh Built-in Privileges', () => ui.startCommand('Elasticsearch Roles: Refresh Built-in Privileges'));
    await step('one error toast with a "Set Credentials" action', async () => {
      await ui.waitForToast('authentication failed', 60_000);
      assert.ok((await ui.toastButtons('authentication failed')).includes('Set Credentials'));
    });
    await step('the status item says unauthorised', () => ui.waitForLanguageStatus(`${CLUSTER} · unauthorised`));
    await ui.closeLanguageStatus();
    await step('still exactly one error toast', async () => {
      assert.equal(await ui.toast('authentication failed').count(), 1,
        (await ui.toast('authentication failed').allInnerTexts()).join('\n---\n'));
    });
    // The password is fixed on the cluster side; the user follows the toast's action.
    assert.equal((await es.request('DELETE', '/_test/faults')).status, 200);
    await step('click "Set Credentials" in the error', () => ui.clickToastButton('authentication failed', 'Set Credentials'));
    await step('authentication: current', () => ui.answerQuickInput('Username and password'));
    await step('username', () => ui.answerQuickInput(ADMIN.username));
    await step('the right password', () => ui.answerQuickInput(ADMIN.password));
    await step('connected again', () => ui.waitForLanguageStatus(`${CLUSTER} · ES ${ES_VERSION} · ${ADMIN.username}`));
    await ui.closeLanguageStatus();

    // c) The output channel, opened from the UI, holds no password and no API key.
    let log;
    await step('open the "Elasticsearch Roles" output channel', async () => {
      log = await ui.copyOutputChannel('Elasticsearch Roles', (s) => s.includes('Set Credentials: checking'));
    });
    t.diagnostic(`output channel: ${log.split('\n').length} lines`);
    const secrets = { 'the right password': ADMIN.password, 'the wrong password': WRONG_PASSWORD, 'the API key': apiKey };
    for (const [what, secret] of Object.entries(secrets)) {
      assert.ok(secret, `${what} is known`);
      assert.ok(!log.includes(secret), `${what} appears in the output channel`);
    }
    assert.match(log, /authentication failed/);
    // The same channel's log files on disk (written by the extension host).
    const files = findFiles(vscode.session.dirs.data, /Elasticsearch Roles\.log$/);
    t.diagnostic(`log files: ${files.map((f) => path.relative(vscode.session.dirs.root, f)).join(', ')}`);
    for (const f of files) {
      const disk = fs.readFileSync(f, 'utf8');
      for (const [what, secret] of Object.entries(secrets)) assert.ok(!disk.includes(secret), `${what} appears in ${f}`);
    }
  });

  test('the pages made no requests outside 127.0.0.1', () => vscode.assertOffline());
});
