import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEstateOrThrow, NplzError, PLAN_FORMAT } from '@nplz/core';
import { auditEstate } from '@nplz/policy';
import { runCli } from '../packages/cli/test/helpers';
import { BASE, expectRefused, snapshot } from './bad-input/harness';

/**
 * The audit refuses a synth output that is less than, or other than, the estate it was synthesised
 * from (issue #10): a cloud the estate declares with no output, a tenancy environment's stack or plan
 * resources missing, a template gone, a stack or resources of a tenancy the estate does not hold.
 * Each is exit 2 with a message naming what is missing, and no report is written. The unedited
 * output audits (so each case fails for its own defect).
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-audit-input-'));
const synth = path.join(work, 'synth');

beforeAll(async () => {
  process.env.NPLZ_TODAY = '2026-11-22';
  const r = await runCli(['synth', '--estate', BASE, '--out', synth]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, 300_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A copy of the synth output, edited. */
function edited(name: string, edit: (dir: string) => void): string {
  const dir = path.join(work, name);
  fs.cpSync(synth, dir, { recursive: true });
  edit(dir);
  return dir;
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file: string, v: unknown) => fs.writeFileSync(file, JSON.stringify(v));
const planFile = (dir: string) => path.join(dir, 'azure', 'plan.json');
const manifestFile = (dir: string) => path.join(dir, 'aws', 'manifest.json');

/** Audit `dir`: the output and its parent folder are unchanged and no report folder appears. */
async function audit(dir: string) {
  const report = path.join(work, `${path.basename(dir)}-report`);
  const before = snapshot(dir);
  const r = await runCli(['audit', '--in', dir, '--report', report]);
  expect(snapshot(dir)).toEqual(before);
  return { r, reportWritten: fs.existsSync(report) };
}

test('the unedited output audits, so each case below fails for its own defect', async () => {
  const { r, reportWritten } = await audit(edited('unedited', () => {}));
  expect(r.stderr).toBe('');
  expect([0, 1]).toContain(r.code);
  expect(reportWritten).toBe(true);
});

const CASES: readonly { name: string; edit: (dir: string) => void; expect: (string | RegExp)[] }[] = [
  {
    name: 'no aws/ folder',
    edit: (d) => fs.rmSync(path.join(d, 'aws'), { recursive: true }),
    expect: ['the aws output is missing (the estate uses aws)'],
  },
  {
    name: 'no azure/plan.json',
    edit: (d) => fs.rmSync(planFile(d)),
    expect: ['the azure output is missing (the estate uses azure)'],
  },
  {
    name: 'one force environment’s template deleted',
    edit: (d) => fs.rmSync(path.join(d, 'aws', 'Force-dorset-prod.template.json')),
    expect: ['Force-dorset-prod.template.json', 'the template of stack Force-dorset-prod is missing'],
  },
  {
    name: 'one force environment’s template truncated',
    edit: (d) => {
      const f = path.join(d, 'aws', 'Force-dorset-nonprod.template.json');
      fs.writeFileSync(f, fs.readFileSync(f, 'utf8').slice(0, 1000));
    },
    expect: ['the template of stack Force-dorset-nonprod is not valid JSON'],
  },
  {
    name: 'one force environment’s stack taken out of the manifest',
    edit: (d) => {
      const m = readJson(manifestFile(d));
      delete m.artifacts['Force-dorset-prod'];
      writeJson(manifestFile(d), m);
    },
    expect: ['tenancy dorset declares environment prod on AWS, but the cloud assembly has no stack Force-dorset-prod'],
  },
  {
    name: 'a stack of a tenancy the estate does not hold',
    edit: (d) => {
      const m = readJson(manifestFile(d));
      const copy = structuredClone(m.artifacts['Force-dorset-prod']);
      copy.properties.tags['nplz:tenancy'] = 'durham';
      m.artifacts['Force-durham-prod'] = copy;
      writeJson(manifestFile(d), m);
    },
    expect: ['stack Force-durham-prod (tenancy durham/prod) is not a tenancy environment of the estate'],
  },
  {
    name: 'a tenancy stack tagged as another environment',
    edit: (d) => {
      const m = readJson(manifestFile(d));
      m.artifacts['Force-dorset-prod'].properties.tags['nplz:environment'] = 'nonprod';
      writeJson(manifestFile(d), m);
    },
    expect: ['stack Force-dorset-prod is tagged as dorset/nonprod'],
  },
  {
    name: 'one tenancy’s identity stack taken out of the manifest',
    edit: (d) => {
      const m = readJson(manifestFile(d));
      delete m.artifacts['Nplz-Identity-dorset'];
      writeJson(manifestFile(d), m);
    },
    expect: ['tenancy dorset uses AWS, but the cloud assembly has no stack Nplz-Identity-dorset with its Identity Center assignments'],
  },
  {
    name: 'an identity stack of a tenancy the estate does not hold',
    edit: (d) => {
      const m = readJson(manifestFile(d));
      m.artifacts['Nplz-Identity-durham'] = structuredClone(m.artifacts['Nplz-Identity-dorset']);
      writeJson(manifestFile(d), m);
    },
    expect: [
      'stack Nplz-Identity-durham holds the Identity Center assignments of tenancy durham, which the estate the output was synthesised from (estate.json) does not declare on AWS',
    ],
  },
  {
    name: 'a tenancy’s identity stack tagged as the tenancy’s own',
    edit: (d) => {
      const m = readJson(manifestFile(d));
      m.artifacts['Nplz-Identity-dorset'].properties.tags['nplz:tenancy'] = 'dorset';
      writeJson(manifestFile(d), m);
    },
    expect: [
      "stack Nplz-Identity-dorset (tenancy dorset's Identity Center assignments, in the management account) is not tagged as a national stack",
    ],
  },
  {
    name: 'every national stack taken out of the manifest',
    edit: (d) => {
      const m = readJson(manifestFile(d));
      for (const [id, a] of Object.entries<{ type: string }>(m.artifacts))
        if (a.type === 'aws:cloudformation:stack' && !id.startsWith('Force-')) delete m.artifacts[id];
      // The tenancy stacks depend on the national ones: drop those links, as a careful pruning would.
      for (const a of Object.values<{ dependencies?: string[] }>(m.artifacts))
        if (a.dependencies) a.dependencies = a.dependencies.filter((x) => x in m.artifacts);
      writeJson(manifestFile(d), m);
    },
    expect: ['the cloud assembly holds none of its stacks'],
  },
  {
    name: 'one tenancy environment’s resources removed from the plan',
    edit: (d) => {
      const p = readJson(planFile(d));
      writeJson(planFile(d), { ...p, resources: p.resources.filter((r: { environment?: string }) => r.environment !== 'nonprod') });
    },
    expect: ['tenancy dorset declares environment nonprod on Azure, but the plan holds no landing zone for it'],
  },
  {
    name: 'the plan holds resources of another tenancy',
    edit: (d) => {
      const p = readJson(planFile(d));
      const stray = p.resources
        .filter((r: { tenancy?: string; environment?: string }) => r.tenancy === 'dorset' && r.environment === 'prod')
        .slice(0, 3)
        .map((r: { urn: string }) => ({ ...r, urn: `${r.urn}-durham`, tenancy: 'durham' }));
      writeJson(planFile(d), { ...p, resources: [...p.resources, ...stray] });
    },
    expect: ['the plan holds resources of durham/prod, which is not a tenancy environment of the estate'],
  },
  {
    name: 'the plan without the national platform',
    edit: (d) => {
      const p = readJson(planFile(d));
      writeJson(planFile(d), { ...p, format: PLAN_FORMAT, resources: p.resources.filter((r: { tenancy?: string }) => r.tenancy) });
    },
    expect: ['the national settings declare the national platform on Azure, but the plan does not hold it'],
  },
];

