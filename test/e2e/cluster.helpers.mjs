// The project's ES test server (dist/es-test-server.js) as a child process for cluster.test.mjs,
// over HTTPS with the CA it generates, plus an HTTPS client that trusts that CA.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { REPO } from './harness.mjs';

export const ES_SERVER = path.join(REPO, 'dist/es-test-server.js');

/**
 * Starts `node dist/es-test-server.js --https` with `users` and `roles` (written to a temp dir) and
 * resolves with the JSON line it prints ({url, version, caFile, fingerprint, pid}) plus stop().
 */
export async function startEsServer({ version = '8.12.0', users, roles } = {}) {
  if (!fs.existsSync(ES_SERVER)) throw new Error(`${ES_SERVER} not found; run npm run build first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'es-e2e-cluster-'));
  const args = [ES_SERVER, '--https', '--version', version];
  if (users) {
    fs.writeFileSync(path.join(dir, 'users.json'), JSON.stringify(users));
    args.push('--users', path.join(dir, 'users.json'));
  }
  if (roles) {
    fs.writeFileSync(path.join(dir, 'roles.json'), JSON.stringify(roles));
    args.push('--roles', path.join(dir, 'roles.json'));
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((r) => child.once('exit', r));
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM'); // the server removes its certificates on SIGTERM
      const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5_000))]);
      if (!done) child.kill('SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const info = await new Promise((resolve, reject) => {
      const rl = readline.createInterface({ input: child.stdout });
      rl.once('line', (line) => {
        try {
          resolve(JSON.parse(line));
        } catch (e) {
          reject(new Error(`unexpected first line from the ES test server: ${line}`));
        }
      });
      child.once('exit', (code) => reject(new Error(`ES test server exited (${code}) before it printed its address:\n${stderr}`)));
      setTimeout(() => reject(new Error(`ES test server did not start in 30 s:\n${stderr}`)), 30_000).unref();
    });
    const ca = fs.readFileSync(info.caFile);
    return { ...info, ca, stop, request: (method, p, opts) => esRequest(info.url, ca, method, p, opts) };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * One HTTPS request to the test server, trusting its CA.
 * auth: {username, password} (Basic) or {apiKey} (the encoded value); body: JSON.
 */
export function esRequest(baseUrl, ca, method, p, { auth, body } = {}) {
  const url = new URL(p, baseUrl);
  const headers = { accept: 'application/json' };
  if (auth?.apiKey) headers.authorization = `ApiKey ${auth.apiKey}`;
  else if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${p} timed out`)));
    if (payload) req.write(payload);
    req.end();
  });
}

/** Files under `dir` (recursively) whose name matches `re`. */
export function findFiles(dir, re) {
  const out = [];
  const walk = (d) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (re.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}
