import {
  CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind, Range, TextEdit,
  type CompletionItem, type MarkupContent,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog, PrivilegeKind } from '../catalog';
import { atLeast } from '../catalog/version';
import type { WalkContext } from '../context';
import { properties } from '../document';
import { findField, type ObjectSchema, type ValueType } from '../schema';
import { Tok } from '../tokens';
import { nextToken, type Cursor } from './cursor';
import { fieldAllowed, fieldDetail, fieldParagraphs, fieldTooNew } from './describe';
import { defaultValueSnippet, entrySnippet, newRoleSnippet } from './snippets';

/** Builds completion items for a located cursor: the edits, filter text and separators they share. */
export class ItemBuilder {
  readonly range: Range;
  /** `,` when the token after the replaced one needs separating from the insertion. */
  readonly separatorAfter: string;
  private readonly commaEdit: TextEdit[] | undefined;
  private readonly separatorBefore: string;

  constructor(
    document: TextDocument,
    text: string,
    readonly cursor: Cursor,
  ) {
    this.range = onCursorLine(document, cursor.offset, Range.create(document.positionAt(cursor.span.start), document.positionAt(cursor.span.end)));
    const next = nextToken(text, cursor.span.end);
    const closes = next === Tok.Comma || next === Tok.CloseBrace || next === Tok.CloseBracket || next === Tok.EOF || next === Tok.Colon;
    this.separatorAfter = closes ? '' : ',';
    // A comma missing after the previous sibling: inserted there, or in front of the insertion when
    // the cursor touches that sibling (two insertions at one position have no defined order).
    if (cursor.missingCommaAt !== undefined && cursor.missingCommaAt < cursor.span.start) {
      this.commaEdit = [TextEdit.insert(document.positionAt(cursor.missingCommaAt), ',')];
    }
    this.separatorBefore = cursor.missingCommaAt === cursor.span.start ? ', ' : '';
  }

  /** What VS Code filters on: the quoted text when the replaced token is a string. */
  filter(text: string): string {
    return this.cursor.quoted ? JSON.stringify(text) : text;
  }

  item(base: Omit<CompletionItem, 'textEdit' | 'filterText'> & { filterText?: string }, newText: string): CompletionItem {
    const out: CompletionItem = {
      ...base,
      filterText: base.filterText ?? this.filter(base.label),
      textEdit: TextEdit.replace(this.range, this.separatorBefore + newText),
    };
    if (this.commaEdit) out.additionalTextEdits = this.commaEdit;
    return out;
  }

  /** A JSON string value, separated from what follows. */
  stringValue(base: Omit<CompletionItem, 'textEdit' | 'filterText'>, value: string): CompletionItem {
    return this.item({ ...base, insertTextFormat: InsertTextFormat.PlainText }, JSON.stringify(value) + this.separatorAfter);
  }
}

/**
 * The part of `range` on the cursor's line. LSP requires a completion edit to be single-line, and a
 * string token can span lines when a backslash escapes a line break (VS Code drops such items).
 */
function onCursorLine(document: TextDocument, offset: number, range: Range): Range {
  if (range.start.line === range.end.line) return range;
  const line = document.positionAt(offset).line;
  const start = range.start.line === line ? range.start : { line, character: 0 };
  const end = range.end.line === line ? range.end : document.positionAt(document.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }));
  return Range.create(start, end);
}

const markdown = (value: string): MarkupContent => ({ kind: MarkupKind.Markdown, value });

/** Property names of an object schema that are valid here and not yet present. */
export function keyItems(b: ItemBuilder, schema: ObjectSchema, ctx: WalkContext, catalog: Catalog): CompletionItem[] {
  const present = new Set<string>();
  for (const p of properties(b.cursor.container)) {
    // By offset: nodes are made on read (tree.ts), so the cursor's property is not the same object.
    if (b.cursor.property && p.prop.offset === b.cursor.property.offset) continue;
    present.add(findField(schema, p.name)?.name ?? p.name);
  }
  // Only the key when the property already has its colon (renaming a key keeps the value).
  const keyOnly = b.cursor.property?.colonOffset !== undefined;
  const items: CompletionItem[] = [];
  schema.fields.forEach((field, index) => {
    if (field.hidden || present.has(field.name) || !fieldAllowed(field, ctx)) return;
    const value = field.valueSnippet ?? defaultValueSnippet(field.type);
    const newText = keyOnly ? `"${field.name}"` : `"${field.name}": ${value}${b.separatorAfter}`;
    const late = fieldTooNew(field, catalog);
    items.push(
      b.item(
        {
          label: field.name,
          kind: CompletionItemKind.Property,
          detail: fieldDetail(field),
          documentation: markdown(fieldParagraphs(field, catalog).join('\n\n')),
          insertTextFormat: InsertTextFormat.Snippet,
          sortText: `${late ? 1 : 0}${String(index).padStart(2, '0')}`,
        },
        newText,
      ),
    );
  });
  return items;
}

/** The "new role" snippet for a key in a roles map, bulk `roles` or `role_descriptors`. */
export function newRoleItem(b: ItemBuilder, ctx: WalkContext, text: string): CompletionItem[] {
  if (b.cursor.property?.colonOffset !== undefined) return [];
  const typed = text.slice(b.cursor.span.start, b.cursor.offset);
  const name = b.cursor.prefix || (ctx.variant === 'api_key' ? 'role_descriptor' : 'new_role');
  const what = ctx.variant === 'api_key' ? 'API-key role descriptor' : 'role';
  return [
    b.item(
      {
        label: `new ${what}`,
        kind: CompletionItemKind.Snippet,
        detail: `A ${what} with cluster and index privileges`,
        documentation: markdown(`Inserts a ${what} named \`${name}\` with \`cluster\` and one \`indices\` entry.`),
        insertTextFormat: InsertTextFormat.Snippet,
        // Whatever name is being typed, the snippet stays in the list.
        filterText: typed,
      },
      newRoleSnippet(name) + b.separatorAfter,
    ),
  ];
}