test.each(CASES.map((c) => [c.name, c] as const))('%s: exit 2, no report', async (_name, c) => {
  const { r, reportWritten } = await audit(edited(c.name.replace(/\W+/g, '-'), c.edit));
  expectRefused(r, c.expect);
  expect(reportWritten).toBe(false);
});

test('auditEstate itself refuses a declared cloud with no output, not only the CLI', async () => {
  const now = new Date('2026-11-22T00:00:00Z');
  const estate = loadEstateOrThrow(BASE, { now });
  const call = (files: { awsAssemblyDir?: string; azurePlanFile?: string }) => auditEstate({ estate, ...files, now, version: 'test' });
  await expect(call({ awsAssemblyDir: path.join(synth, 'aws') })).rejects.toThrow(NplzError);
  await expect(call({ awsAssemblyDir: path.join(synth, 'aws') })).rejects.toMatchObject({
    problems: [expect.objectContaining({ message: expect.stringContaining('the estate uses Azure (national settings `azure`, dorset)') })],
  });
  await expect(call({ azurePlanFile: planFile(synth) })).rejects.toMatchObject({
    problems: [expect.objectContaining({ message: expect.stringContaining('the estate uses AWS') })],
  });
  await expect(call({ awsAssemblyDir: path.join(synth, 'aws'), azurePlanFile: planFile(synth) })).resolves.toMatchObject({
    summary: expect.objectContaining({ tenancies: 1 }),
  });
});

describe('defects injected into the synthesised estate make the audit exit 1, naming control, tenancy and resource', () => {
  test('a role definition id swapped for Owner’s on the prod read-only grant (Azure effective access)', async () => {
    const dir = edited('owner-swap', (d) => {
      const p = readJson(planFile(d));
      for (const r of p.resources)
        if (r.name === 'dorset-prod-force-readonly')
          r.inputs.roleDefinitionId = '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
      writeJson(planFile(d), p);
    });
    const { r } = await audit(dir);
    expect(r.code).toBe(1);
    // Recorded in the tenancy environment's own stack (organization/dorset-landing-zone/prod).
    const urn =
      'urn:pulumi:prod::dorset-landing-zone::nplz:azure:TenancyAccess$azure-native:authorization:RoleAssignment::dorset-prod-force-readonly';
    expect(r.stdout).toContain(`NPLZ-IAM-02 [high] dorset/prod azure: rendered for baseline role force-readonly, which names Reader`);
    expect(r.stdout).toContain(`NPLZ-PAM-02 [high] dorset/prod azure: group`);
    expect(r.stdout).toContain(`${urn} (nplz role-definition-is-claimed-built-in)`);
  });

  test('the national auditor’s Entra group given to a force role in estate.json (identity ids are one owner’s)', async () => {
    const dir = edited('auditor-group', (d) => {
      const f = path.join(d, 'estate.json');
      const e = readJson(f);
      e.tenancies[0].spec.identity.groups['force-readonly'].entraObjectId = e.national.identity.groups['national-auditor'].entraObjectId;
      writeJson(f, e);
    });
    const { r } = await audit(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /NPLZ-IAM-03 \[critical\] dorset estate: Entra object id \S+ is both national identity\.groups\.national-auditor\.entraObjectId and tenancy dorset identity\.groups\.force-readonly\.entraObjectId/,
    );
  });
});
