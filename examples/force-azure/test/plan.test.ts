import { recordPlan, type Plan } from '@nplz/azure';
import { forceProgram, NATIONAL_STACK, PROJECT, sampleNationalOutputs } from '../src/program';

let references: Record<string, Record<string, unknown>>;
beforeAll(async () => {
  references = await sampleNationalOutputs();
}, 120_000);

const record = (budgetStartDate?: string): Promise<Plan> =>
  recordPlan(async () => (await forceProgram({ environment: 'prod', ...(budgetStartDate ? { budgetStartDate } : {}) })).outputs, {
    project: PROJECT,
    stack: 'prod',
    stackReferences: references,
  });

describe('examples/force-azure', () => {
  test("runs the tenancy environment stack (tenancyStack) offline: surrey-prod's zone, reading the national stack, the spoke side of its peering only", async () => {
    expect(PROJECT).toBe('surrey-landing-zone');
    const plan = await record();
    const zone = plan.resources.find((r) => r.type === 'nplz:azure:ForceLandingZone');
    expect(zone).toMatchObject({ name: 'surrey-prod', tenancy: 'surrey', environment: 'prod' });
    expect(plan.stacks?.find((s) => s.recorded)?.references).toEqual([NATIONAL_STACK]);
    const toHub = plan.resources.find((r) => r.name === 'surrey-prod-to-hub');
    expect(toHub?.inputs.remoteVirtualNetwork).toEqual({
      id: (references[NATIONAL_STACK]!.hub as { virtualNetworkId: string }).virtualNetworkId,
    });
    // The hub's side is the national peerings stack's: the force's identity writes only in its own subscription.
    expect(plan.resources.find((r) => r.name === 'surrey-prod-from-hub')).toBeUndefined();
    expect(plan.resources.find((r) => r.name === 'surrey-prod-local-surrey-crime-analytics')).toBeDefined();
  });

  test('a real deployment passes the month it first deploys in as the budget start; the budget ignores it afterwards', async () => {
    const plan = await record('2027-06-01');
    const budget = plan.resources.find((r) => r.name === 'surrey-prod-budget');
    expect(budget?.inputs.timePeriod).toEqual({ startDate: '2027-06-01T00:00:00Z' });
    expect(budget?.ignoreChanges).toEqual(['timePeriod']);
  });
});
