/**
 * The JSON-Schema peer: bench/schema/role-descriptor.schema.json with its privilege enums taken from
 * the newest bundled catalog at bench time, and vscode-json-languageservice configured with it the
 * way a user would (json.schemas with file patterns), so its resolved schema is cached across runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLanguageService, type JSONSchema } from 'vscode-json-languageservice';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export const SCHEMA_PATH = 'bench/schema/role-descriptor.schema.json';
export const CATALOG_PATH = 'server/src/language/catalog/data/catalog.json';

export interface RoleSchemas {
  /** One role descriptor (`*.role.json`). */
  readonly descriptor: JSONSchema;
  /** A map of roles by name (`*.roles.json`). */
  readonly rolesMap: JSONSchema;
  /** A bulk put role body (`{"roles": {...}}`). */
  readonly bulk: JSONSchema;
  /** The catalog version the privilege enums come from. */
  readonly catalogVersion: string;
}

interface CatalogVersion {
  version: string;
  cluster: string[];
  index: string[];
  remote_cluster: string[];
}

function compareVersionText(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The newest version entry of the bundled catalog file. */
export function newestCatalog(root: string): CatalogVersion {
  const data = JSON.parse(readFileSync(join(root, CATALOG_PATH), 'utf8')) as { versions: CatalogVersion[] };
  return [...data.versions].sort((a, b) => compareVersionText(a.version, b.version)).at(-1)!;
}

/** Reads the schema file and fills the privilege enums from the newest bundled catalog. */
export function loadRoleSchemas(root: string = process.cwd()): RoleSchemas {
  const file = JSON.parse(readFileSync(join(root, SCHEMA_PATH), 'utf8')) as JSONSchema & { definitions: Record<string, JSONSchema> };
  const catalog = newestCatalog(root);
  const definitions: Record<string, JSONSchema> = {
    ...file.definitions,
    clusterPrivilegeName: { enum: [...catalog.cluster] },
    indexPrivilegeName: { enum: [...catalog.index] },
    remoteClusterPrivilegeName: { enum: [...catalog.remote_cluster] },
  };
  const withRoot = (ref: string): JSONSchema => ({ $schema: file.$schema, title: file.title, definitions, $ref: `#/definitions/${ref}` });
  return { descriptor: withRoot('roleDescriptor'), rolesMap: withRoot('rolesMap'), bulk: withRoot('bulkBody'), catalogVersion: catalog.version };
}

export interface SchemaPeer {
  /** Parses and validates like the JSON language features do: full diagnostics of the text. */
  validate(document: TextDocument): Promise<Diagnostic[]>;
}

/** vscode-json-languageservice with the role schemas associated by file name. */
export function schemaPeer(schemas: RoleSchemas): SchemaPeer {
  const service = getLanguageService({});
  service.configure({
    validate: true,
    allowComments: true,
    schemas: [
      { uri: 'bench://schemas/roles-map.schema.json', fileMatch: ['*.roles.json'], schema: schemas.rolesMap },
      { uri: 'bench://schemas/bulk.schema.json', fileMatch: ['bulk-*.json'], schema: schemas.bulk },
      { uri: 'bench://schemas/role-descriptor.schema.json', fileMatch: ['*.role.json'], schema: schemas.descriptor },
    ],
  });
  return {
    async validate(document) {
      const json = service.parseJSONDocument(document);
      return (await service.doValidation(document, json, { comments: 'ignore', trailingCommas: 'error' })) as Diagnostic[];
    },
  };
}
