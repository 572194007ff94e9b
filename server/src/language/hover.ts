import type { Hover, Position } from 'vscode-languageserver-types';
import type { Catalog } from './catalog';
import type { RoleDocument } from './document';

/** Hover for keys and privilege names (implemented in the hover work item). */
export function doHover(doc: RoleDocument, position: Position, catalog: Catalog): Hover | null {
  void doc;
  void position;
  void catalog;
  return null;
}
