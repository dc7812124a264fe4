import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * What every workspace package must be to publish, and the one-way dependency rule between the
 * renderers (@nplz/aws, @nplz/azure) and the checkers. Pure file reads: no build, no install.
 * The packed tarballs themselves are checked by publint and attw in .ci/run.
 */
const ROOT = path.join(__dirname, '..');
const PACKAGES_DIR = path.join(ROOT, 'packages');
const PACKAGES = fs
  .readdirSync(PACKAGES_DIR)
  .filter((d) => fs.existsSync(path.join(PACKAGES_DIR, d, 'package.json')))
  .sort();
const RENDERERS = ['@nplz/aws', '@nplz/azure'];
const CHECKERS = ['@nplz/policy', '@nplz/report', '@nplz/diff'];

type Exports = Record<string, string | Record<string, string>>;
interface PackageJson {
  name: string;
  version: string;
  license?: string;
  main?: string;
  types?: string;
  exports?: Exports;
  typesVersions?: Record<string, Record<string, string[]>>;
  files?: string[];
  engines?: { node?: string };
  repository?: { type?: string; url?: string; directory?: string };
  publishConfig?: { access?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8'));
const manifest = (dir: string) => readJson<PackageJson>(path.join(PACKAGES_DIR, dir, 'package.json'));

function filesUnder(dir: string, ext: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, ext) : ext.test(e.name) ? [full] : [];
  });
}

/** Module specifiers of static and dynamic imports, re-exports and requires. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]!);
  return found;
}

test('the workspace has the seven packages', () => {
  expect(PACKAGES).toEqual(expect.arrayContaining(['aws', 'azure', 'cli', 'core', 'diff', 'policy', 'report']));
});

describe.each(PACKAGES)('packages/%s', (dir) => {
  const pkgDir = path.join(PACKAGES_DIR, dir);
  const pkg = manifest(dir);

  test('has README.md and the Apache-2.0 LICENSE it declares', () => {
    expect(fs.existsSync(path.join(pkgDir, 'README.md'))).toBe(true);
    expect(pkg.license).toBe('Apache-2.0');
    const license = fs.readFileSync(path.join(pkgDir, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    expect(license).toContain('Copyright 2026 NPLZ contributors');
  });

  test('has an exports map whose root entry is main/types, and exposes nothing private', () => {
    const exp = pkg.exports!;
    expect(exp).toBeDefined();
    expect(exp['.']).toEqual({ types: `./${pkg.types}`, require: `./${pkg.main}`, default: `./${pkg.main}` });
    expect(exp['./package.json']).toBe('./package.json');
    for (const [subpath, target] of Object.entries(exp)) {
      const targets = typeof target === 'string' ? [target] : Object.values(target);
      // A subpath names what users import; it never mirrors the build layout.
      expect(subpath).not.toMatch(/(^|\/)(dist|src|private)(\/|$)/);
      for (const t of targets) expect(t).not.toMatch(/(^|\/)private(\/|$)/);
      if (typeof target !== 'string') expect(Object.keys(target)[0]).toBe('types');
    }
  });

  test('gives every typed subpath its types under node10 resolution too (typesVersions)', () => {
    // TypeScript's node10 resolution (a policy pack's tsconfig from Pulumi's templates) ignores
    // `exports`: `main`/`types` serve the root, typesVersions the subpaths. attw checks it on the tarball.
    const typed = Object.entries(pkg.exports ?? {}).filter(([subpath, t]) => subpath !== '.' && typeof t !== 'string');
    const expected = Object.fromEntries(typed.map(([subpath, t]) => [subpath.slice(2), [(t as Record<string, string>).types]]));
    expect(pkg.typesVersions?.['*'] ?? {}).toEqual(expected);
  });

  test('ships dist with the sources its maps point at, and what else users need', () => {
    // tsconfig.base.json emits source and declaration maps whose `sources` are ../src/*.ts.
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'src', 'LICENSE', 'README.md']));
    for (const f of pkg.files!.filter((f) => f !== 'dist')) expect(fs.existsSync(path.join(pkgDir, f))).toBe(true);
  });

  test('says where it comes from, which Node it needs, and publishes publicly', () => {
    expect(pkg.repository).toEqual(expect.objectContaining({ type: 'git', directory: `packages/${dir}` }));
    expect(pkg.repository!.url).toMatch(/^git\+https:\/\//);
    expect(pkg.engines?.node).toBe('>=20');
    expect(pkg.publishConfig?.access).toBe('public');
  });

  test("imports no other package's private/, dist/ or src/ path", () => {
    const offending: string[] = [];
    for (const file of filesUnder(path.join(pkgDir, 'src'), /\.[cm]?[jt]sx?$/)) {
      for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
        const where = `${path.relative(ROOT, file)}: '${spec}'`;
        const deep = /^(@nplz\/[^/]+)\/(.+)$/.exec(spec);
        if (deep && deep[1] !== pkg.name && /(^|\/)(private|dist|src)(\/|$)/.test(deep[2]!)) offending.push(where);
        // A relative path out of the package is another package's files, whatever it names.
        if (spec.startsWith('.') && path.relative(pkgDir, path.resolve(path.dirname(file), spec)).startsWith('..')) offending.push(where);
      }
    }
    expect(offending).toEqual([]);
  });
});

describe.each(CHECKERS)('%s, a checking package', (name) => {
  test('depends on no renderer (@nplz/aws, @nplz/azure)', () => {
    const dir = PACKAGES.find((d) => manifest(d).name === name);
    expect(dir).toBeDefined();
    const pkg = manifest(dir!);
    const deps = [pkg.dependencies, pkg.peerDependencies, pkg.optionalDependencies, pkg.devDependencies].flatMap((d) =>
      Object.keys(d ?? {}),
    );
    expect(deps.filter((d) => RENDERERS.includes(d))).toEqual([]);
  });
});

test("the Azure policy pack's version is @nplz/policy's (Pulumi refuses a pack without one)", () => {
  const pack = readJson<{ version?: string }>(path.join(PACKAGES_DIR, 'policy', 'pack', 'package.json'));
  expect(pack.version).toBe(manifest('policy').version);
});

test('the files that `nplz init` scaffolds point into node_modules are published', () => {
  const refs = new Set<string>();
  for (const file of filesUnder(path.join(PACKAGES_DIR, 'cli', 'src'), /\.ts$/)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/node_modules\/(@nplz\/[a-z-]+)\/([\w./-]+)/g)) refs.add(`${m[1]} ${m[2]}`);
  }
  expect(refs.size).toBeGreaterThan(0);
  for (const ref of refs) {
    const [name, file] = ref.split(' ') as [string, string];
    const dir = PACKAGES.find((d) => manifest(d).name === name)!;
    expect({ ref, exists: fs.existsSync(path.join(PACKAGES_DIR, dir, file)) }).toEqual({ ref, exists: true });
    expect({ ref, shipped: manifest(dir).files!.includes(file.split('/')[0]!) }).toEqual({ ref, shipped: true });
  }
});
