import type * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import * as management from '@pulumi/azure-native/management';
import type { ControlException } from '@nplz/core';
import { EXEMPTION_DESCRIPTION_MAX, exemptionDescription, SubscriptionPolicy, type SubscriptionPolicyArgs } from '../src';
import { aliasesUnderParent, named, ofType, plan, TEST_SUBSCRIPTION, testProvider } from './mocks';

const EXEMPTION = 'azure-native:authorization:PolicyExemption';
const REMEDIATION = 'azure-native:policyinsights:RemediationAtSubscription';
const exception = (control: string, scope: Partial<ControlException['scope']> = {}): ControlException => ({
  control,
  reason: 'The ANPR appliance needs a public address until the 2027 replacement lands.',
  approvedBy: 'siro@kent.police.uk',
  expires: '2027-03-31',
  scope: { cloud: 'azure', ...scope },
});
const assignment = (name: string) =>
  new authorization.PolicyAssignment(name, { scope: '/providers/Microsoft.Management/managementGroups/nplz' });

/** A SubscriptionPolicy with its own provider; `build` gets the assignments it may use. */
const policy = (
  name: string,
  args: (a: { denyPublicIp: authorization.PolicyAssignment; defender: authorization.PolicyAssignment }) => Partial<SubscriptionPolicyArgs>,
  opts?: pulumi.ComponentResourceOptions,
) => {
  const assignments = { denyPublicIp: assignment(`${name}-deny-public-ip`), defender: assignment(`${name}-defender`) };
  const given = args(assignments);
  return new SubscriptionPolicy(
    name,
    { subscriptionId: TEST_SUBSCRIPTION, environment: 'prod', ...given, provider: given.provider ?? testProvider(`${name}-provider`) },
    opts,
  );
};

describe('SubscriptionPolicy', () => {
  test('a remediation task per DeployIfNotExists assignment, re-evaluating compliance first, once the subscription is placed', async () => {
    const p = await plan(() => {
      const placement = new management.ManagementGroupSubscription('placement', { groupId: 'nplz-force-kent' });
      policy('kent-prod', ({ defender }) => ({
        placement,
        remediations: [
          { assignment: defender, name: 'defender-vm', definitionReferenceId: 'defender-vm' },
          { assignment: defender, name: 'whole' },
        ],
      }));
    });
    expect(ofType(p, REMEDIATION).map((r) => r.name)).toEqual(['kent-prod-remediate-defender-vm', 'kent-prod-remediate-whole']);
    expect(named(p, 'kent-prod-remediate-defender-vm').inputs).toEqual({
      remediationName: 'nplz-defender-vm',
      policyAssignmentId: named(p, 'kent-prod-defender').id,
      policyDefinitionReferenceId: 'defender-vm',
      resourceDiscoveryMode: 'ReEvaluateCompliance',
    });
    expect(named(p, 'kent-prod-remediate-whole').inputs).not.toHaveProperty('policyDefinitionReferenceId');
    for (const r of ofType(p, REMEDIATION)) {
      expect(r.dependencies).toContain(named(p, 'placement').urn);
      expect(r.provider).toContain('kent-prod-provider');
    }
  });

  test("an exemption per in-scope exception and assignment enforcing its control, named by the exception's index in the spec, expiring with it", async () => {
    const p = await plan(() => {
      policy('kent-prod', ({ denyPublicIp }) => ({
        exceptions: [
          exception('NPLZ-NET-05', { cloud: 'aws' }),
          exception('NPLZ-NET-05', { environment: 'nonprod' }),
          exception('NPLZ-NET-05', { environment: 'prod', resource: 'anpr-*' }),
          exception('NPLZ-LOG-04'),
        ],
        enforcements: [{ control: 'NPLZ-NET-05', assignment: denyPublicIp, definitionReferenceIds: ['deny-public-ip'] }],
      }));
    });
    expect(ofType(p, EXEMPTION).map((e) => e.name)).toEqual(['kent-prod-exemption-2-0']);
    expect(named(p, 'kent-prod-exemption-2-0').inputs).toMatchObject({
      scope: `/subscriptions/${TEST_SUBSCRIPTION}`,
      policyExemptionName: 'nplz-nplz-net-05-2-0',
      policyAssignmentId: named(p, 'kent-prod-deny-public-ip').id,
      policyDefinitionReferenceIds: ['deny-public-ip'],
      exemptionCategory: 'Waiver',
      expiresOn: '2027-03-31T23:59:59Z',
      displayName: 'NPLZ exception to NPLZ-NET-05',
      description:
        'The ANPR appliance needs a public address until the 2027 replacement lands. Approved by siro@kent.police.uk. Applies to anpr-*.',
      metadata: { nplzControl: 'NPLZ-NET-05', approvedBy: 'siro@kent.police.uk', expires: '2027-03-31', resource: 'anpr-*' },
    });
  });

  test('an exception to a control two assignments enforce is exempted from both', async () => {
    const p = await plan(() => {
      policy('kent-prod', ({ denyPublicIp, defender }) => ({
        exceptions: [exception('NPLZ-NET-05')],
        enforcements: [
          { control: 'NPLZ-NET-05', assignment: denyPublicIp },
          { control: 'NPLZ-NET-05', assignment: defender },
        ],
      }));
    });
    expect(ofType(p, EXEMPTION).map((e) => e.inputs.policyAssignmentId)).toEqual([
      named(p, 'kent-prod-deny-public-ip').id,
      named(p, 'kent-prod-defender').id,
    ]);
    expect(named(p, 'kent-prod-exemption-0-0').inputs).not.toHaveProperty('policyDefinitionReferenceIds');
  });

  test('without remediations, exceptions or enforcements it makes nothing', async () => {
    const p = await plan(() => {
      policy('kent-prod', () => ({ exceptions: [exception('NPLZ-NET-05')] }));
    });
    expect([...ofType(p, EXEMPTION), ...ofType(p, REMEDIATION)]).toEqual([]);
  });

  test('its resources alias the parent it is created under, where ForceLandingZone created them before', async () => {
    const { parent, moved } = await aliasesUnderParent((parent) =>
      policy(
        'z',
        ({ denyPublicIp, defender }) => ({
          exceptions: [exception('NPLZ-NET-05')],
          enforcements: [{ control: 'NPLZ-NET-05', assignment: denyPublicIp }],
          remediations: [{ assignment: defender, name: 'defender-vm' }],
        }),
        { parent },
      ),
    );
    expect(moved.map((m) => m.resource.name).sort()).toEqual(['z-exemption-0-0', 'z-remediate-defender-vm']);
    for (const { aliasParents } of moved) expect(aliasParents).toEqual([parent.urn]);
  });
});

