/**
 * The Node.js options the language server runs with. The VS Code extension starts the server with
 * them, and so do the LSP tests and the benchmark, so that both measure the server as it ships;
 * docs/neovim.md shows them for other editors (the server works without them, using more memory).
 *
 * `--max-semi-space-size=4` caps each of V8's young-generation semi-spaces at 4 MB (Node 20 lets
 * them grow to 16 MB). It was chosen when the parse made an object per node, all of them copied out
 * of the young generation: peak RSS with the 10,000-role file (10.5 MB) open went from 155-161 to
 * 133-139 MB. The parse now builds a table (language/tree.ts) and the difference is smaller:
 * 120 MB without the option, 107 MB with it, at the same speed (2026-12-02; `npm run bench`
 * reports both).
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=4'];
