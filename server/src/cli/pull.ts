/** `es-roles pull`: writes the cluster's roles to role files, never overwriting one unless --force. */
import { join, relative, resolve } from 'node:path';
import { FileExistsError, writeFileAtomic } from '../../../client/src/ops/backup';
import { CLUSTER_ENV_HELP } from '../../../client/src/ops/connection';
import { formatRolesFile, pullRoles, type RolesFileShape } from '../../../client/src/ops/pull';
import type { RoleBody } from '../../../client/src/roles/extract';
import { flagOption, parseArgs, stringOption, type CliCommand, type CliIo } from './args';
import { CLUSTER_OPTIONS, CLUSTER_OPTIONS_HELP, EXIT_FAILED, EXIT_HELP, EXIT_OK, plural, refuseSecretFlags, withCluster } from './cluster';

const USAGE = `Usage: es-roles pull [role names...] [--out DIR] [--shape role|roles|bulk] [--force] [cluster options]

Writes roles from the cluster to files: every role except the built-in (reserved) ones, or the
roles named. transient_metadata is left out; queries are kept as Elasticsearch returns them.

Options:
  --out <dir>             Folder to write to (default: the current folder; created if needed)
  --shape <role|roles|bulk>
                          role: one <name>.role.json per role (default); roles: one
                          roles.roles.json map; bulk: one bulk.roles.json ({"roles": {...}})
  --force                 Overwrite existing files (never done otherwise: they are skipped)
${CLUSTER_OPTIONS_HELP}
  -h, --help              Show this help

${CLUSTER_ENV_HELP}
${EXIT_HELP} A skipped file or a role not found also exits 1.
`;

const FILE_FOR_SHAPE: Readonly<Record<'roles' | 'bulk', string>> = { roles: 'roles.roles.json', bulk: 'bulk.roles.json' };

/** Whether a role name can be a file name everywhere (no separators, no reserved characters, no dot files). */
export function safeFileStem(name: string): boolean {
  return /^[^\\/:*?"<>|\x00-\x1f]+$/.test(name) && !name.startsWith('.') && !/[. ]$/.test(name);
}

export const pullCommand: CliCommand = {
  summary: 'Write roles from the cluster to role files (never overwrites without --force)',
  usage: USAGE,
  run: async (argv: readonly string[], io: CliIo) => {
    refuseSecretFlags(argv);
    const args = parseArgs(argv, [
      ...CLUSTER_OPTIONS,
      { name: 'out', type: 'string', short: 'o' },
      { name: 'shape', type: 'string', choices: ['role', 'roles', 'bulk'] },
      { name: 'force', type: 'boolean' },
    ]);
    const shape = (stringOption(args, 'shape') ?? 'role') as RolesFileShape;
    const outDir = resolve(io.cwd, stringOption(args, 'out') ?? '.');
    const force = flagOption(args, 'force');
    const names = [...args.positionals];
    return withCluster(io, args, async ({ client, runAs }) => {
      const roles = await pullRoles(client, names.length ? names : undefined, { runAs });
      let failed = false;
      const missing = names.filter((n) => !Object.hasOwn(roles, n));
      for (const n of missing) io.stderr(`es-roles: role not found: ${n}\n`);
      if (missing.length) failed = true;
      const count = Object.keys(roles).length;
      if (count === 0) {
        io.stdout(names.length ? 'No roles pulled.\n' : 'The cluster has no roles besides the built-in ones; nothing to pull.\n');
        return failed ? EXIT_FAILED : EXIT_OK;
      }
      const files: [string, Record<string, RoleBody>][] = [];
      if (shape === 'role') {
        for (const [name, body] of Object.entries(roles)) {
          if (safeFileStem(name)) files.push([`${name}.role.json`, { [name]: body }]);
          else {
            io.stderr(`es-roles: skipped role "${name}": its name cannot be a file name; pull it with --shape roles\n`);
            failed = true;
          }
        }
      } else files.push([FILE_FOR_SHAPE[shape], roles]);

      let written = 0;
      for (const [fileName, content] of files) {
        const path = join(outDir, fileName);
        const shown = relative(io.cwd, path) || path;
        try {
          await writeFileAtomic(path, formatRolesFile(content, shape), { exclusive: !force });
          io.stdout(`wrote ${shown}\n`);
          written++;
        } catch (err) {
          if (err instanceof FileExistsError) io.stderr(`es-roles: skipped ${shown}: the file exists (pass --force to overwrite it)\n`);
          else io.stderr(`es-roles: cannot write ${shown}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
          failed = true;
        }
      }
      const fileWord = shape === 'role' ? plural(written, 'file') : `${plural(count, 'role')} in ${plural(written, 'file')}`;
      io.stdout(`Pulled ${fileWord} into ${relative(io.cwd, outDir) || '.'}\n`);
      return failed ? EXIT_FAILED : EXIT_OK;
    });
  },
};
