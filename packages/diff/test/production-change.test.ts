import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../cli/test/helpers';

/**
 * A tenancy's `production` list changes which of its environments is production (issue #15): an
 * environment called `live` becomes production (tightened) or stops being it. The estate diff sees
 * what the renderers then do differently (AWS: force-developer's assignment names the read-only
 * set; Azure: Contributor becomes a PIM eligibility) as ordinary resource changes, in both
 * directions, without failing.
 */
const SAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'estate');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-production-diff-'));

/** The sample's national settings and dorset, its environments called live and dev. */
function estate(name: string, production: boolean): string {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, 'tenancies'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLE, 'national.yaml'), path.join(dir, 'national.yaml'));
  const yaml = fs
    .readFileSync(path.join(SAMPLE, 'tenancies', 'dorset.yaml'), 'utf8')
    .replace(/^environments: \[prod, nonprod\]$/m, `environments: [live, dev]${production ? '\nproduction: [live]' : ''}`)
    .replace(/^( {4})prod:/gm, '$1live:')
    .replace(/^( {4})nonprod:/gm, '$1dev:');
  expect(yaml).not.toMatch(/\b(non)?prod\b/);
  fs.writeFileSync(path.join(dir, 'tenancies', 'dorset.yaml'), yaml);
  return dir;
}

interface Json {
  changes: { tenancy: string; cloud: string; action: string; type: string; resource: string }[];
  breaking: unknown[];
  verdict: string;
}

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const listed = estate('listed', true);
const unlisted = estate('unlisted', false);

test.each([
  ['live becomes production', listed, unlisted, 'PimRoleEligibilitySchedule', 'RoleAssignment'],
  ['live stops being production', unlisted, listed, 'RoleAssignment', 'PimRoleEligibilitySchedule'],
])(
  '%s: the diff lists the changed grants and does not fail',
  async (_, head, base, added, removed) => {
    const r = await runCli(['diff', '--estate', head, `--base=${base}`, '--force', 'dorset', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as Json;
    expect(d.breaking).toEqual([]);
    const changed = d.changes.map(
      (c) => `${c.tenancy} ${c.cloud} ${c.action} ${c.type.split(':').pop()} ${c.resource.split(/::|\//).pop()}`,
    );
    expect(changed.sort()).toEqual(
      [
        `dorset azure add ${added} dorset-live-force-developer`,
        `dorset azure remove ${removed} dorset-live-force-developer`,
        'national aws replace Assignment dorset-live-force-developer',
      ].sort(),
    );
  },
  120_000,
);
