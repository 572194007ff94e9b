import { MarkupKind, Range, type Hover, type Position } from 'vscode-languageserver-types';
import { resolvePrivilege, type Catalog, type PrivilegeKind } from './catalog';
import { atLeast } from './catalog/version';
import { resolvePath } from './context';
import type { RoleDocument } from './document';
import { impliedBy } from './model/privileges';
import { DOCS, findField, type ObjectSchema } from './schema';
import type { Shape } from './shapes';
import { nodeAt, nodeEnd, type NodeHit } from './completion/cursor';
import { describeType, docsLink, fieldParagraphs } from './completion/describe';

/**
 * Hover for privilege names (what they grant, since when, deprecation, whether the catalog in use has
 * them) and for keys (the field's documentation, type and docs page; role names in roles maps).
 */
export function doHover(doc: RoleDocument, position: Position, catalog: Catalog): Hover | null {
  const shape = doc.shape.shape;
  if (shape === 'unknown') return null;
  const hit = nodeAt(doc.root, doc.document.offsetAt(position));
  if (!hit || hit.node.type !== 'string') return null;
  const value = hit.isKey ? keyHover(hit, shape, doc.shape.roleName, catalog) : valueHover(hit, shape, doc.shape.roleName, catalog);
  if (!value) return null;
  const range = Range.create(doc.document.positionAt(hit.node.offset), doc.document.positionAt(nodeEnd(hit.node)));
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}

function keyHover(hit: NodeHit, shape: Shape, roleName: string | undefined, catalog: Catalog): string | undefined {
  const { type, ctx, field } = resolvePath(shape, hit.path, roleName);
  const name = String(hit.node.value);
  if (type?.t === 'map') {
    if (type.keyKind !== 'role') return undefined;
    if (field?.name === 'role_descriptors' || ctx.variant === 'api_key') {
      return [
        `**\`${name}\`** — API-key role descriptor name`,
        'The name of a role descriptor that limits the API key. It is only a label: it need not match an existing role.',
        docsLink(DOCS.createApiKey),
      ].join('\n\n');
    }
    const bulk = shape === 'bulk';
    return [
      `**\`${name}\`** — role name`,
      bulk
        ? 'A role in the bulk body (`POST /_security/role`): the key is the role name and the value its descriptor.'
        : `A role in a roles map: the key is the role name (\`PUT /_security/role/${name}\`) and the value its descriptor.`,
      docsLink(bulk ? DOCS.bulkPutRole : DOCS.roles),
    ].join('\n\n');
  }
  if (type?.t !== 'object') return undefined;
  return fieldHover(type.schema, name, catalog);
}

function fieldHover(schema: ObjectSchema, name: string, catalog: Catalog): string | undefined {
  const f = findField(schema, name);
  if (!f) return undefined;
  const header = `**\`${name}\`** — ${schema.title} field`;
  const type = `Type: ${describeType(f.type)}${f.nullable ? ' or null' : ''} · ${f.required ? '**required**' : 'optional'}`;
  return [header, ...fieldParagraphs(f, catalog, name), type, docsLink(schema.docsUrl)].join('\n\n');
}

function valueHover(hit: NodeHit, shape: Shape, roleName: string | undefined, catalog: Catalog): string | undefined {
  if (hit.container.type !== 'array') return undefined;
  const { type } = resolvePath(shape, hit.path, roleName);
  if (type?.t !== 'privileges') return undefined;
  const raw = String(hit.node.value);
  if (type.kind === 'application') {
    return [
      `**\`${raw}\`** — application privilege`,
      'An application privilege name or action, defined with the put privileges API. Case-sensitive; `*` matches any.',
      docsLink(DOCS.applications),
    ].join('\n\n');
  }
  return privilegeHover(type.kind, raw, catalog);
}

const KIND_DOCS: Record<PrivilegeKind, string> = {
  cluster: DOCS.clusterPrivileges,
  index: DOCS.indexPrivileges,
  remote_cluster: DOCS.remote,
};
const ARTICLE: Record<PrivilegeKind, string> = { cluster: 'a cluster', index: 'an index', remote_cluster: 'a remote_cluster' };

const codeList = (xs: readonly string[]): string => xs.map((x) => `\`${x}\``).join(', ');

/** The markdown for a privilege name of a kind, as the catalog in use resolves it. */
export function privilegeHover(kind: PrivilegeKind, raw: string, catalog: Catalog): string {
  const res = resolvePrivilege(catalog, kind, raw);
  if (res.ok && res.via === 'action') {
    return [
      `**\`${raw}\`** — raw ${kind} action pattern`,
      `Not a named privilege but a pattern over ${kind} actions: it grants every action matching \`${res.name}*\` (Elasticsearch appends \`*\`).`,
      'Action names are internal to Elasticsearch and carry no compatibility guarantee across versions; prefer a named privilege where one exists.',
      docsLink(KIND_DOCS[kind]),
    ].join('\n\n');
  }
  const name = res.name;
  const info = catalog.info(kind, name);
  const dep = info?.deprecated;
  const deprecated = dep !== undefined && (!dep.since || atLeast(catalog.version, dep.since));
  const what = info || res.ok ? `${kind} privilege` : res.otherKind ? `${res.otherKind} privilege` : `unknown ${kind} privilege`;
  const out = [`**\`${name}\`** — ${what}${deprecated ? ' (deprecated)' : ''}`];
  if (info?.description) out.push(info.description);
  if (raw !== name) out.push(`Elasticsearch lower-cases privilege names: \`${raw}\` is \`${name}\`.`);
  if (info?.actions?.length) out.push(`Grants actions: ${codeList(info.actions)}`);
  if (info?.excludedActions?.length) out.push(`Except: ${codeList(info.excludedActions)}`);
  if (info?.implies?.length) out.push(`Implies: ${codeList(info.implies)}`);
  const impliedByNames = impliedBy(kind, name).filter((n) => catalog.has(kind, n));
  if (impliedByNames.length) out.push(`Implied by: ${codeList(impliedByNames)}`);
  if (info?.introduced) out.push(`Introduced in Elasticsearch ${info.introduced}.`);
  if (dep) {
    const instead = dep.replacement ? ` Use \`${dep.replacement}\` instead.` : '';
    const note = dep.note ? ` ${dep.note}` : '';
    const label = deprecated ? '**Deprecated**' : 'Deprecated';
    out.push(`${label}${dep.since ? ` since Elasticsearch ${dep.since}` : ''}.${instead}${note}`);
  }
  if (info?.caveat) out.push(`Note: ${info.caveat.replace(/^docs:\s*/, '')}`);
  if (!res.ok) {
    if (res.otherKind) out.push(`\`${name}\` is ${ARTICLE[res.otherKind]} privilege, not ${ARTICLE[kind]} privilege.`);
    out.push(`Not available in ${catalog.label}.`);
  }
  out.push(docsLink(KIND_DOCS[kind]));
  return out.join('\n\n');
}
