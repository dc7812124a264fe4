import type * as pulumi from '@pulumi/pulumi';
import { SubscriptionBudget, type SubscriptionBudgetArgs } from '../src';
import { aliasesUnderParent, baseline as b, named, plan, TEST_SUBSCRIPTION, testProvider } from './mocks';

const budget = (name: string, args: Partial<SubscriptionBudgetArgs> = {}, opts?: pulumi.ComponentResourceOptions) =>
  new SubscriptionBudget(
    name,
    {
      baseline: b,
      tenancy: 'kent',
      environment: 'prod',
      subscriptionId: TEST_SUBSCRIPTION,
      startDate: '2027-05-01',
      ...args,
      provider: args.provider ?? testProvider(`${name}-provider`),
    },
    opts,
  );

describe('SubscriptionBudget', () => {
  test('a monthly cost budget on the subscription that tells the owners and the given emails at each baseline threshold', async () => {
    const p = await plan(() => {
      budget('kent-prod', { monthlyGbp: 1200, alertEmails: ['finance@kent.police.uk'] });
    });
    const r = named(p, 'kent-prod-budget');
    expect(r.inputs).toMatchObject({
      scope: `/subscriptions/${TEST_SUBSCRIPTION}`,
      budgetName: 'nplz-kent-prod',
      amount: 1200,
      category: 'Cost',
      timeGrain: 'Monthly',
      timePeriod: { startDate: '2027-05-01T00:00:00Z' },
    });
    expect(r.inputs.notifications).toEqual(
      Object.fromEntries(
        b.budgets.alertThresholds.map((t) => [
          `actual-${t}-percent`,
          {
            enabled: true,
            operator: 'GreaterThanOrEqualTo',
            threshold: t,
            thresholdType: 'Actual',
            contactEmails: ['finance@kent.police.uk'],
            contactRoles: ['Owner'],
          },
        ]),
      ),
    );
    expect(r.provider).toContain('kent-prod-provider');
  });

  test("without an amount or emails: the baseline's default amount, the owners only", async () => {
    const p = await plan(() => {
      budget('kent-prod');
    });
    const r = named(p, 'kent-prod-budget').inputs as { amount: number; notifications: Record<string, { contactEmails: string[] }> };
    expect(r.amount).toBe(b.budgets.defaultMonthlyGbp);
    for (const n of Object.values(r.notifications)) expect(n.contactEmails).toEqual([]);
  });

  test('ignores its time period once created, so later deployments neither fail nor restart it', async () => {
    const p = await plan(() => {
      budget('kent-prod');
    });
    expect(named(p, 'kent-prod-budget').ignoreChanges).toEqual(['timePeriod']);
  });

  test('names its budget from namePrefix, else from its own name', async () => {
    const p = await plan(() => {
      budget('kent-prod-costs', { namePrefix: 'kent-prod' });
      budget('other');
    });
    expect(named(p, 'kent-prod-budget').parent).toBe(named(p, 'kent-prod-costs', 'nplz:azure:SubscriptionBudget').urn);
    expect(named(p, 'other-budget').parent).toBe(named(p, 'other', 'nplz:azure:SubscriptionBudget').urn);
  });

  test('its budget aliases the parent it is created under, where ForceLandingZone created it before', async () => {
    const { parent, moved } = await aliasesUnderParent((parent) => budget('z', {}, { parent }));
    expect(moved.map((m) => m.resource.name)).toEqual(['z-budget']);
    expect(moved[0]!.aliasParents).toEqual([parent.urn]);
  });
});
