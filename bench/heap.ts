/**
 * What holding a document costs in memory (the V8 heap and ArrayBuffers), measured in this process
 * (GC before and after): our
 * cached parse (tree, duplicate keys, shape) plus TextDocument's line index, and jsonc-parser's
 * `parseTree` of the same text for comparison. Together with the idle server's RSS this gives the
 * floor under the server's peak RSS, which the LSP measurement cannot go below.
 */
import { parseTree, type ParseError } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../server/src/language';
import type { Corpus } from './corpus';
import { collectGarbage, gcExposed, progress, round } from './stats';

export interface HeapResult {
  readonly corpus: string;
  /** The text itself (one byte per character for ASCII). */
  readonly textMB: number;
  /** Our parse of one version, as cached by the language service, with the document's line index. */
  readonly oursMB: number;
  /** jsonc-parser's parseTree of the same text. */
  readonly parseTreeMB: number;
}

/** The V8 heap plus ArrayBuffer memory (our parse keeps its tree in typed arrays, outside the heap). */
function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function retained(build: () => unknown): number {
  collectGarbage();
  const before = used();
  const kept = build();
  collectGarbage();
  const after = used();
  void kept;
  return (after - before) / 1048576;
}

export function benchHeap(corpus: Corpus): HeapResult | undefined {
  if (!gcExposed) return undefined;
  const service = getLanguageService();
  const oursMB = retained(() => {
    const document = TextDocument.create(corpus.uri, 'elasticsearch-role', 1, corpus.text);
    service.doValidation(document);
    return document;
  });
  service.forget(corpus.uri);
  const parseTreeMB = retained(() => parseTree(corpus.text, [] as ParseError[], { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true }));
  const result = { corpus: corpus.id, textMB: round(corpus.text.length / 1048576, 1), oursMB: round(oursMB, 1), parseTreeMB: round(parseTreeMB, 1) };
  progress(`heap ${corpus.id}: our cached parse + line index ${result.oursMB} MB, jsonc parseTree ${result.parseTreeMB} MB (text ${result.textMB} MB)`);
  return result;
}
