import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { cliPackageDir, installedPackages, npmPurl, renderSbom, SUPPLY_CHAIN_FILES, writeSupplyChain } from '../src/sbom';

// The CycloneDX JSON schema as the CycloneDX project ships it (devDependency @cyclonedx/cyclonedx-library),
// evaluated by ajv (the one ajv-formats is installed against).
const SCHEMA_DIR = path.join(path.dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
interface Validator {
  (data: unknown): boolean;
  errors?: { instancePath: string; message?: string }[] | null;
}
function cycloneDxValidator(): Validator {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require(require.resolve('ajv', { paths: [path.dirname(require.resolve('ajv-formats'))] })) as {
    default: new (o: object) => { addSchema(s: object, key?: string): void; compile(s: object): Validator };
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const addFormats = require('ajv-formats') as { default: (ajv: unknown) => void };
  const ajv = new Ajv.default({ strict: false, allErrors: true }) as unknown as {
    addSchema(s: object, key?: string): void;
    addFormat(name: string, f: () => boolean): void;
    compile(s: object): Validator;
  };
  addFormats.default(ajv);
  // ajv-formats has no IRI or internationalised-email validator; the SBOM writes neither field (url, email).
  for (const f of ['iri-reference', 'idn-email']) ajv.addFormat(f, () => true);
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8')) as Record<string, unknown>;
  // The bom schema refers to these by their SNAPSHOT file names.
  for (const f of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json'])
    ajv.addSchema({ ...read(f), $id: `http://cyclonedx.org/schema/${f}` });
  return ajv.compile(read('bom-1.5.SNAPSHOT.schema.json'));
}

const validate = cycloneDxValidator();
const { sbom, versions } = renderSbom();
type Component = { name: string; group?: string; version: string; purl: string };
const components = sbom.components as Component[];
const fullName = (c: Component) => (c.group ? `${c.group}/${c.name}` : c.name);

describe('the SBOM of the packages that render a synth output', () => {
  test('is valid CycloneDX 1.5 JSON', () => {
    const ok = validate(sbom);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(sbom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1 });
  });

  test('the schema check can fail', () => {
    // A few of the real components (the schema's uniqueItems compares every pair of them): valid as
    // they are, so the wrong bomFormat alone is what fails.
    const few = { ...sbom, components: components.slice(0, 20) };
    expect(validate(few)).toBe(true);
    expect(validate({ ...few, bomFormat: 'cyclonedx' })).toBe(false);
    expect(validate({ ...sbom, components: [{ type: 'library', version: '1.0.0' }] })).toBe(false); // no name
  });

  test('records the versions the lockfile resolved for the CLI (an independent record of what is installed)', () => {
    const lock = YAML.parse(fs.readFileSync(path.join(__dirname, '../../../pnpm-lock.yaml'), 'utf8')) as {
      importers: Record<string, { dependencies: Record<string, { version: string }> }>;
    };
    const resolved = (name: string) => lock.importers['packages/cli']!.dependencies[name]!.version.replace(/\(.*$/, '');
    for (const name of ['aws-cdk-lib', 'constructs', 'cdk-nag', '@pulumi/pulumi', '@pulumi/azure-native']) {
      expect(versions[name]).toBe(resolved(name));
      expect(components.filter((c) => fullName(c) === name).map((c) => c.version)).toContain(resolved(name));
    }
    const cli = JSON.parse(fs.readFileSync(path.join(cliPackageDir(), 'package.json'), 'utf8')) as { version: string };
    expect(versions.nplz).toBe(cli.version);
    // Beyond the direct dependencies: what they pull in (constructs' and Pulumi's own dependencies).
    expect(components.length).toBeGreaterThan(100);
    expect(components.some((c) => fullName(c) === '@grpc/grpc-js')).toBe(true);
  });

  test('the same install gives the same bytes: no timestamp, a serial number from the content', () => {
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-sbom-'));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-sbom-'));
    try {
      writeSupplyChain(a);
      writeSupplyChain(b);
      // As strings (latin1 keeps each byte as one character): jest compares Buffers element by element, slowly.
      const bytes = (dir: string, f: string) => fs.readFileSync(path.join(dir, f), 'latin1');
      for (const f of Object.values(SUPPLY_CHAIN_FILES)) expect(bytes(a, f)).toBe(bytes(b, f));
      const written = JSON.parse(fs.readFileSync(path.join(a, SUPPLY_CHAIN_FILES.sbom), 'utf8')) as {
        metadata: object;
        serialNumber: string;
      };
      expect(written.metadata).not.toHaveProperty('timestamp');
      expect(written.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      fs.rmSync(a, { recursive: true, force: true });
      fs.rmSync(b, { recursive: true, force: true });
    }
  });
});

describe('walking the installed packages', () => {
  /** A package folder with a package.json. */
  function pkg(dir: string, json: object): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(json));
  }

  test('follows dependencies as Node resolves them: nested first, then upwards; scopes encoded; cycles end', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-walk-'));
    try {
      pkg(root, { name: 'app', version: '1.0.0', dependencies: { a: '^1', '@s/b': '^2' }, devDependencies: { dev: '1' } });
      pkg(path.join(root, 'node_modules', 'a'), { name: 'a', version: '1.2.3', license: 'MIT', dependencies: { c: '1' } });
      pkg(path.join(root, 'node_modules', 'a', 'node_modules', 'c'), { name: 'c', version: '1.0.0', dependencies: { a: '1' } }); // nested
      pkg(path.join(root, 'node_modules', 'c'), { name: 'c', version: '9.9.9' }); // hoisted, not a's
      pkg(path.join(root, 'node_modules', '@s', 'b'), { name: '@s/b', version: '2.0.0', optionalDependencies: { missing: '1' } });
      pkg(path.join(root, 'node_modules', 'dev'), { name: 'dev', version: '1.0.0' });
      const found = installedPackages(root);
      expect([...found.keys()].sort()).toEqual(['pkg:npm/%40s/b@2.0.0', 'pkg:npm/a@1.2.3', 'pkg:npm/app@1.0.0', 'pkg:npm/c@1.0.0']);
      expect(found.get('pkg:npm/a@1.2.3')).toMatchObject({ license: 'MIT', dependsOn: ['pkg:npm/c@1.0.0'] });
      expect(found.get('pkg:npm/c@1.0.0')!.dependsOn).toEqual(['pkg:npm/a@1.2.3']);
      expect(found.get('pkg:npm/app@1.0.0')!.dependsOn).toEqual(['pkg:npm/%40s/b@2.0.0', 'pkg:npm/a@1.2.3']);
      const { sbom: small } = renderSbom(root);
      expect(validate(small)).toBe(true);
      expect(small.components).toContainEqual(expect.objectContaining({ group: '@s', name: 'b', purl: npmPurl('@s/b', '2.0.0') }));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
