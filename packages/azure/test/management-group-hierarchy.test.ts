import { ManagementGroupHierarchy } from '../src';
import { named, ofType, plan, TENANT_ID } from './mocks';

const MG = 'azure-native:management:ManagementGroup';
const build =
  (args: Partial<ConstructorParameters<typeof ManagementGroupHierarchy>[1]> = {}) =>
  () => {
    new ManagementGroupHierarchy('mg', {
      tenantId: TENANT_ID,
      rootGroupId: 'nplz',
      forces: ['kent', 'essex'],
      collaborations: ['kent-essex-its'],
      ...args,
    });
  };

describe('ManagementGroupHierarchy', () => {
  test('builds root → platform, forces → collaborations, sandbox and decommissioned', async () => {
    const p = await plan(build());
    const parentOf = (name: string) => (named(p, name, MG).inputs.details as { parent: { id: string } }).parent.id;
    const groupId = (name: string) => named(p, name, MG).inputs.groupId;
    expect(parentOf('mg-root')).toBe(`/providers/Microsoft.Management/managementGroups/${TENANT_ID}`);
    for (const g of ['platform', 'forces', 'sandbox', 'decommissioned'])
      expect(parentOf(`mg-${g}`)).toBe('/providers/Microsoft.Management/managementGroups/nplz');
    for (const g of ['management', 'connectivity', 'identity', 'security'])
      expect(parentOf(`mg-${g}`)).toBe('/providers/Microsoft.Management/managementGroups/nplz-platform');
    expect(parentOf('mg-force-kent')).toBe('/providers/Microsoft.Management/managementGroups/nplz-forces');
    expect(groupId('mg-force-kent')).toBe('nplz-force-kent');
    expect(parentOf('mg-collaborations')).toBe('/providers/Microsoft.Management/managementGroups/nplz-forces');
    expect(parentOf('mg-collab-kent-essex-its')).toBe('/providers/Microsoft.Management/managementGroups/nplz-collaborations');
    expect(ofType(p, MG)).toHaveLength(10 + 2 + 1);
    expect(named(p, 'mg', 'nplz:azure:ManagementGroupHierarchy').custom).toBe(false);
  });

  test.each([
    [
      'an unknown force',
      { forces: ['kent', 'atlantis'] },
      /forces contains "atlantis", which is not a force id; allowed: ids from the force registry/,
    ],
    ['a force listed twice', { forces: ['kent', 'kent'] }, /forces lists "kent" twice; allowed: distinct force ids/],
    [
      'a bad root group id',
      { rootGroupId: 'nplz root!' },
      /rootGroupId "nplz root!" is not a usable management group id; allowed: letters, digits/,
    ],
    ['a collaboration listed twice', { collaborations: ['x-y', 'x-y'] }, /collaborations lists "x-y" twice/],
  ])('fails if given %s', async (_what, args, message) => {
    await expect(plan(build(args))).rejects.toThrow(message);
  });
});