describe('SubscriptionPolicy on a first apply', () => {
  test("a remediation task also waits for the role assignments of the assignment's identity", async () => {
    const p = await plan(() => {
      const placement = new management.ManagementGroupSubscription('placement', { groupId: 'nplz-force-kent' });
      const grant = new authorization.RoleAssignment('defender-grant', { principalId: 'p', roleDefinitionId: 'r', scope: '/' });
      policy('kent-prod', ({ defender }) => ({
        placement,
        remediations: [{ assignment: defender, name: 'defender-vm', definitionReferenceId: 'defender-vm', prerequisites: [grant] }],
      }));
    });
    expect(named(p, 'kent-prod-remediate-defender-vm').dependencies).toEqual(
      expect.arrayContaining([named(p, 'placement').urn, named(p, 'defender-grant').urn]),
    );
  });

  test('an exemption waits for the placement, and its description fits the 512 characters Azure allows, keeping approver and scope', async () => {
    const long = {
      ...exception('NPLZ-NET-05', { resource: 'anpr-*' }),
      reason: `The ANPR appliance ${'needs a public address '.repeat(40)}`,
    };
    const p = await plan(() => {
      const placement = new management.ManagementGroupSubscription('placement', { groupId: 'nplz-force-kent' });
      policy('kent-prod', ({ denyPublicIp }) => ({
        placement,
        exceptions: [long],
        enforcements: [{ control: 'NPLZ-NET-05', assignment: denyPublicIp }],
      }));
    });
    const e = named(p, 'kent-prod-exemption-0-0');
    expect(e.dependencies).toContain(named(p, 'placement').urn);
    const description = e.inputs.description as string;
    expect(description.length).toBeLessThanOrEqual(EXEMPTION_DESCRIPTION_MAX);
    expect(description).toMatch(/… Approved by siro@kent\.police\.uk\. Applies to anpr-\*\.$/);
    expect((e.inputs.metadata as { reason: string }).reason).toBe(long.reason);
    expect(exemptionDescription(exception('NPLZ-NET-05'))).toBe(`${exception('NPLZ-NET-05').reason} Approved by siro@kent.police.uk.`);
  });
});
