import * as path from 'node:path';
import { checkEstate, evaluateEstateRules, identityGroupOwnership, loadEstate, type Estate, type TenancyEntry } from '../src';

const SAMPLE = path.join(__dirname, '../../../examples/estate');
const NOW = new Date('2026-11-22T00:00:00Z');

function sample(): Estate {
  const r = loadEstate(SAMPLE, { now: NOW });
  if (!r.estate) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.estate;
}

/** The estate with one tenancy's group for `role` given the ids `ids`. */
function withGroup(e: Estate, tenancy: string, role: string, ids: { awsGroupId?: string; entraObjectId?: string }): Estate {
  const edit = (t: TenancyEntry): TenancyEntry => {
    if (t.spec.name !== tenancy) return t;
    const groups = t.spec.identity.groups;
    const group = groups[role];
    if (!group) throw new Error(`${tenancy} has no ${role} group`);
    return { ...t, spec: { ...t.spec, identity: { groups: { ...groups, [role]: { ...group, ...ids } } } } };
  };
  return { ...e, tenancies: e.tenancies.map(edit) };
}

const group = (e: Estate, tenancy: string, role: string) => e.tenancies.find((t) => t.spec.name === tenancy)!.spec.identity.groups[role]!;

describe('identity group ids are one owner’s (NPLZ-IAM-03)', () => {
  test('the sample estate gives every role of every tenancy and every national role an id of its own', () => {
    const e = sample();
    const { claims, conflicts } = identityGroupOwnership(e);
    // 4 national roles and 4 roles per tenancy, each with an AWS and an Entra id.
    expect(claims.length).toBe(2 * (4 + 4 * e.tenancies.length));
    expect(conflicts).toEqual([]);
    const results = evaluateEstateRules(e, NOW).filter((r) => r.rule === 'IdentityGroupOwned');
    expect(results.length).toBe(e.tenancies.length);
    expect(results.every((r) => r.status === 'pass' && r.control === 'NPLZ-IAM-03')).toBe(true);
  });

  test('another force’s admin group id in a force’s developer role names both places', () => {
    const e = sample();
    const essexAdmin = group(e, 'essex', 'force-admin').awsGroupId!;
    const broken = withGroup(e, 'kent', 'force-developer', { awsGroupId: essexAdmin });
    const problems = checkEstate(broken);
    expect(problems).toHaveLength(1);
    const [p] = problems;
    const [first, second] = [e.tenancies.find((t) => t.spec.name === 'essex')!, e.tenancies.find((t) => t.spec.name === 'kent')!];
    // essex.yaml is read before kent.yaml, so the kent role is the second owner.
    expect(first.file! < second.file!).toBe(true);
    expect(p!.file).toBe(second.file);
    expect(p!.path).toBe('identity.groups.force-developer.awsGroupId');
    expect(p!.received).toBe(essexAdmin);
    expect(p!.message).toContain(`${first.file} identity.groups.force-admin.awsGroupId`);
    expect(p!.message).toContain('tenancy essex role force-admin');
    const audit = evaluateEstateRules(broken, NOW).filter((r) => r.rule === 'IdentityGroupOwned' && r.status === 'fail');
    expect(audit.map((r) => r.tenancy).sort()).toEqual(['essex', 'kent']);
  });

  test('the national auditor’s Entra object id in a tenancy, in another letter case, is refused', () => {
    const e = sample();
    const auditor = e.national.identity.groups['national-auditor']!.entraObjectId!;
    const broken = withGroup(e, 'dorset', 'force-readonly', { entraObjectId: auditor.toUpperCase() });
    const [p, ...rest] = checkEstate(broken);
    expect(rest).toEqual([]);
    expect(p!.path).toBe('identity.groups.force-readonly.entraObjectId');
    expect(p!.message).toContain(`national role national-auditor (${e.nationalFile} identity.groups.national-auditor.entraObjectId)`);
  });

  test('one group for two roles of the same tenancy is refused', () => {
    const e = sample();
    const admin = group(e, 'kent', 'force-admin');
    const broken = withGroup(e, 'kent', 'force-readonly', { awsGroupId: admin.awsGroupId, entraObjectId: admin.entraObjectId });
    expect(checkEstate(broken).map((p) => p.path)).toEqual([
      'identity.groups.force-readonly.awsGroupId',
      'identity.groups.force-readonly.entraObjectId',
    ]);
  });

  test('an AWS group id equal to an Entra object id is not a clash: the ids live in different directories', () => {
    const e = sample();
    const entra = group(e, 'essex', 'force-admin').entraObjectId!;
    expect(checkEstate(withGroup(e, 'kent', 'force-admin', { awsGroupId: entra }))).toEqual([]);
  });
});
