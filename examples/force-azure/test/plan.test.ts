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
});
