import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where the cache is, in the words of `--help`. */
export const CACHE_DEFAULT_TEXT =
  '$NPLZ_CACHE_DIR, else node_modules/.cache/nplz in the current folder when it has node_modules, else nplz-cache in the temporary folder';

/**
 * Where synth and audit keep results between runs ({@link CACHE_DEFAULT_TEXT}): synth the Control
 * Tower guard results (`cfn-guard/`), each under the SHA-256 of the rule file, the template (cut to
 * the rule's types) and the validator's version, the cdk-nag packs' violations per stack (`cdk-nag/`,
 * under the SHA-256 of the template, the stack's constructs and acknowledgements, the pack's props and
 * the versions and code that run it), and each Azure stack's recorded plan (`azure-plan/`),
 * under the SHA-256 of its program's inputs, the Pulumi packages' versions and NPLZ's code (a stack
 * is taken from there only if what it read of the stacks before it is unchanged); diff each AWS
 * tenancy stack's template (`aws-template/`), under the SHA-256 of the stack's inputs, the app's
 * context, the CDK's versions and NPLZ's code; audit the access evaluation's simulations
 * (`iam-simulate/`), each under the SHA-256 of every input of the simulation, the simulator's and its
 * IAM data's versions and the evaluator's code. So an entry can never answer for other inputs, and
 * deleting the folder is always safe. Never inside `--out` or `--report`, which are replaced whole.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NPLZ_CACHE_DIR) return path.resolve(env.NPLZ_CACHE_DIR);
  const nm = path.resolve('node_modules');
  return fs.existsSync(nm) ? path.join(nm, '.cache', 'nplz') : path.join(os.tmpdir(), 'nplz-cache');
}
