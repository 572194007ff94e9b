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
  getCodeActions(document: TextDocument, range: Range, context: CodeActionContext): CodeAction[];
  findDocumentSymbols(document: TextDocument): DocumentSymbol[];
  getFoldingRanges(document: TextDocument): FoldingRange[];
  format(document: TextDocument, range: Range | undefined, options: FormattingOptions): TextEdit[];
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
    return utf8Length(text) > limit ? limit : undefined;
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
      return validate(cache.get(document), { catalog: catalogFor(settings) });
    },
    doComplete(document, position, settings) {
      if (tooLarge(document, settings) !== undefined) return { isIncomplete: false, items: [] };
      return doComplete(cache.get(document), position, catalogFor(settings));
    },
    doHover(document, position, settings) {
      if (tooLarge(document, settings) !== undefined) return null;
      return doHover(cache.get(document), position, catalogFor(settings));
    },
    getCodeActions: (document, range, context) => getCodeActions(cache.get(document), range, context),
    findDocumentSymbols: (document) => findDocumentSymbols(cache.get(document)),
    getFoldingRanges: (document) => getFoldingRanges(cache.get(document)),
    format: (document, range, options) => format(document, range, options),
    forget: (uri) => cache.delete(uri),
  };
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}
