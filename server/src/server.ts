/**
 * The language server's Node entry. The transport comes from the command line (`--stdio`,
 * `--node-ipc`, `--socket=<port>`), as vscode-languageserver reads it from process.argv.
 */
import { format } from 'node:util';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { formatError } from './runner';
import { startServer } from './startServer';

const connection = createConnection(ProposedFeatures.all);

/** Writes to the client's log; falls back to stderr when the connection is gone. */
function safeLog(kind: 'log' | 'info' | 'warn' | 'error', text: string): void {
  try {
    connection.console[kind](text);
  } catch {
    try {
      process.stderr.write(`${text}\n`);
    } catch {
      // nowhere left to report
    }
  }
}

// Under --stdio, stdout is the transport: a stray console.log would corrupt the message stream.
console.log = (...args: unknown[]) => safeLog('log', format(...args));
console.info = (...args: unknown[]) => safeLog('info', format(...args));
console.warn = (...args: unknown[]) => safeLog('warn', format(...args));
console.error = (...args: unknown[]) => safeLog('error', format(...args));
console.debug = (...args: unknown[]) => safeLog('log', format(...args));

// A bug in one handler must not take the server down with every open document.
process.on('unhandledRejection', (reason) => safeLog('error', formatError('Unhandled promise rejection', reason)));
process.on('uncaughtException', (err) => safeLog('error', formatError('Uncaught exception', err)));

startServer(connection);
