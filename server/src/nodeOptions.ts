/**
 * The Node.js options the language server runs with. The VS Code extension starts the server with
 * them, and so do the LSP tests and the benchmark, so that both measure the server as it ships;
 * docs/neovim.md shows them for other editors (the server works without them, using more memory).
 *
 * `--max-semi-space-size=4` caps each of V8's young-generation semi-spaces at 4 MB (Node 20 lets
 * them grow to 16 MB). Parsing a large role file makes many objects that live as long as the
 * document, and with the default cap V8 grows the young generation to its maximum while it copies
 * them out. Measured with the 10,000-role file (10.5 MB) open: peak RSS 155-161 MB without the
 * option, 133-139 MB with it, and the same time to diagnostics (`npm run bench` reports both).
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=4'];
