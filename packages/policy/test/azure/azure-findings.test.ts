import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEstateOrThrow, type Estate, type PlanFile } from '@nplz/core';
import { planAzureEstate, writePlan } from '@nplz/azure';
import { sharedPlanCache } from '../../../../test/shared-plan-cache';
import { azureFindings, readAzurePlan } from '../../src/audit/azure-findings';

/** The Azure findings of an audit take the plan the audit has already read, rather than reading plan.json again. */
const ROOT = path.join(__dirname, '../../../..');
const NOW = new Date('2026-11-22T00:00:00Z');

function twoForces(): Estate {
  const base = loadEstateOrThrow(path.join(ROOT, 'test/fixtures/bad-input-base'), { now: NOW });
  const durham = loadEstateOrThrow(path.join(ROOT, 'examples/estate'), { now: NOW }).tenancies.find((t) => t.spec.name === 'durham')!;
  return { ...base, tenancies: [...base.tenancies, durham] };
}

const estate = twoForces();
let tmp: string;
let file: string;
beforeAll(async () => {
  const plan: PlanFile = await planAzureEstate(estate, { cache: sharedPlanCache() });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-azure-findings-'));
  file = path.join(tmp, 'plan.json');
  writePlan(plan, file);
}, 120_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('azureFindings', () => {
  test('given the plan as read, it gives what reading the file gives, and reads no file', async () => {
    const fromFile = await azureFindings(file, estate);
    expect(fromFile.length).toBeGreaterThan(100);
    expect(await azureFindings(path.join(tmp, 'absent.json'), estate, readAzurePlan(file))).toEqual(fromFile);
  });

  test('the plan given is the one checked, not the file', async () => {
    const read = readAzurePlan(file);
    const fewer = { ...read, resources: read.resources.filter((r) => r.tenancy !== 'durham') };
    const given = await azureFindings(file, estate, fewer);
    expect(given.some((f) => f.tenancy === 'durham')).toBe(false);
    expect((await azureFindings(file, estate)).some((f) => f.tenancy === 'durham')).toBe(true);
  });
});
