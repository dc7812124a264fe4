import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `<name>@<version>` of the installed package whose entry point is `main`, read from the nearest
 * `package.json` above it that names the package (an entry point may sit deep inside its package).
 * `<name>@absent` when `main` is undefined (the caller could not resolve the package), `<name>@?`
 * when no `package.json` on the way up names it.
 *
 * For cache salts: an entry written by one version of a package must not answer for another. The
 * caller resolves `main` itself (`require.resolve(name)` from its own module), since under pnpm a
 * package resolves only from the packages that depend on it.
 */
export function installedPackageVersion(name: string, main: string | undefined): string {
  if (main === undefined) return `${name}@absent`;
  for (let dir = path.dirname(main); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === name) return `${name}@${pkg.version ?? '?'}`;
  }
  return `${name}@?`;
}

/**
 * {@link installedPackageVersion} of `name` as the caller's `resolve` (its own `require.resolve`)
 * finds it, `<name>@absent` when it cannot.
 */
export function resolvedPackageVersion(name: string, resolve: (id: string) => string): string {
  let main: string | undefined;
  try {
    main = resolve(name);
  } catch {
    main = undefined;
  }
  return installedPackageVersion(name, main);
}

/** The SHA-256 of every compiled module of the package folder holding `dir` (files ending in `ext`, declaration files aside), in path order. */
export function codeDigest(dir: string, ext: string): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (f.name.endsWith(ext) && !f.name.endsWith(`.d${ext}`)) files.push(p);
    }
  };
  walk(dir);
  const h = createHash('sha256');
  for (const f of files.sort()) h.update(path.relative(dir, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return h.digest('hex');
}

/** {@link codeDigest} of this package (`@nplz/core`: its baselines, contract and schemas), for the cache salts of the packages that read them. Read once per process. */
export function coreCodeDigest(): string {
  return (coreDigest ??= codeDigest(__dirname, path.extname(__filename)));
}
let coreDigest: string | undefined;
