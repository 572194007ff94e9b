import type { Node } from 'jsonc-parser';
import type { CompletionItem, CompletionList, Position } from 'vscode-languageserver-types';
import type { Catalog } from './catalog';
import { resolvePath, type Resolved } from './context';
import type { RoleDocument } from './document';
import { detectShape, type ShapeInfo } from './shapes';
import { locate, type Cursor } from './completion/cursor';
import {
  ItemBuilder, booleanItems, defaultValueItem, entryItems, enumItems, keyItems, newRoleItem, privilegeItems,
} from './completion/items';

/**
 * Completion of keys and values at a position, on the cached parse of the document (no re-parse, no
 * scan from the start of the text): property names valid for the object's schema, privilege names of
 * the array's kind from the catalog in use, fixed values, and snippets for new entries and roles.
 */
export function doComplete(doc: RoleDocument, position: Position, catalog: Catalog): CompletionList {
  const cursor = locate(doc.text, doc.root, doc.document.offsetAt(position));
  if (!cursor) return list([]);
  const shape = shapeAt(doc, cursor);
  if (shape.shape === 'unknown') return list([]);
  const b = new ItemBuilder(doc.document, doc.text, cursor);

  if (cursor.kind === 'key') {
    const { type, ctx } = resolvePath(shape.shape, cursor.path, shape.roleName);
    if (type?.t === 'object') return list(keyItems(b, type.schema, ctx, catalog));
    // A new key in a roles map: the list depends on what is typed (the snippet takes it as the name).
    if (type?.t === 'map' && type.keyKind === 'role') return list(newRoleItem(b, ctx, doc.text), true);
    return list([]);
  }
  if (cursor.container.type === 'array') {
    return list(elementItems(b, resolvePath(shape.shape, cursor.path, shape.roleName), catalog));
  }
  return list(propertyValueItems(b, resolvePath(shape.shape, [...cursor.path, cursor.key ?? ''], shape.roleName), catalog));
}

function list(items: CompletionItem[], isIncomplete = false): CompletionList {
  return { isIncomplete, items };
}

/**
 * The document's shape, except while a top-level key is being typed: a half-typed key (`"clu"`, or a
 * new role name without its value yet) can make the whole body unrecognisable, so the shape is
 * detected again without that property.
 */
function shapeAt(doc: RoleDocument, cursor: Cursor): ShapeInfo {
  const root = doc.root;
  if (!root || cursor.path.length !== 0 || !cursor.property) return doc.shape;
  // A complete property (key and value) does not disturb detection; re-detecting costs O(top-level keys).
  const complete = (cursor.property.children?.length ?? 0) >= 2;
  if ((cursor.kind !== 'key' || complete) && doc.shape.shape !== 'unknown') return doc.shape;
  const property = cursor.property;
  const without: Node = { type: root.type, offset: root.offset, length: root.length, children: (root.children ?? []).filter((c) => c.offset !== property.offset) };
  const again = detectShape(without, doc.document.uri);
  return again.shape === 'unknown' ? doc.shape : again;
}

/** Names present in the array (lower-case), except the one being replaced. */
function presentStrings(cursor: Cursor, lower: boolean): Set<string> {
  const out = new Set<string>();
  for (const el of cursor.container.children ?? []) {
    if ((cursor.node && el.offset === cursor.node.offset) || el.type !== 'string') continue;
    out.add(lower ? String(el.value).toLowerCase() : String(el.value));
  }
  return out;
}

function elementItems(b: ItemBuilder, array: Resolved, catalog: Catalog): CompletionItem[] {
  const type = array.type;
  if (!type) return [];
  if (type.t === 'privileges') {
    if (type.kind === 'application') return [];
    const remote = array.parent?.id === 'remoteIndicesEntry';
    return privilegeItems(b, type.kind, catalog, { present: presentStrings(b.cursor, true), remote });
  }
  if (type.t !== 'array') return [];
  if (type.of.t === 'object') return entryItems(b, type.of.schema);
  if (type.of.t === 'string' && type.of.enum) {
    return enumItems(b, type.of.enum, presentStrings(b.cursor, false), array.field?.name ?? 'value');
  }
  return [];
}

function propertyValueItems(b: ItemBuilder, prop: Resolved, catalog: Catalog): CompletionItem[] {
  const type = prop.type;
  if (!type) return [];
  switch (type.t) {
    case 'boolean':
      return booleanItems(b);
    case 'string':
      return type.enum ? enumItems(b, type.enum, new Set(), prop.field?.name ?? 'value') : [];
    case 'privileges':
      if (type.kind !== 'application' && (!b.cursor.node || b.cursor.node.type === 'string')) {
        return [
          ...defaultValueItem(b, type, prop.field?.valueSnippet),
          ...privilegeItems(b, type.kind, catalog, { present: new Set(), wrap: true }),
        ];
      }
      return defaultValueItem(b, type, prop.field?.valueSnippet);
    default:
      return defaultValueItem(b, type, prop.field?.valueSnippet);
  }
}
