import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * NPLZ's own supply chain, recorded in every synth output: the exact versions of the packages
 * that rendered it (`versions.json`) and a CycloneDX 1.5 SBOM of all of them (`sbom.cdx.json`),
 * found by walking the installed packages from the CLI's package.json at run time: each
 * dependency resolved the way Node resolves it (the nearest node_modules upwards, through pnpm's
 * links), then its own dependencies, to the end. No timestamp: the same install gives the same bytes.
 */

export const SUPPLY_CHAIN_FILES = { sbom: 'sbom.cdx.json', versions: 'versions.json' } as const;

/** The packages whose versions `versions.json` names: the tool and the engines it drives. */
export const KEY_PACKAGES = ['@nplz/cli', 'aws-cdk-lib', 'constructs', 'cdk-nag', '@pulumi/pulumi', '@pulumi/azure-native'] as const;

interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly license?: unknown;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly bundleDependencies?: unknown;
  readonly bundledDependencies?: unknown;
}

/** One installed package. */
export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  /** Real path of the package folder. */
  readonly dir: string;
  /** purls of the packages it depends on (as installed). */
  readonly dependsOn: readonly string[];
}

function readPackageJson(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** The folder `name` resolves to from `fromDir`, as Node finds it: `node_modules/<name>` in it or a parent. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let d = fromDir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate);
    if (path.dirname(d) === d) return undefined;
  }
}

/** The package URL of an npm package (purl-spec: a scope's `@` is percent-encoded). */
export function npmPurl(name: string, version: string): string {
  return `pkg:npm/${name.startsWith('@') ? `%40${name.slice(1)}` : name}@${version}`;
}

/**
 * Every package installed for `rootDir`'s package.json: its dependencies, optional dependencies
 * (when installed) and peer dependencies (when resolvable), and theirs, to the end. Keyed by purl.
 */
export function installedPackages(rootDir: string): Map<string, InstalledPackage> {
  const out = new Map<string, InstalledPackage>();
  const seenDirs = new Map<string, string>(); // real dir → purl
  const visit = (dir: string): string | undefined => {
    const known = seenDirs.get(dir);
    if (known) return known;
    const pkg = readPackageJson(dir);
    if (!pkg?.name || !pkg.version) return undefined;
    const purl = npmPurl(pkg.name, pkg.version);
    seenDirs.set(dir, purl);
    const names = new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.optionalDependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
    ]);
    const deps = new Set<string>();
    // Registered before its dependencies are walked, so a cycle ends here.
    const entry: InstalledPackage = {
      name: pkg.name,
      version: pkg.version,
      ...(typeof pkg.license === 'string' && pkg.license.trim() ? { license: pkg.license.trim() } : {}),
      dir,
      dependsOn: [],
    };
    if (!out.has(purl)) out.set(purl, entry);
    for (const name of [...names].sort()) {
      const depDir = resolvePackageDir(name, dir);
      const depPurl = depDir ? visit(depDir) : undefined;
      if (depPurl && depPurl !== purl) deps.add(depPurl);
    }
    const current = out.get(purl);
    if (current) out.set(purl, { ...current, dependsOn: [...new Set([...current.dependsOn, ...deps])].sort() });
    return purl;
  };
  visit(fs.realpathSync(rootDir));
  return out;
}

/** The CLI package folder (this file is `<cli>/dist/sbom.js` or `<cli>/src/sbom.ts`). */
export function cliPackageDir(): string {
  return path.resolve(__dirname, '..');
}

/** Exact versions of {@link KEY_PACKAGES}, as installed for the CLI. */
export function keyVersions(packages: ReadonlyMap<string, InstalledPackage>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEY_PACKAGES) {
    const found = [...packages.values()].filter((p) => p.name === name).map((p) => p.version);
    out[name === '@nplz/cli' ? 'nplz' : name] = found.length ? [...new Set(found)].sort().join(', ') : 'not installed';
  }
  return out;
}

/** A UUID (RFC 9562 version 8, name-based) derived from the content, so the serial number is stable. */
function contentUuid(text: string): string {
  const h = createHash('sha256').update(text).digest();
  h.writeUInt8((h.readUInt8(6) & 0x0f) | 0x80, 6);
  h.writeUInt8((h.readUInt8(8) & 0x3f) | 0x80, 8);
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

function component(p: InstalledPackage): Record<string, unknown> {
  const purl = npmPurl(p.name, p.version);
  const scoped = p.name.startsWith('@') && p.name.includes('/');
  return {
    type: 'library',
    'bom-ref': purl,
    ...(scoped ? { group: p.name.slice(0, p.name.indexOf('/')), name: p.name.slice(p.name.indexOf('/') + 1) } : { name: p.name }),
    version: p.version,
    purl,
    ...(p.license ? { licenses: [{ expression: p.license }] } : {}),
  };
}

/** The CycloneDX 1.5 JSON SBOM of the packages installed for `rootDir` (default: the CLI). */
export function renderSbom(rootDir: string = cliPackageDir()): { sbom: Record<string, unknown>; versions: Record<string, string> } {
  const packages = installedPackages(rootDir);
  const rootPkg = readPackageJson(fs.realpathSync(rootDir));
  const rootPurl = npmPurl(rootPkg?.name ?? 'unknown', rootPkg?.version ?? '0.0.0');
  const root = packages.get(rootPurl);
  const others = [...packages.entries()].filter(([purl]) => purl !== rootPurl).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body = {
    metadata: {
      tools: { components: [{ type: 'application', name: 'nplz', version: rootPkg?.version ?? 'unknown' }] },
      ...(root ? { component: { ...component(root), type: 'application' } } : {}),
    },
    components: others.map(([, p]) => component(p)),
    dependencies: [...(root ? [[rootPurl, root] as const] : []), ...others].map(([purl, p]) => ({ ref: purl, dependsOn: p.dependsOn })),
  };
  const sbom = {
    $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${contentUuid(JSON.stringify(body))}`,
    version: 1,
    ...body,
  };
  return { sbom, versions: keyVersions(packages) };
}

/** Writes `sbom.cdx.json` and `versions.json` into a synth output folder. */
export function writeSupplyChain(dir: string, rootDir: string = cliPackageDir()): void {
  const { sbom, versions } = renderSbom(rootDir);
  fs.writeFileSync(path.join(dir, SUPPLY_CHAIN_FILES.sbom), `${JSON.stringify(sbom, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, SUPPLY_CHAIN_FILES.versions), `${JSON.stringify(versions, null, 2)}\n`);
}
