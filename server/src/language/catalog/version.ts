/** Elasticsearch versions as `major.minor[.patch]`, compared numerically. */
export interface EsVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const VERSION_RE = /^\s*v?(\d{1,3})(?:\.(\d{1,3}))?(?:\.(\d{1,4}))?(?:[-+].*)?\s*$/;

/** Parses "8.15", "8.15.2", "9.1.0-SNAPSHOT"; undefined when it is not a version. */
export function parseVersion(text: string | undefined | null): EsVersion | undefined {
  if (typeof text !== 'string') return undefined;
  const m = VERSION_RE.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0) };
}

export function compareVersions(a: EsVersion, b: EsVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** Parsed minimum versions: the schema's and the catalog's few `since` strings, read per field and privilege. */
const minimums = new Map<string, EsVersion | null>();

/** True when `v` is at least `min` ("8.15"). */
export function atLeast(v: EsVersion, min: string): boolean {
  let m = minimums.get(min);
  if (m === undefined) {
    m = parseVersion(min) ?? null;
    if (minimums.size < 1000) minimums.set(min, m);
  }
  return m === null || compareVersions(v, m) >= 0;
}

export function formatVersion(v: EsVersion, withPatch = false): string {
  return withPatch ? `${v.major}.${v.minor}.${v.patch}` : `${v.major}.${v.minor}`;
}
