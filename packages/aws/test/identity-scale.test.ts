import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Estate, TenancySpec } from '@nplz/core';
import { addNationalLandingZone, NATIONAL_STACK_IDS, tenancyIdentityStackId } from '@nplz/aws';
import { sampleEstate, subEstate } from './estate-helpers';

type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

/** `n` AWS tenancies of one environment each, shaped like the sample estate's Kent, every id their own. */
function syntheticEstate(n: number): Estate {
  const base = sampleEstate();
  const kent = base.tenancies.find((t) => t.spec.name === 'kent')!;
  const hex = (i: number, j: number) => (i * 16 + j).toString(16).padStart(12, '0');
  const tenancies = Array.from({ length: n }, (_, i) => {
    const env = i % 2 ? 'dev' : 'prod';
    const { azure: _azure, collaborations: _collaborations, ...rest } = kent.spec;
    const spec: TenancySpec = {
      ...rest,
      name: `synthetic-${String(i).padStart(3, '0')}`,
      environments: [env],
      aws: {
        accounts: { [env]: `3${String(i).padStart(11, '0')}` },
        network: { [env]: `10.${100 + (i >> 1)}.${(i & 1) * 128}.0/17` },
      },
      identity: {
        groups: Object.fromEntries(
          Object.entries(kent.spec.identity.groups).map(([role, g], j) => [
            role,
            { displayName: `${g.displayName}-${i}`, awsGroupId: `00000000-0000-4a11-8000-${hex(i, j)}` },
          ]),
        ),
      },
    };
    return { ...kent, spec };
  });
  return { ...base, tenancies };
}

const templateOf = (dir: string, id: string) => JSON.parse(fs.readFileSync(path.join(dir, `${id}.template.json`), 'utf8')) as Template;
const assignments = (t: Template) =>
  Object.values(t.Resources ?? {})
    .filter((r) => r.Type === 'AWS::SSO::Assignment')
    .map((r) => String(r.Properties?.TargetId));

describe('identity at national scale', () => {
  // 150 tenancy accounts × 4 groups: 600 assignments, past CloudFormation's 500 resources for one stack.
  test('150 tenancies synthesise with no stack past 500 resources, each tenancy with its assignments in its own stack', () => {
    const estate = syntheticEstate(150);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-identity-scale-'));
    try {
      const app = new App({ outdir, builtinCloudFormationValidation: false, analyticsReporting: false, stackTraces: false });
      addNationalLandingZone(app, { estate });
      const asm = app.synth();
      for (const s of asm.stacks) expect([s.id, Object.keys((s.template as Template).Resources ?? {}).length <= 500]).toEqual([s.id, true]);
      const national = estate.national.aws!;
      const nationalAccounts = [national.managementAccount, national.logArchiveAccount, national.auditAccount, national.networkAccount];
      // The identity stack: permission sets and the national accounts' assignments only.
      expect(new Set(assignments(templateOf(outdir, NATIONAL_STACK_IDS.identity)))).toEqual(new Set(nationalAccounts));
      for (const { spec } of estate.tenancies) {
        const own = Object.values(spec.aws!.accounts);
        const targets = assignments(templateOf(outdir, tenancyIdentityStackId(spec.name)));
        // Its 4 groups (production: force-developer reads, still 4) and the national SOC and auditor, on its one account.
        expect([spec.name, targets]).toEqual([spec.name, Array(4 + 2).fill(own[0])]);
      }
      expect(asm.stacks.map((s) => s.id)).not.toContain('Nplz-IdentityNational');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("a tenancy's identity stack", () => {
  const stackIds = (estate: Estate) =>
    addNationalLandingZone(new App({ builtinCloudFormationValidation: false, analyticsReporting: false, stackTraces: false }), {
      estate,
    }).nationalStacks.map((s) => s.node.id);

  test('adding a tenancy adds its stack and changes no other identity stack', () => {
    const render = (names: string[]) => {
      const app = new App({ builtinCloudFormationValidation: false, analyticsReporting: false, stackTraces: false });
      const lz = addNationalLandingZone(app, { estate: subEstate(names) });
      return new Map([...lz.identityStacks].map(([t, s]) => [t, JSON.stringify(app.synth().getStackArtifact(s.artifactId).template)]));
    };
    const before = render(['kent', 'essex']);
    const after = render(['kent', 'essex', 'surrey']);
    expect([...after.keys()]).toEqual(['essex', 'kent', 'surrey']);
    for (const [t, template] of before) expect(after.get(t)).toBe(template);
    expect(stackIds(subEstate(['kent']))).toContain('Nplz-Identity-kent');
  });

  test("a decommissioning tenancy's keeps only the national roles' assignments; with none, a resource that does nothing", () => {
    const decommissioning = (e: Estate): Estate => ({
      ...e,
      tenancies: e.tenancies.map((t) => ({ ...t, spec: { ...t.spec, lifecycle: { state: 'decommissioning', since: '2026-11-20' } } })),
    });
    const types = (estate: Estate) => {
      const app = new App({ builtinCloudFormationValidation: false, analyticsReporting: false, stackTraces: false });
      const lz = addNationalLandingZone(app, { estate });
      const t = app.synth().getStackArtifact(lz.identityStacks.get('kent')!.artifactId).template as Template;
      return Object.values(t.Resources ?? {}).map((r) => `${r.Type} ${String(r.Properties?.PrincipalId ?? '')}`);
    };
    const estate = decommissioning(subEstate(['kent']));
    const groups = estate.national.identity.groups;
    const soc = ['national-security-analyst', 'national-auditor'].map((r) => groups[r]!.awsGroupId!);
    expect(types(estate).sort()).toEqual(soc.flatMap((g) => [`AWS::SSO::Assignment ${g}`, `AWS::SSO::Assignment ${g}`]).sort());
    const noNationalGroups = { ...estate, national: { ...estate.national, identity: { groups: {} } } };
    expect(types(noNationalGroups)).toEqual(['AWS::CloudFormation::WaitConditionHandle ']);
  });
});