/** An element snippet for arrays of objects (`indices`, `remote_indices`, `applications`, ...). */
export function entryItems(b: ItemBuilder, schema: ObjectSchema): CompletionItem[] {
  if (b.cursor.quoted) return [];
  const fields = schema.fields.filter((f) => f.required && !f.hidden).map((f) => f.name);
  return [
    b.item(
      {
        label: `{ ${fields.join(', ')} }`,
        kind: CompletionItemKind.Snippet,
        detail: `New ${schema.title}`,
        documentation: markdown(`Inserts a new ${schema.title} with ${fields.map((f) => `\`${f}\``).join(', ')}.`),
        insertTextFormat: InsertTextFormat.Snippet,
        filterText: b.filter(`{ ${fields.join(', ')} }`),
      },
      entrySnippet(schema) + b.separatorAfter,
    ),
  ];
}

const FAILURE_STORE = new Set(['read_failure_store', 'manage_failure_store']);
const KIND_LABEL: Record<PrivilegeKind, string> = { cluster: 'cluster', index: 'index', remote_cluster: 'remote_cluster' };

export interface PrivilegeOptions {
  /** Names already in the array (lower-case). */
  readonly present: ReadonlySet<string>;
  /** `remote_indices`: failure-store privileges are refused there. */
  readonly remote?: boolean;
  /** The cursor is a property value, not an element: insert `["name"]`. */
  readonly wrap?: boolean;
}

type PrivilegeBase = Omit<CompletionItem, 'textEdit' | 'filterText'>;

/** The parts of privilege items that depend only on the catalog, built once per catalog and kind. */
const privilegeBases = new WeakMap<Catalog, Map<PrivilegeKind, readonly PrivilegeBase[]>>();

function basesFor(catalog: Catalog, kind: PrivilegeKind): readonly PrivilegeBase[] {
  let perKind = privilegeBases.get(catalog);
  if (!perKind) privilegeBases.set(catalog, (perKind = new Map()));
  let bases = perKind.get(kind);
  if (!bases) {
    bases = catalog.names(kind).map((name) => privilegeBase(catalog, kind, name));
    perKind.set(kind, bases);
  }
  return bases;
}

function privilegeBase(catalog: Catalog, kind: PrivilegeKind, name: string): PrivilegeBase {
  const info = catalog.info(kind, name);
  const dep = info?.deprecated;
  const deprecated = dep !== undefined && (!dep.since || atLeast(catalog.version, dep.since));
  const doc: string[] = [];
  if (info?.description) doc.push(info.description);
  if (deprecated) {
    const instead = dep.replacement ? ` Use \`${dep.replacement}\` instead.` : dep.note ? ` ${dep.note}` : '';
    doc.push(`**Deprecated**${dep.since ? ` since ${dep.since}` : ''}.${instead}`);
  }
  const item: PrivilegeBase = {
    label: name,
    kind: CompletionItemKind.EnumMember,
    detail: `${KIND_LABEL[kind]} privilege${deprecated ? ' · deprecated' : ''}`,
    sortText: `${deprecated ? 1 : 0}${name}`,
    insertTextFormat: InsertTextFormat.PlainText,
  };
  if (doc.length) item.documentation = markdown(doc.join('\n\n'));
  if (deprecated) item.tags = [CompletionItemTag.Deprecated];
  return item;
}

/** Built-in privilege names of a kind from the catalog in use, minus those already present. */
export function privilegeItems(b: ItemBuilder, kind: PrivilegeKind, catalog: Catalog, opts: PrivilegeOptions): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const base of basesFor(catalog, kind)) {
    const name = base.label;
    if (opts.present.has(name) || (opts.remote && FAILURE_STORE.has(name))) continue;
    const value = JSON.stringify(name);
    items.push(b.item(base, `${opts.wrap ? `[${value}]` : value}${b.separatorAfter}`));
  }
  return items;
}

/** Fixed string values (`grant_type`, `restriction.workflows`), minus those already present. */
export function enumItems(b: ItemBuilder, values: readonly string[], present: ReadonlySet<string>, detail: string): CompletionItem[] {
  return values
    .filter((v) => !present.has(v))
    .map((v) => b.stringValue({ label: v, kind: CompletionItemKind.EnumMember, detail }, v));
}

export function booleanItems(b: ItemBuilder): CompletionItem[] {
  if (b.cursor.quoted) return [];
  return ['true', 'false'].map((v) =>
    b.item({ label: v, kind: CompletionItemKind.Value, detail: 'boolean', insertTextFormat: InsertTextFormat.PlainText }, v + b.separatorAfter),
  );
}

/** A default value for a property that has none yet (`[]`, `{}`, ...), from the schema's snippet. */
export function defaultValueItem(b: ItemBuilder, type: ValueType, snippet: string | undefined): CompletionItem[] {
  if (b.cursor.quoted || b.cursor.node) return [];
  const value = snippet ?? defaultValueSnippet(type);
  const label = value.trimStart().startsWith('[') ? '[]' : value.trimStart().startsWith('{') ? '{}' : undefined;
  if (!label) return [];
  return [
    b.item(
      { label, kind: CompletionItemKind.Value, detail: 'Default value', insertTextFormat: InsertTextFormat.Snippet, filterText: label },
      value + b.separatorAfter,
    ),
  ];
}
