import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Estate, loadEstateOrThrow, type TenancySpec } from '@nplz/core';
import { runCli } from '../../cli/test/helpers';
import { productionRemoved } from '../src';

/**
 * A tenancy's `production` list changes which of its environments is production (issue #15): an
 * environment called `live` becomes production (tightened) or stops being it. The estate diff sees
 * what the renderers then do differently (AWS: force-developer's assignment names the read-only
 * set; Azure: Contributor becomes a PIM eligibility) as ordinary resource changes, in both
 * directions. Becoming production does not fail; stopping being it grants standing what production
 * gives only read-only or just in time, and is breaking (`production-removed`, exit 3).
 */
const SAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'estate');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-production-diff-'));

/** The sample's national settings and dorset, its environments called live and dev; live production or, said so, none. */
function estate(name: string, production: boolean): string {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, 'tenancies'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLE, 'national.yaml'), path.join(dir, 'national.yaml'));
  const yaml = fs
    .readFileSync(path.join(SAMPLE, 'tenancies', 'dorset.yaml'), 'utf8')
    .replace(/^environments: \[prod, nonprod\]$/m, `environments: [live, dev]\nproduction: [${production ? 'live' : ''}]`)
    .replace(/^( {4})prod:/gm, '$1live:')
    .replace(/^( {4})nonprod:/gm, '$1dev:');
  expect(yaml).not.toMatch(/\b(non)?prod\b/);
  fs.writeFileSync(path.join(dir, 'tenancies', 'dorset.yaml'), yaml);
  return dir;
}

interface Json {
  changes: { tenancy: string; cloud: string; action: string; type: string; resource: string }[];
  breaking: { kind: string; cloud: string; tenancy: string; resource: string; type: string; message: string }[];
  verdict: string;
}

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const listed = estate('listed', true);
const unlisted = estate('unlisted', false);

const changed = (d: Json, added: string, removed: string) => {
  expect(
    d.changes.map((c) => `${c.tenancy} ${c.cloud} ${c.action} ${c.type.split(':').pop()} ${c.resource.split(/::|\//).pop()}`).sort(),
  ).toEqual(
    [
      `dorset azure add ${added} dorset-live-force-developer`,
      `dorset azure remove ${removed} dorset-live-force-developer`,
      'national aws replace Assignment dorset-live-force-developer',
    ].sort(),
  );
};

test('live becomes production: the diff lists the changed grants and does not fail (a tightening)', async () => {
  const r = await runCli(['diff', '--estate', listed, `--base=${unlisted}`, '--force', 'dorset', '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const d = JSON.parse(r.stdout) as Json;
  expect(d.breaking).toEqual([]);
  expect(d.verdict).toBe('clean');
  changed(d, 'PimRoleEligibilitySchedule', 'RoleAssignment');
}, 120_000);

test('live stops being production: breaking on each cloud, naming the tenancy, the environment and what it grants standing', async () => {
  const r = await runCli(['diff', '--estate', unlisted, `--base=${listed}`, '--force', 'dorset', '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(3);
  const d = JSON.parse(r.stdout) as Json;
  expect(d.verdict).toBe('breaking');
  changed(d, 'RoleAssignment', 'PimRoleEligibilitySchedule');
  const spec = fs.readFileSync(path.join(unlisted, 'tenancies', 'dorset.yaml'), 'utf8');
  const id = (section: string) => new RegExp(`^  ${section}:\\n(?:    .*\\n)*?    live: "?([^"\\n]+)"?$`, 'm').exec(spec)?.[1];
  const account = id('accounts');
  const subscription = id('subscriptions');
  expect(account).toMatch(/^\d{12}$/);
  expect(subscription).toMatch(/^[0-9a-f-]{36}$/i);
  const stops = 'environment live of tenancy dorset stops being production (it is no longer listed under `production`)';
  expect(d.breaking).toEqual([
    {
      kind: 'production-removed',
      cloud: 'aws',
      tenancy: 'dorset',
      resource: 'dorset#production.live',
      type: 'environment',
      message: `${stops}: in AWS account ${account}, force-developer gets standing PowerUserAccess instead of the read-only set, and the audit no longer holds it to production's rules`,
    },
    {
      kind: 'production-removed',
      cloud: 'azure',
      tenancy: 'dorset',
      resource: 'dorset#production.live',
      type: 'environment',
      message: `${stops}: in Azure subscription ${subscription}, force-developer gets standing Contributor instead of a PIM eligibility, and the audit no longer holds it to production's rules`,
    },
  ]);
  // The terminal report lists it under Breaking changes, and its verdict is the exit code's.
  const text = await runCli(['diff', '--estate', unlisted, `--base=${listed}`, '--force', 'dorset']);
  expect(text.code).toBe(3);
  expect(text.stdout).toContain(`✖ [production-removed] dorset · aws: ${stops}`);
  expect(text.stdout).toContain(`✖ [production-removed] dorset · azure: ${stops}`);
  expect(text.stdout).toContain('Verdict: BREAKING (2 breaking changes)');
}, 240_000);

describe('productionRemoved (the spec-level rule behind production-removed)', () => {
  const load = (dir: string) => loadEstateOrThrow(dir, { now: new Date('2026-11-22T00:00:00Z') });
  const base = () => load(listed);
  const withSpec = (e: Estate, change: (s: TenancySpec) => TenancySpec): Estate => ({
    ...e,
    tenancies: e.tenancies.map((t) => (t.spec.name === 'dorset' ? { ...t, spec: change(t.spec) } : t)),
  });
  test('reported only for an environment both estates have that the base holds as production and the head does not', () => {
    expect(productionRemoved(base(), load(unlisted)).map((b) => `${b.kind} ${b.cloud} ${b.resource}`)).toEqual([
      'production-removed aws dorset#production.live',
      'production-removed azure dorset#production.live',
    ]);
    // Becoming production, no change, and the same estate are not.
    expect(productionRemoved(load(unlisted), base())).toEqual([]);
    expect(productionRemoved(base(), base())).toEqual([]);
  });
  test('a renamed environment is a new one, not a production removed; a tenancy only one estate has is not compared', () => {
    const renamed = withSpec(load(unlisted), (s) => ({ ...s, environments: ['staging', 'dev'] }));
    expect(productionRemoved(base(), renamed)).toEqual([]);
    const gone = { ...base(), tenancies: base().tenancies.filter((t) => t.spec.name !== 'dorset') };
    expect(productionRemoved(gone, load(unlisted))).toEqual([]);
    expect(productionRemoved(base(), gone)).toEqual([]);
  });
  test('an environment named as production never stops being it, whatever the list says', () => {
    const prod = (e: Estate, production: string[]) =>
      withSpec(e, (s) => ({
        ...s,
        environments: ['prod', 'dev'],
        production,
        aws: { ...s.aws!, accounts: { prod: s.aws!.accounts.live!, dev: s.aws!.accounts.dev! } },
      }));
    // dev, listed and then not, stops being production on both clouds; prod stays it though no list names it.
    expect(productionRemoved(prod(base(), ['dev']), prod(base(), [])).map((b) => `${b.cloud} ${b.resource}`)).toEqual([
      'aws dorset#production.dev',
      'azure dorset#production.dev',
    ]);
    expect(productionRemoved(prod(base(), ['prod']), prod(base(), []))).toEqual([]);
  });
});
