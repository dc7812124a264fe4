import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The force's own CDK app synthesises offline with the real CDK CLI (`npx cdk synth`), as a force
 * platform engineer runs it. `pnpm test` builds dist/ first (tsc -b).
 */
const here = path.join(__dirname, '..');

test('npx cdk synth works offline and keeps the force asset retained and encrypted with its key', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-force-aws-'));
  const cdk = require.resolve('aws-cdk/bin/cdk', { paths: [here] });
  const r = spawnSync(process.execPath, [cdk, 'synth', '--quiet', '--no-notices', '--output', out], {
    cwd: here,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
  });
  expect(r.stderr).not.toMatch(/Error/);
  expect(r.status).toBe(0);
  const templates = fs
    .readdirSync(out)
    .filter((f) => f.endsWith('.template.json'))
    .sort();
  expect(templates).toEqual(['Force-kent-nonprod.template.json', 'Force-kent-prod.template.json']);
  const prod = JSON.parse(fs.readFileSync(path.join(out, 'Force-kent-prod.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; DeletionPolicy?: string; Properties: Record<string, unknown> }>;
  };
  const table = Object.values(prod.Resources).find((x) => x.Type === 'AWS::DynamoDB::Table')!;
  expect(table.DeletionPolicy).toBe('Retain');
  expect(table.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
}, 120_000);
