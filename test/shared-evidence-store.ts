import * as path from 'node:path';

/**
 * One access-evidence store for the whole test run and the next (a shared expensive fixture, #14):
 * a simulation the audit of a test assembly has run once is not run again, in this file or the next
 * run. It is the folder of the product's own `DiskEvidenceStore`, whose entries are keyed by every
 * input of a simulation and salted with the simulator's and its data's versions and the text of the
 * evaluator's modules (their sources under jest), so an entry is never stale: an edit simulates
 * again. packages/policy/test/aws/access-cache.test.ts holds that. Delete node_modules/.cache/nplz-test
 * to start cold.
 */
export function sharedEvidenceDir(): string {
  return path.join(__dirname, '..', 'node_modules', '.cache', 'nplz-test', 'iam-simulate');
}
