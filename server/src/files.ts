/** Which files are role files, for the editor (json/jsonc documents) and the CLI's directory walk. */

/** Files that are role files by their name alone (the `elasticsearch-role` language). */
export const ROLE_FILE_NAME_GLOBS: readonly string[] = [
  '**/*.role.json',
  '**/*.roles.json',
  '**/*.apikey.json',
  '**/*.role.jsonc',
  '**/*.roles.jsonc',
  '**/*.apikey.jsonc',
  '**/*.has_privileges.json',
];

/** Default of `elasticsearchRoles.files`: plain JSON files treated as role files. */
export const DEFAULT_FILE_GLOBS: readonly string[] = ['**/roles/**/*.json', '**/security/roles/**/*.json'];

/** Folders the CLI never walks into. */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out']);
