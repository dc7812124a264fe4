import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

/**
 * One Control Tower guard cache for the whole test run and the next (a shared expensive fixture,
 * #14): cfn-guard runs once per template and rule file, not once per run. It is the folder of the
 * product's own `ControlTowerGuardProps.cacheDir`, whose keys hold the validator's version (which pins
 * the cfn-guard binary), every rule file's text and each template's text. They do not hold the code
 * that cuts a template per rule file and puts the violations back, so that code's text (the sources
 * and the built worker the shares run in) names the folder: an edit to it starts a new, cold one.
 * packages/policy/test/aws/control-tower-guard.test.ts holds that a cached report is the stock
 * validator's. Delete node_modules/.cache/nplz-test to start cold.
 */
export function sharedGuardCacheDir(): string {
  const code = createHash('sha256');
  for (const f of [
    'src/aws/control-tower-guard.ts',
    'src/aws/control-tower-guard-worker.ts',
    'dist/aws/control-tower-guard.js',
    'dist/aws/control-tower-guard-worker.js',
  ]) {
    const file = path.join(ROOT, 'packages', 'policy', f);
    code
      .update(f)
      .update('\0')
      .update(fs.existsSync(file) ? fs.readFileSync(file) : 'missing')
      .update('\0');
  }
  return path.join(ROOT, 'node_modules', '.cache', 'nplz-test', 'cfn-guard', code.digest('hex').slice(0, 16));
}
