// End-to-end harness: a real VS Code (code-server) with the packaged extension installed, driven
// through Debian's Chromium by playwright-core. Everything runs offline and on 127.0.0.1 only.
//
// Each test file gets its own code-server (its own temp root with HOME, XDG dirs, TMPDIR,
// user-data-dir, extensions-dir and workspace) and its own browser; each test gets a fresh
// browser window (so a fresh extension host and language server). Usage:
//
//   import { describe, test } from 'node:test';
//   import { useVSCode } from './harness.mjs';
//   describe('my scenarios', () => {
//     const vscode = useVSCode('my-file', { files: { 'a.role.json': '{ ... }' } });
//     test('something', async (t) => {
//       const { ui, step } = await vscode.window(t);
//       await step('open the file', () => ui.openFile('a.role.json'));
//     });
//     test('the page made no requests outside 127.0.0.1', () => vscode.assertOffline());
//   });
//
// Env knobs: CODE_SERVER (binary), VSIX, CHROMIUM, E2E_SHOTS (screenshot dir),
// KEEP=1 (keep the temp root and print where it is), E2E_HEADED=1 (not headless; needs a display).

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { VSCodeUI } from './vscode.ui.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const E2E_DIR = path.join(REPO, '.e2e');
export const CODE_SERVER = process.env.CODE_SERVER ?? path.join(E2E_DIR, 'code-server/node_modules/.bin/code-server');
export const VSIX = process.env.VSIX ?? path.join(REPO, 'dist/elasticsearch-roles.vsix');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const SHOTS = process.env.E2E_SHOTS ?? path.join(E2E_DIR, 'screenshots');
export const EXTENSION_ID = 'es-roles.elasticsearch-roles';

/** User settings.json: a quiet workbench that never goes to the network. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'json.schemaDownload.enable': false,
  'npm.fetchOnlinePackageInfo': false,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'git.autofetch': false,
  // The suggest widget only opens when a test asks for it with Ctrl+Space.
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'window.restoreWindows': 'none',
  // VS Code in the browser auto-saves after a delay by default; tests save explicitly (Ctrl+S).
  'files.autoSave': 'off',
};

const BROWSER_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Requests the page may make: code-server on loopback, and in-browser schemes. */
const LOCAL_URL = /^(https?:\/\/127\.0\.0\.1[:/]|wss?:\/\/127\.0\.0\.1[:/]|data:|blob:|vscode-[a-z-]+:|about:)/;

