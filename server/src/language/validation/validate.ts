import { createScanner, findNodeAtOffset, type Node } from 'jsonc-parser';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog';
import { bundledCatalog, formatVersion } from '../catalog';
import { rootContext, rootType } from '../context';
import { Codes, DiagnosticSeverity, DiagnosticSink, MAX_PROBLEMS } from '../diagnostics';
import type { RoleDocument } from '../document';
import { MAX_NESTING_DEPTH } from '../nesting';
import { Tok } from '../tokens';
import { removalRange, type Validator } from './context';
import { walkValue } from './walk';

export interface ValidationOptions {
  readonly catalog: Catalog;
}

/** Every diagnostic for one document: syntax first (once), then the rules ES applies. */
export function validate(doc: RoleDocument, options: ValidationOptions): Diagnostic[] {
  const sink = new DiagnosticSink(doc.document, MAX_PROBLEMS);
  if (doc.nestingTooDeepAt !== undefined) {
    // Not parsed (see nesting.ts): one finding at the bracket past the limit, whatever the shape.
    sink.add(
      Codes.nestingTooDeep,
      sink.rangeAt(doc.nestingTooDeepAt, 1),
      `Arrays and objects are nested more than ${MAX_NESTING_DEPTH} levels deep here, so this file is not analysed. Elasticsearch refuses such a body too.`,
    );
    return sink.items;
  }
  const type = rootType(doc.shape.shape);
  if (!type) return [];
  const firstSyntax = doc.syntaxErrors[0];
  if (firstSyntax) {
    // One syntax error, not a cascade: jsonc-parser's recovery after the first one is a guess.
    sink.add(Codes.syntaxError, sink.rangeAt(firstSyntax.offset, firstSyntax.length), firstSyntax.message);
  }
  if (doc.tree) {
    const catalog = options.catalog;
    const v: Validator = {
      sink,
      catalog,
      newest: bundledCatalog(),
      target: catalog.version,
      targetLabel: catalog.source === 'cluster' ? catalog.label : `Elasticsearch ${formatVersion(catalog.version)}`,
      text: doc.text,
      tree: doc.tree,
      memos: new Map(),
    };
    for (const key of doc.duplicateKeys) {
      const prop = key.parent!;
      v.sink.add(
        Codes.duplicateKey,
        key,
        `Duplicate field \`${key.value}\`: Elasticsearch refuses a body with a repeated field.`,
        DiagnosticSeverity.Error,
        { remove: removalRange(prop.parent!, prop, v.text) },
      );
    }
    walkValue(v, 0, type, rootContext(doc.shape.shape, doc.shape.roleName));
  }
  if (sink.firstDropped) sink.items.push(tooManyProblems(doc, sink.firstDropped));
  if (!firstSyntax) return sink.items;
  // Keep the syntax error and the findings that lie wholly before it. A finding about a whole object
  // or array (a missing field, an empty list, ...) is kept only when that container was closed before
  // the error: an unfinished `{"names": ["a"]` is not missing `privileges`, it is being typed.
  const cut = doc.document.positionAt(firstSyntax.offset);
  const closed = closedContainers(doc.text, firstSyntax.offset);
  return sink.items.filter((d, i) => {
    if (i === 0) return true;
    const before = d.range.end.line < cut.line || (d.range.end.line === cut.line && d.range.end.character <= cut.character);
    if (!before) return false;
    const scope = CONTAINER_SCOPED[String(d.code)];
    if (!scope || !doc.root) return true;
    const container = containerOf(doc.root, doc.document.offsetAt(d.range.start), scope);
    return container !== undefined && closed.has(container.offset);
  });
}

/** The one finding that says validation stopped at MAX_PROBLEMS, where the next problem was. */
function tooManyProblems(doc: RoleDocument, at: Range): Diagnostic {
  const note = new DiagnosticSink(doc.document);
  note.add(
    Codes.tooManyProblems,
    at,
    `Validation stopped here after ${MAX_PROBLEMS} problems; fix those and the rest will be reported.`,
    DiagnosticSeverity.Warning,
  );
  return note.items[0];
}

/** Codes whose finding depends on a whole container: the container itself, or the object holding the anchor. */
const CONTAINER_SCOPED: Record<string, 'self' | 'holder'> = {
  [Codes.missingRequiredField]: 'self',
  [Codes.emptyArray]: 'self',
  [Codes.emptyObject]: 'self',
  [Codes.emptyHasPrivileges]: 'self',
  [Codes.restrictionCombination]: 'holder',
  [Codes.missingGrantCredential]: 'holder',
};

function containerOf(root: Node, offset: number, scope: 'self' | 'holder'): Node | undefined {
  const node = findNodeAtOffset(root, offset);
  if (!node) return undefined;
  if (node.type === 'object' || node.type === 'array') return node;
  const prop = node.parent?.type === 'property' ? node.parent : undefined;
  const value = prop?.children?.[1];
  if (scope === 'self' && prop?.offset === node.offset && (value?.type === 'object' || value?.type === 'array')) return value;
  return prop?.parent;
}

/** Offsets of the `{` and `[` whose closing bracket comes before `limit`. */
function closedContainers(text: string, limit: number): Set<number> {
  const scanner = createScanner(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text, false);
  const open: number[] = [];
  const closed = new Set<number>();
  for (let t = scanner.scan(); t !== Tok.EOF && scanner.getTokenOffset() < limit; t = scanner.scan()) {
    if (t === Tok.OpenBrace || t === Tok.OpenBracket) open.push(scanner.getTokenOffset());
    else if (t === Tok.CloseBrace || t === Tok.CloseBracket) {
      const start = open.pop();
      if (start !== undefined) closed.add(start);
    }
  }
  return closed;
}
