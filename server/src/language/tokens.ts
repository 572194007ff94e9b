/**
 * jsonc-parser's SyntaxKind values. The library declares them as an ambient `const enum`, which
 * isolated-module builds (esbuild) cannot read, so the numbers are restated here.
 */
export const Tok = {
  OpenBrace: 1,
  CloseBrace: 2,
  OpenBracket: 3,
  CloseBracket: 4,
  Comma: 5,
  Colon: 6,
  Null: 7,
  True: 8,
  False: 9,
  String: 10,
  Number: 11,
  LineComment: 12,
  BlockComment: 13,
  LineBreak: 14,
  Trivia: 15,
  Unknown: 16,
  EOF: 17,
} as const;
