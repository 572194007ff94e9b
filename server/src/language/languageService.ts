import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction, CodeActionContext, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, FormattingOptions,
  Hover, Position, Range, TextEdit,
} from 'vscode-languageserver-types';
import { bundledCatalog, type Catalog } from './catalog';
import { getCodeActions } from './codeActions';
import { doComplete } from './completion';
import { Codes, DiagnosticSeverity, docsFor } from './diagnostics';
import { RoleDocumentCache, type RoleDocument } from './document';
import { format } from './formatting';
import { doHover } from './hover';
import { lintDocument, type LintSettings } from './lint';
import type { Shape } from './shapes';
import { getFoldingRanges, findDocumentSymbols } from './symbols';
import { validate } from './validation/validate';

export const DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** Per-document settings, already normalised (see server/src/settings.ts). */
export interface DocumentSettings {
  /** `elasticsearchRoles.targetVersion`: picks the bundled catalog; ignored while a live catalog is set. */
  readonly targetVersion?: string;
  /** Documents larger than this get one diagnostic instead of analysis. */
  readonly maxDocumentBytes?: number;
  /**
   * `elasticsearchRoles.lint`: profile and per-code levels. When absent the lint pass does not run
   * (validation only, `raw-action-privilege` as validation reports it); normalised settings always
   * carry it (`{ profile: 'recommended' }` by default).
   */
  readonly lint?: LintSettings;
}

export interface RoleLanguageService {
  /** The parse of a document version, shared by every feature. */
  parse(document: TextDocument): RoleDocument;
  shapeOf(document: TextDocument): Shape;
  /** A connected cluster's built-in privileges replace the bundled catalogs (undefined restores them). */
  setLiveCatalog(catalog: Catalog | undefined): void;
  /** The catalog that applies to documents with these settings. */
  catalogFor(settings?: DocumentSettings): Catalog;
  doValidation(document: TextDocument, settings?: DocumentSettings): Diagnostic[];
  doComplete(document: TextDocument, position: Position, settings?: DocumentSettings): CompletionList;
  doHover(document: TextDocument, position: Position, settings?: DocumentSettings): Hover | null;
  // The features below take the settings for the size limit only: a document over it is not parsed.
  getCodeActions(document: TextDocument, range: Range, context: CodeActionContext, settings?: DocumentSettings): CodeAction[];
  /** At most `limit` symbols (default 5,000): roles first, then their sections. */
  findDocumentSymbols(document: TextDocument, settings?: DocumentSettings, limit?: number): DocumentSymbol[];
  /** At most `limit` ranges (the client's `rangeLimit`; default 5,000), the outermost first. */
  getFoldingRanges(document: TextDocument, settings?: DocumentSettings, limit?: number): FoldingRange[];
  format(document: TextDocument, range: Range | undefined, options: FormattingOptions, settings?: DocumentSettings): TextEdit[];
  /** Forget a closed document. */
  forget(uri: string): void;
}

export function getLanguageService(): RoleLanguageService {
  const cache = new RoleDocumentCache();
  let live: Catalog | undefined;

  const catalogFor = (settings?: DocumentSettings): Catalog => live ?? bundledCatalog(settings?.targetVersion);
  const tooLarge = (document: TextDocument, settings?: DocumentSettings): number | undefined => {
    const limit = settings?.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    const text = document.getText();
    // UTF-8 needs at least one and at most three bytes per UTF-16 unit: count exactly only in between.
    if (text.length > limit) return limit;
    if (text.length * 3 <= limit) return undefined;
    return utf8LengthOf(document) > limit ? limit : undefined;
  };

  return {
    parse: (document) => cache.get(document),
    shapeOf: (document) => cache.get(document).shape.shape,
    setLiveCatalog: (catalog) => {
      live = catalog;
    },
    catalogFor,
    doValidation(document, settings) {
      const limit = tooLarge(document, settings);
      if (limit !== undefined) {
        return [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            severity: DiagnosticSeverity.Warning,
            code: Codes.documentTooLarge,
            source: 'es-roles',
            codeDescription: { href: docsFor(Codes.documentTooLarge) },
            message: `This file is larger than the size limit of ${formatSize(limit)}, so it is not analysed. Raise the limit to check it (setting elasticsearchRoles.maxFileSizeMB, CLI option --max-file-size-mb).`,
          },
        ];
      }
      const doc = cache.get(document);
      const diagnostics = validate(doc, { catalog: catalogFor(settings) });
      // Without lint settings (callers that only validate) the lint pass does not run at all.
      return settings?.lint ? lintDocument(doc, diagnostics, settings.lint) : diagnostics;
    },
    doComplete(document, position, settings) {
      if (tooLarge(document, settings) !== undefined) return { isIncomplete: false, items: [] };
      return doComplete(cache.get(document), position, catalogFor(settings));
    },
    doHover(document, position, settings) {
      if (tooLarge(document, settings) !== undefined) return null;
      return doHover(cache.get(document), position, catalogFor(settings));
    },
    getCodeActions: (document, range, context, settings) =>
      tooLarge(document, settings) !== undefined ? [] : getCodeActions(cache.get(document), range, context),
    findDocumentSymbols: (document, settings, limit) => (tooLarge(document, settings) !== undefined ? [] : findDocumentSymbols(cache.get(document), limit)),
    getFoldingRanges: (document, settings, limit) => (tooLarge(document, settings) !== undefined ? [] : getFoldingRanges(cache.get(document), limit)),
    format: (document, range, options, settings) => (tooLarge(document, settings) !== undefined ? [] : format(document, range, options)),
    forget: (uri) => cache.delete(uri),
  };
}

/** UTF-8 sizes of document versions: counting 10 MB takes ~20 ms, too long to repeat on every completion. */
const utf8Lengths = new WeakMap<TextDocument, { version: number; text: string; bytes: number }>();

function utf8LengthOf(document: TextDocument): number {
  const text = document.getText();
  const hit = utf8Lengths.get(document);
  if (hit && hit.version === document.version && hit.text === text) return hit.bytes;
  const bytes = utf8Length(text);
  utf8Lengths.set(document, { version: document.version, text, bytes });
  return bytes;
}

/** Runs of characters outside ASCII: the ASCII text between them is skipped by the native scan. */
// eslint-disable-next-line no-control-regex
const NON_ASCII_RUN = /[^\x00-\x7f]+/g;

function utf8Length(text: string): number {
  let bytes = text.length; // one byte per UTF-16 unit, plus what the runs below add
  NON_ASCII_RUN.lastIndex = 0;
  for (let m = NON_ASCII_RUN.exec(text); m; m = NON_ASCII_RUN.exec(text)) {
    const end = m.index + m[0].length;
    for (let i = m.index; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x800) bytes += 1;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        bytes += 2; // a surrogate pair: 4 bytes for 2 units
        i++;
      } else bytes += 2;
    }
  }
  return bytes;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}
