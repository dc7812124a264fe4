import type * as pulumi from '@pulumi/pulumi';
import { TenancyAccess, type TenancyAccessArgs } from '../src';
import { aliasesUnderParent, baseline as b, named, plan, TEST_SUBSCRIPTION, testProvider } from './mocks';

const group = (role: string, entraObjectId?: string) => ({
  displayName: `KENT-${role.toUpperCase()}`,
  ...(entraObjectId ? { entraObjectId } : {}),
});
const GROUPS = {
  'force-admin': group('force-admin', '00000000-0000-4e1d-8000-0000000000aa'),
  'force-developer': group('force-developer', '00000000-0000-4e1d-8000-0000000000ab'),
  'force-readonly': group('force-readonly'),
};
const access = (name: string, args: Partial<TenancyAccessArgs> = {}, opts?: pulumi.ComponentResourceOptions) =>
  new TenancyAccess(
    name,
    {
      baseline: b,
      groups: GROUPS,
      subscriptionId: TEST_SUBSCRIPTION,
      ...args,
      provider: args.provider ?? testProvider(`${name}-provider`),
    },
    opts,
  );

describe('TenancyAccess', () => {
  test("grants each baseline force role to the tenancy's group on the subscription: PIM eligibility when the baseline says so, else an assignment", async () => {
    let roles: string[] = [];
    const p = await plan(() => {
      roles = Object.keys(access('kent-prod').grants);
    });
    // force-readonly's group has no Entra object id; force-security has no group.
    expect(roles).toEqual(['force-admin', 'force-developer']);
    const admin = b.roles.force.find((r) => r.id === 'force-admin')!;
    const developer = b.roles.force.find((r) => r.id === 'force-developer')!;
    expect([admin.azure.eligible, developer.azure.eligible]).toEqual([true, false]);
    const eligibility = named(p, 'kent-prod-force-admin');
    expect(eligibility.type).toBe('azure-native:authorization:PimRoleEligibilitySchedule');
    expect(eligibility.inputs).toMatchObject({
      scope: `/subscriptions/${TEST_SUBSCRIPTION}`,
      principalId: GROUPS['force-admin'].entraObjectId,
      roleDefinitionId: `/subscriptions/${TEST_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${admin.azure.roleDefinitionId}`,
      scheduleInfo: { expiration: { type: 'NoExpiration' } },
    });
    const assignment = named(p, 'kent-prod-force-developer');
    expect(assignment.type).toBe('azure-native:authorization:RoleAssignment');
    expect(assignment.inputs).toMatchObject({
      scope: `/subscriptions/${TEST_SUBSCRIPTION}`,
      principalId: GROUPS['force-developer'].entraObjectId,
      principalType: 'Group',
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${developer.azure.roleDefinitionId}`,
    });
    expect(assignment.provider).toContain('kent-prod-provider');
  });

  test('names its grants from namePrefix, else from its own name', async () => {
    const p = await plan(() => {
      access('kent-prod-tenancy-access', { namePrefix: 'kent-prod' });
      access('other');
    });
    expect(named(p, 'kent-prod-force-admin').parent).toBe(named(p, 'kent-prod-tenancy-access', 'nplz:azure:TenancyAccess').urn);
    expect(named(p, 'other-force-admin').parent).toBe(named(p, 'other', 'nplz:azure:TenancyAccess').urn);
  });

  test('its grants alias the parent it is created under, where ForceLandingZone created them before', async () => {
    const { parent, moved } = await aliasesUnderParent((parent) => access('z', {}, { parent }));
    expect(moved.map((m) => m.resource.name).sort()).toEqual(['z-force-admin', 'z-force-developer']);
    for (const { aliasParents } of moved) expect(aliasParents).toEqual([parent.urn]);
  });
});