export function slug(s) {
  return String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, ms, isDead) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (isDead()) throw new Error(`code-server exited before ${url} answered`);
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timeout waiting for ${url}`);
}

/** A fresh root under .e2e/tmp with the isolated dirs a run needs. */
export function makeRoot(name) {
  fs.mkdirSync(path.join(E2E_DIR, 'tmp'), { recursive: true });
  const root = fs.mkdtempSync(path.join(E2E_DIR, 'tmp', `${slug(name)}-`));
  const dirs = {
    root,
    home: path.join(root, 'home'),
    tmp: path.join(root, 'tmp'),
    data: path.join(root, 'data'),
    exts: path.join(root, 'exts'),
    ws: path.join(root, 'ws'),
    browserHome: path.join(root, 'browser-home'),
    logs: path.join(root, 'logs'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  return dirs;
}

/** HOME, XDG_* and TMPDIR pointing into `home`/`tmp`, on top of the current environment. */
export function isolatedEnv(home, tmp) {
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local/state'),
    XDG_RUNTIME_DIR: path.join(home, '.run'),
    TMPDIR: tmp,
  };
}

function writeFiles(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

/**
 * Starts code-server with the vsix installed and a browser. Returns a session; call stop() at the end.
 * @param {string} name used for the temp root and screenshot names
 * @param {{files?: Record<string,string>, settings?: object, vsix?: string, args?: string[], env?: object}} [opts]
 *   files: workspace files (relative path -> content); settings: added to the user settings.json;
 *   args: extra code-server flags (e.g. ['--log', 'trace']); env: extra environment variables
 *   for code-server and so for the extension host (e.g. a test cluster's address).
 */
export async function startVSCode(name, opts = {}) {
  const timings = {};
  const mark = (k, since) => (timings[k] = Date.now() - since);
  for (const [what, p] of [['code-server', CODE_SERVER], ['the packaged extension', opts.vsix ?? VSIX], ['Chromium', CHROMIUM]]) {
    if (!fs.existsSync(p)) {
      throw new Error(`${what} not found at ${p}; run scripts/test-e2e.sh (setup, build and package) first`);
    }
  }
  const dirs = makeRoot(name);
  writeFiles(dirs.ws, opts.files ?? {});
  fs.mkdirSync(path.join(dirs.data, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.data, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...(opts.settings ?? {}) }, null, 2));
  const config = path.join(dirs.root, 'config.yaml');
  fs.writeFileSync(config, '');

  const env = {
    ...isolatedEnv(dirs.home, dirs.tmp),
    // code-server's compiled-in gallery is open-vsx; an empty serviceUrl disables the gallery.
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }),
    ...(opts.env ?? {}),
  };
  delete env.VSCODE_IPC_HOOK_CLI; // never talk to a VS Code this test may run inside of
  const baseFlags = ['--config', config, '--user-data-dir', dirs.data, '--extensions-dir', dirs.exts];

  let t = Date.now();
  execFileSync(CODE_SERVER, [...baseFlags, '--install-extension', opts.vsix ?? VSIX, '--force'], { env, stdio: 'pipe' });
  const listed = execFileSync(CODE_SERVER, [...baseFlags, '--list-extensions', '--show-versions'], { env }).toString();
  mark('installExtension', t);
  assert.match(listed, new RegExp(`^${EXTENSION_ID.replace('.', '\\.')}@`, 'm'),
    `--list-extensions does not show ${EXTENSION_ID}:\n${listed}`);

  const port = await freePort();
  t = Date.now();
  const out = fs.openSync(path.join(dirs.logs, 'code-server.log'), 'w');
  const server = spawn(CODE_SERVER, [
    ...baseFlags,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened',
    ...(opts.args ?? []),
  ], { env, detached: true, stdio: ['ignore', out, out] });
  // detached: its own process group, so teardown kills code-server and every child
  // (extension hosts, file watcher, our language server) with one signal.
  const killGroup = (sig) => {
    try {
      process.kill(-server.pid, sig);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  const exited = new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));

  let browser;
  const stop = async () => {
    await browser?.close().catch(() => {});
    killGroup('SIGTERM');
    const killed = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
    if (!killed) killGroup('SIGKILL');
    killGroup('SIGKILL'); // children that outlived the parent
    process.removeListener('exit', onExit);
    if (process.env.KEEP) console.log(`# kept ${dirs.root}`);
    else fs.rmSync(dirs.root, { recursive: true, force: true });
  };

  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, () => server.exitCode !== null);
    mark('codeServerStart', t);

    t = Date.now();
    fs.mkdirSync(dirs.browserHome, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: !process.env.E2E_HEADED,
      // Chromium writes ~/.config/chromium and ~/.cache/dconf whatever the profile: keep them in the root.
      // (Playwright gives it a fresh temp profile; --user-data-dir must not be passed here.)
      env: isolatedEnv(dirs.browserHome, dirs.tmp),
      args: BROWSER_ARGS,
    });
    mark('browserLaunch', t);
  } catch (e) {
    await stop();
    throw e;
  }

  const external = [];
  fs.mkdirSync(SHOTS, { recursive: true });
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.ws)}`;

  /** Opens a fresh VS Code window (its own extension host) and waits for the workbench. */
  async function openWindow() {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    context.on('request', (r) => {
      if (!LOCAL_URL.test(r.url())) external.push(r.url());
    });
    const page = await context.newPage();
    page.on('websocket', (ws) => {
      if (!LOCAL_URL.test(ws.url())) external.push(ws.url());
    });
    const consoleErrors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    const t1 = Date.now();
    await page.goto(url);
    const ui = new VSCodeUI(page);
    await ui.waitForWorkbench();
    mark('workbenchReady', t1);
    return { context, page, ui, consoleErrors };
  }

  return {
    name,
    dirs,
    port,
    url,
    browser,
    timings,
    external,
    openWindow,
    stop,
    /** Absolute path of a workspace file. */
    file: (rel) => path.join(dirs.ws, rel),
    readFile: (rel) => fs.readFileSync(path.join(dirs.ws, rel), 'utf8'),
    /** Waits until a workspace file's content on disk satisfies `predicate` (e.g. after a save); returns it. */
    async waitForFile(rel, predicate, timeout = 30_000) {
      const end = Date.now() + timeout;
      let text;
      for (;;) {
        text = fs.readFileSync(path.join(dirs.ws, rel), 'utf8');
        if (predicate(text)) return text;
        if (Date.now() > end) throw new Error(`${rel} on disk never reached the expected state; it is:\n${text}`);
        await new Promise((r) => setTimeout(r, 50)); // poll interval of a bounded wait
      }
    },
    writeFile: (rel, content) => writeFiles(dirs.ws, { [rel]: content }),
    logsDir: dirs.logs,
  };
}

/**
 * Screenshot-per-step helper. step(name, fn) runs fn; on success it saves
 * `<prefix>-NN-<step>.png`, on failure `FAILED-<prefix>-<step>.png`, and rethrows with the step name.
 */
export function stepper(page, prefix, t) {
  let n = 0;
  const step = async (name, fn) => {
    const nn = String(++n).padStart(2, '0');
    const started = Date.now();
    try {
      const result = await fn();
      const file = path.join(SHOTS, `${prefix}-${nn}-${slug(name)}.png`);
      await settle(page);
      await page.screenshot({ path: file });
      t?.diagnostic(`step ${nn} ok (${Date.now() - started} ms): ${name}  -> ${path.relative(REPO, file)}`);
      return result;
    } catch (e) {
      const file = path.join(SHOTS, `FAILED-${prefix}-${slug(name)}.png`);
      await page.screenshot({ path: file }).catch(() => {});
      t?.diagnostic(`step ${nn} FAILED after ${Date.now() - started} ms: ${name}  -> ${path.relative(REPO, file)}`);
      if (e instanceof Error) e.message = `[step "${name}"] ${e.message}\n  screenshot: ${path.relative(REPO, file)}`;
      throw e;
    }
  };
  return step;
}

/**
 * Waits (bounded) until the page's finite CSS animations have finished, e.g. a hover or a toast
 * fading in, so a screenshot shows what the step saw. Endless ones (progress spinners) are ignored.
 */
export async function settle(page, timeout = 2_000) {
  await page.waitForFunction(() => document.getAnimations().every((a) =>
    a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity), null, { timeout })
    .catch(() => {});
}

/** Removes this file's old screenshots (each test file owns the prefix it passes). */
export function clearShots(prefix) {
  if (!fs.existsSync(SHOTS)) return;
  for (const f of fs.readdirSync(SHOTS)) {
    if (f.startsWith(`${prefix}-`) || f.startsWith(`FAILED-${prefix}-`)) fs.rmSync(path.join(SHOTS, f));
  }
}

/**
 * node:test glue: starts one code-server + browser for the enclosing describe() (before/after hooks)
 * and gives each test a fresh window with a screenshot stepper.
 */
export function useVSCode(name, opts = {}) {
  let session;
  let startError;
  before(async () => {
    clearShots(slug(name));
    try {
      session = await startVSCode(name, opts);
    } catch (e) {
      startError = e;
      throw e;
    }
  }, { timeout: 180_000 });
  after(async () => {
    if (session) {
      console.log(`# ${name} timings (ms): ${JSON.stringify(session.timings)}`);
      await session.stop();
    }
  }, { timeout: 60_000 });

  return {
    get session() {
      if (!session) throw startError ?? new Error('VS Code session not started');
      return session;
    },
    /**
     * A fresh VS Code window for test `t`; closed when the test ends.
     * The screenshot prefix is `<name>-<test name>`.
     */
    async window(t, prefixHint) {
      const s = this.session;
      const prefix = `${slug(name)}-${slug(prefixHint ?? t.name).slice(0, 40)}`;
      const win = await s.openWindow();
      t.after(async () => {
        if (win.consoleErrors.length) {
          fs.writeFileSync(path.join(s.logsDir, `${prefix}-console-errors.txt`), win.consoleErrors.join('\n'));
        }
        await win.context.close().catch(() => {});
      });
      const step = stepper(win.page, prefix, t);
      await win.page.screenshot({ path: path.join(SHOTS, `${prefix}-00-workbench.png`) });
      return { ...win, step, session: s };
    },
    /** Asserts that no window made a request outside 127.0.0.1. */
    assertOffline() {
      assert.deepEqual(this.session.external, [], 'the page made requests outside 127.0.0.1');
    },
  };
}
