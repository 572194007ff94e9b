import type { Diagnostic } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog';
import { bundledCatalog, formatVersion } from '../catalog';
import { rootContext, rootType } from '../context';
import { Codes, DiagnosticSeverity, DiagnosticSink } from '../diagnostics';
import type { RoleDocument } from '../document';
import { removalRange, type Validator } from './context';
import { walkValue } from './walk';

export interface ValidationOptions {
  readonly catalog: Catalog;
}

/** Every diagnostic for one document: syntax first (once), then the rules ES applies. */
export function validate(doc: RoleDocument, options: ValidationOptions): Diagnostic[] {
  const sink = new DiagnosticSink(doc.document);
  const type = rootType(doc.shape.shape);
  if (!type) return [];
  const firstSyntax = doc.syntaxErrors[0];
  if (firstSyntax) {
    // One syntax error, not a cascade: jsonc-parser's recovery after the first one is a guess.
    sink.add(Codes.syntaxError, sink.rangeAt(firstSyntax.offset, firstSyntax.length), firstSyntax.message);
  }
  if (doc.root) {
    const catalog = options.catalog;
    const v: Validator = {
      sink,
      catalog,
      newest: bundledCatalog(),
      target: catalog.version,
      targetLabel: catalog.source === 'cluster' ? catalog.label : `Elasticsearch ${formatVersion(catalog.version)}`,
    };
    for (const key of doc.duplicateKeys) {
      const prop = key.parent!;
      v.sink.add(
        Codes.duplicateKey,
        key,
        `Duplicate field \`${key.value}\`: Elasticsearch refuses a body with a repeated field.`,
        DiagnosticSeverity.Error,
        { remove: removalRange(prop.parent!, prop) },
      );
    }
    walkValue(v, doc.root, type, rootContext(doc.shape.shape, doc.shape.roleName));
  }
  if (!firstSyntax) return sink.items;
  // Keep the syntax error and the findings that lie wholly before it.
  const cut = doc.document.positionAt(firstSyntax.offset);
  return sink.items.filter(
    (d, i) => i === 0 || d.range.end.line < cut.line || (d.range.end.line === cut.line && d.range.end.character <= cut.character),
  );
}
