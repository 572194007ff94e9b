/**
 * The benchmark's corpus generator and JSON-Schema peer: deterministic text, valid JSON, mistakes
 * that really are mistakes (each yields a diagnostic of ours in its role, and the mistake-free roles
 * none), and a schema that compiles, accepts valid roles and rejects invalid ones.
 */
import { parseTree, type Node } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { bulkBodyText, generateCorpus, generateRoles, MISTAKE_KINDS, rolesMapText, standardCorpora } from '../../bench/corpus';
import { loadRoleSchemas, schemaPeer } from '../../bench/schema';
import { getLanguageService } from '../../server/src/language';

const doc = (uri: string, text: string) => TextDocument.create(uri, 'json', 1, text);

describe('corpus generator', () => {
  it('is deterministic: the same seed gives the same text, another seed another text', () => {
    expect(rolesMapText(300, { seed: 42 })).toBe(rolesMapText(300, { seed: 42 }));
    expect(bulkBodyText(50)).toBe(bulkBodyText(50));
    expect(rolesMapText(300, { seed: 43 })).not.toBe(rolesMapText(300, { seed: 42 }));
  });

  it('writes valid JSON with the requested number of roles', () => {
    for (const n of [1, 100, 1000]) expect(Object.keys(JSON.parse(rolesMapText(n)))).toHaveLength(n);
    const bulk = JSON.parse(bulkBodyText(100));
    expect(Object.keys(bulk)).toEqual(['roles']);
    expect(Object.keys(bulk.roles)).toHaveLength(100);
  });

  it('makes the 1,000-role file at least 1 MB (the "1 MB" figures use it)', () => {
    const oneMB = standardCorpora(true).find((c) => c.id === 'roles-1k')!;
    expect(Buffer.byteLength(oneMB.text)).toBeGreaterThanOrEqual(1024 * 1024);
    expect(oneMB.uri).toMatch(/\.roles\.json$/);
  });

  it('mixes cluster, index, application and remote privileges, FLS and DLS', () => {
    const text = rolesMapText(1000);
    for (const field of ['"cluster"', '"indices"', '"applications"', '"remote_indices"', '"remote_cluster"', '"field_security"', '"query"', '"run_as"', '"global"', '"metadata"']) {
      expect(text).toContain(field);
    }
  });

  it('puts a mistake in a few roles, every kind in turn, and even the smallest corpus has one', () => {
    const { mistakes } = generateCorpus(1000);
    expect(mistakes.length).toBeGreaterThan(15);
    expect(mistakes.length).toBeLessThan(60);
    expect(new Set(mistakes.map((m) => m.kind))).toEqual(new Set(MISTAKE_KINDS));
    expect(generateCorpus(1).mistakes).toHaveLength(1);
    expect(generateCorpus(500, { pushable: true }).mistakes).toEqual([]);
  });

  it('gives every mistaken role an error or warning of ours, and the other roles none', () => {
    const { roles, mistakes } = generateCorpus(400, { mistakeRate: 0.1 });
    const text = `${JSON.stringify(roles, null, 2)}\n`;
    const document = TextDocument.create('file:///bench/mistakes.roles.json', 'elasticsearch-role', 1, text);
    const problems = getLanguageService()
      .doValidation(document)
      .filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning)
      .map((d) => document.offsetAt(d.range.start));
    const root = parseTree(text)!;
    const spans = new Map<string, Node>((root.children ?? []).map((p) => [p.children![0].value as string, p]));
    const inRole = (name: string) => {
      const prop = spans.get(name)!;
      return problems.filter((o) => o >= prop.offset && o < prop.offset + prop.length).length;
    };
    const mistaken = new Set(mistakes.map((m) => m.role));
    for (const m of mistakes) expect(inRole(m.role), `${m.kind} in ${m.role}`).toBeGreaterThan(0);
    for (const name of Object.keys(roles)) if (!mistaken.has(name)) expect(inRole(name), name).toBe(0);
  });

  it('generates roles the 8.12 test server accepts for the push benchmark (no 8.15+ fields)', () => {
    const text = JSON.stringify(generateRoles(300, { pushable: true }));
    for (const field of ['"description"', '"remote_cluster"', '"remote_indices"']) expect(text).not.toContain(field);
  });
});

describe('JSON-Schema peer', () => {
  const schemas = loadRoleSchemas();
  const peer = schemaPeer(schemas);

  it('fills the privilege enums from the newest bundled catalog', () => {
    const defs = schemas.descriptor.definitions!;
    expect((defs.clusterPrivilegeName as { enum: string[] }).enum).toContain('manage_security');
    expect((defs.indexPrivilegeName as { enum: string[] }).enum).toContain('view_index_metadata');
    expect((defs.remoteClusterPrivilegeName as { enum: string[] }).enum).toContain('monitor_enrich');
  });

  it('compiles and accepts a valid role, a valid roles map and a valid bulk body', async () => {
    const role = generateRoles(1, { mistakeRate: 0 });
    const body = Object.values(role)[0];
    expect(await peer.validate(doc('file:///bench/one.role.json', JSON.stringify(body, null, 2)))).toEqual([]);
    expect(await peer.validate(doc('file:///bench/valid.roles.json', rolesMapText(200, { mistakeRate: 0 })))).toEqual([]);
    expect(await peer.validate(doc('file:///bench/bulk-valid.json', bulkBodyText(50, { mistakeRate: 0 })))).toEqual([]);
  });

  it('rejects an invalid role: unknown privilege, misplaced privilege, unknown field, missing required field', async () => {
    const invalid = {
      cluster: ['monitr', 'read'],
      indices: [{ names: ['logs-*'], privileges: ['raed'] }, { privileges: ['read'] }],
      indicies: [],
      remote_cluster: [{ privileges: ['monitor'], clusters: ['dc-east'] }],
    };
    const diagnostics = await peer.validate(doc('file:///bench/bad.role.json', JSON.stringify(invalid, null, 2)));
    const messages = diagnostics.map((d) => d.message).join('\n');
    expect(diagnostics.length).toBeGreaterThanOrEqual(6);
    expect(messages).toMatch(/not allowed/i);
    expect(messages).toMatch(/missing property "names"/i);
  });

  it('flags the generated mistakes too (those a schema can express)', async () => {
    const diagnostics = await peer.validate(doc('file:///bench/mistakes.roles.json', rolesMapText(1000)));
    expect(diagnostics.length).toBeGreaterThan(10);
  });
});
