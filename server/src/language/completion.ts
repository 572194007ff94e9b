import type { CompletionList, Position } from 'vscode-languageserver-types';
import type { Catalog } from './catalog';
import type { RoleDocument } from './document';

/** Completion of keys and values at a position (implemented in the completion work item). */
export function doComplete(doc: RoleDocument, position: Position, catalog: Catalog): CompletionList {
  void doc;
  void position;
  void catalog;
  return { isIncomplete: false, items: [] };
}
