import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The first half of a release, `pnpm changeset version`, run by changesets itself on a copy of the
 * workspace's manifests and pending changesets (never on the working tree): every package of the
 * `fixed` group, the Azure policy pack included, moves to one new version, and each public package
 * gets its CHANGELOG. The second half, `pnpm changeset publish`, runs in registry.test.ts against a
 * real registry.
 */
const ROOT = path.join(__dirname, '..', '..');

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
}
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
const workspacePackages = (root: string): string[] =>
  [
    ...fs.readdirSync(path.join(root, 'packages')).map((d) => path.join('packages', d)),
    path.join('packages', 'policy', 'pack'),
    ...fs.readdirSync(path.join(root, 'examples')).map((d) => path.join('examples', d)),
  ].filter((d) => fs.existsSync(path.join(root, d, 'package.json')));

function copyWorkspace(to: string): void {
  for (const f of ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml']) fs.copyFileSync(path.join(ROOT, f), path.join(to, f));
  fs.cpSync(path.join(ROOT, '.changeset'), path.join(to, '.changeset'), { recursive: true });
  for (const dir of workspacePackages(ROOT)) {
    fs.mkdirSync(path.join(to, dir), { recursive: true });
    fs.copyFileSync(path.join(ROOT, dir, 'package.json'), path.join(to, dir, 'package.json'));
  }
  // The changelog generator the config names is resolved from the copy.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(to, 'node_modules'));
  // One patch changeset, so that there is something to version even right after a release.
  fs.writeFileSync(path.join(to, '.changeset', 'registry-test-patch.md'), "---\n'@nplz/core': patch\n---\n\nA patch.\n");
}

const gt = (a: string, b: string) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return x![i]! > y![i]!;
  return false;
};

test('`changeset version` moves the whole fixed group, the policy pack included, to one new version', () => {
  const config = readJson<{ fixed: string[][]; access: string }>(path.join(ROOT, '.changeset', 'config.json'));
  expect(config.access).toBe('public');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-changeset-'));
  try {
    copyWorkspace(tmp);
    const before = new Map(workspacePackages(tmp).map((d) => [d, readJson<Manifest>(path.join(tmp, d, 'package.json'))]));
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@changesets', 'cli', 'bin.js'), 'version'], {
      cwd: tmp,
      stdio: 'pipe',
      env: { ...process.env, CI: 'true' },
    });
    const after = new Map(workspacePackages(tmp).map((d) => [d, readJson<Manifest>(path.join(tmp, d, 'package.json'))]));
    const released = [...after.entries()].filter(([, m]) => !m.name.startsWith('@nplz/example-'));
    // Every package in packages/ (and the pack) is in the one fixed group.
    expect(config.fixed).toEqual([expect.arrayContaining(released.map(([, m]) => m.name))]);
    const versions = new Set(released.map(([, m]) => m.version));
    expect(versions.size).toBe(1);
    const [version] = [...versions];
    expect(gt(version!, before.get(path.join('packages', 'core'))!.version)).toBe(true);
    for (const [dir, m] of released) {
      if (!m.private) expect({ dir, changelog: fs.existsSync(path.join(tmp, dir, 'CHANGELOG.md')) }).toEqual({ dir, changelog: true });
      // workspace:^ stays: pnpm turns it into ^<version> when it packs.
      for (const [dep, range] of Object.entries(m.dependencies ?? {})) if (dep.startsWith('@nplz/')) expect(range).toBe('workspace:^');
    }
    expect(fs.readdirSync(path.join(tmp, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md')).toEqual([]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
