import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installedPackageVersion } from '@nplz/core';

describe('installedPackageVersion', () => {
  let dir: string;
  beforeAll(() => {
    // node_modules/pkg (1.2.3) with its entry deep inside, and a nested package.json of another
    // name on the way up (as packages ship `dist/esm/package.json` with only a `type`).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-pkgver-'));
    const pkg = path.join(dir, 'node_modules', 'pkg');
    fs.mkdirSync(path.join(pkg, 'dist', 'cjs'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'pkg', version: '1.2.3' }));
    fs.writeFileSync(path.join(pkg, 'dist', 'package.json'), JSON.stringify({ type: 'commonjs' }));
    fs.writeFileSync(path.join(pkg, 'dist', 'cjs', 'index.js'), '');
    fs.mkdirSync(path.join(dir, 'node_modules', 'unnamed'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'unnamed', 'index.js'), '');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads the version from the package.json that names the package, past one that does not', () => {
    expect(installedPackageVersion('pkg', path.join(dir, 'node_modules', 'pkg', 'dist', 'cjs', 'index.js'))).toBe('pkg@1.2.3');
  });

  test('a package the caller could not resolve is absent; one no package.json names is unknown', () => {
    expect(installedPackageVersion('pkg', undefined)).toBe('pkg@absent');
    expect(installedPackageVersion('unnamed', path.join(dir, 'node_modules', 'unnamed', 'index.js'))).toBe('unnamed@?');
  });

  test('a real installed package: this workspace resolves its own zod', () => {
    const main = require.resolve('zod', { paths: [path.join(__dirname, '..')] });
    const version = (
      JSON.parse(fs.readFileSync(path.join(main.slice(0, main.lastIndexOf('zod') + 3), 'package.json'), 'utf8')) as { version: string }
    ).version;
    expect(installedPackageVersion('zod', main)).toBe(`zod@${version}`);
  });
});
