import { describe, expect, it } from 'vitest';
import type { HasPrivilegesResponse } from '../../client/src/cluster';
import { contentSecurityPolicy, escapeHtml, renderHasPrivilegesHtml } from '../../client/src/clusters/hasPrivilegesHtml';

const response: HasPrivilegesResponse = {
  username: 'rdeniro',
  has_all_requested: false,
  cluster: { monitor: true, manage: false },
  index: {
    'logs-*': { read: true, write: false },
    '<img src=x onerror=alert(1)>': { read: false },
  },
  application: { kibana: { 'space:default': { 'feature_discover.read': true } } },
};

const page = (overrides = {}) =>
  renderHasPrivilegesHtml({ response, clusterName: 'prod', subject: 'role "logs<reader>" (x.roles.json)', nonce: 'n0nce+/=', time: '2025-01-01T00:00:00.000Z', ...overrides });

describe('renderHasPrivilegesHtml', () => {
  it('has one row per privilege, per resource, with granted or not', () => {
    const html = page();
    expect(html).toContain('<caption>Cluster privileges</caption>');
    expect(html).toContain('<caption>Index privileges</caption>');
    expect(html).toContain('<caption>Application privileges</caption>');
    expect(html.match(/<tr><td>/g)).toHaveLength(6);
    expect(html).toMatch(/<td><code>logs-\*<\/code><\/td><td><code>write<\/code><\/td><td class="no">✘ not granted<\/td>/);
    expect(html).toMatch(/<td><code>kibana<\/code><\/td><td><code>space:default<\/code><\/td><td><code>feature_discover.read<\/code><\/td><td class="yes">✔ granted<\/td>/);
  });

  it('states has_all_requested and how many are missing', () => {
    expect(page()).toContain('has_all_requested: <strong>false</strong> — 3 of 6 privileges not granted.');
    const all = renderHasPrivilegesHtml({ response: { ...response, has_all_requested: true, index: {}, application: {}, cluster: { monitor: true } }, clusterName: 'p', subject: 's', nonce: 'n' });
    expect(all).toContain('has_all_requested: <strong>true</strong>');
    expect(all).not.toContain('Index privileges');
  });

  it('escapes everything from the cluster and the file', () => {
    const html = page({ runAs: '"><script>x</script>' });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('logs&lt;reader&gt;');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('allows only its nonce-tagged style: no scripts, no remote resources', () => {
    const html = page();
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy('n0nce+/='))}">`);
    expect(contentSecurityPolicy('abc')).toMatch(/default-src 'none'/);
    expect(contentSecurityPolicy('abc')).toMatch(/script-src 'none'/);
    expect(contentSecurityPolicy('abc')).toContain("style-src 'nonce-abc'");
    expect(html).toContain('<style nonce="n0nce+/=">');
    expect(html).not.toMatch(/<script|https?:\/\/|src=["']|href=/i);
  });

  it('mentions the run-as user and what has_privileges cannot check', () => {
    const html = page({ runAs: 'bob', uncheckable: ['run_as', 'remote_indices'] });
    expect(html).toContain('run as <code>bob</code>');
    expect(html).toContain('<code>run_as</code>, <code>remote_indices</code>');
  });
});
