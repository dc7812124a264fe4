import { recordPlan } from '@nplz/azure';
import { forceProgram, SAMPLE_SETTINGS } from '../src/program';

describe('examples/force-azure', () => {
  test('records a plan offline: one landing zone for surrey-prod, peered to the national hub', async () => {
    const plan = await recordPlan(
      () => {
        forceProgram(SAMPLE_SETTINGS);
      },
      { project: 'nplz-force-azure', stack: 'prod' },
    );
    const zone = plan.resources.find((r) => r.type === 'nplz:azure:ForceLandingZone');
    expect(zone).toMatchObject({ name: 'surrey-prod', tenancy: 'surrey', environment: 'prod' });
    const toHub = plan.resources.find((r) => r.name === 'surrey-prod-to-hub');
    expect(toHub?.inputs.remoteVirtualNetwork).toEqual({ id: expect.stringContaining('/virtualNetworks/nplz-hub') });
    const fromHub = plan.resources.find((r) => r.name === 'surrey-prod-from-hub');
    expect(fromHub?.provider).toContain('::hub::');
    expect(plan.resources.find((r) => r.name === 'surrey-prod-local-surrey-crime-analytics')).toBeDefined();
  });

  test('a real deployment passes the month it first deploys in as the budget start; the budget ignores it afterwards', async () => {
    const plan = await recordPlan(
      () => {
        forceProgram({ ...SAMPLE_SETTINGS, budgetStartDate: '2027-06-01' });
      },
      { project: 'nplz-force-azure', stack: 'prod' },
    );
    const budget = plan.resources.find((r) => r.name === 'surrey-prod-budget');
    expect(budget?.inputs.timePeriod).toEqual({ startDate: '2027-06-01T00:00:00Z' });
    expect(budget?.ignoreChanges).toEqual(['timePeriod']);
  });
});
