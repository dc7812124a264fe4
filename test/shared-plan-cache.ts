import * as path from 'node:path';
import { DiskPlanCache } from '@nplz/azure';

/**
 * One Azure plan cache for the whole test run and the next (a shared expensive fixture, #14): the
 * sample estate's 89 stacks are recorded once, not once per test file that plans them. It is the
 * product's own `DiskPlanCache`, whose salt holds the text of @nplz/azure's and @nplz/core's modules
 * (their sources under jest), so an edit records again. packages/azure/test/plan-cache.test.ts holds
 * that a cached plan is the recorded one byte for byte, and estate-plan.test.ts records the estate
 * without it. Delete node_modules/.cache/nplz-test to start cold.
 */
export function sharedPlanCache(): DiskPlanCache {
  return new DiskPlanCache(path.join(__dirname, '..', 'node_modules', '.cache', 'nplz-test', 'azure-plan'));
}
