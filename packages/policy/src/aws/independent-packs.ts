import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, CfnResource, IPolicyValidationPlugin } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ControlTowerGuard } from './control-tower-guard';
import { StackCachedPack } from './stack-cached-pack';

/** The Control Tower proactive-control guard rules shipped inside @cdklabs/cdk-validator-cfnguard. */
export function controlTowerRulesDir(): string {
  const pkg = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
  return path.join(pkg, 'rules', 'control-tower', 'cfn-guard');
}

/**
 * The guard rule files whose own resource type (the one their `is_cfn_hook(%INPUT_DOCUMENT, %TYPE)`
 * names) is not in `types`. They can only answer "not applicable", and cfn-guard evaluates every
 * rule file against every template, so skipping them is where its time goes (measured on the
 * 43-force estate: 32.5 s with all 314 files, 6.8 s without the inapplicable ones, same findings).
 */
export function inapplicableGuardRules(types: ReadonlySet<string>, dir = controlTowerRulesDir()): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (f.name.endsWith('.guard')) {
        const text = fs.readFileSync(p, 'utf8');
        const own = [...text.matchAll(/is_cfn_hook\(%INPUT_DOCUMENT,\s*%(\w+)\)/g)]
          .map((m) => new RegExp(`let\\s+${m[1]}\\s*=\\s*"(AWS::[^"]+)"`).exec(text)?.[1])
          .filter((t): t is string => t !== undefined);
        if (own.length && !own.some((t) => types.has(t))) out.push(path.parse(f.name).name);
      }
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * cfn-guard with the Control Tower proactive controls, limited to the rules that can apply to `app`,
 * each rule file run once over templates cut down to the resource types it names
 * ({@link ControlTowerGuard}: the stock `CfnGuardValidator`'s report, half the CPU on the sample
 * estate). `cacheDir` keeps each rule file's result per template between runs.
 */
export function controlTowerValidator(app: App, opts: { readonly cacheDir?: string } = {}): ControlTowerGuard {
  const types = new Set(
    app.node
      .findAll()
      .filter(CfnResource.isCfnResource)
      .map((r) => r.cfnResourceType),
  );
  return new ControlTowerGuard({ controlTowerRulesEnabled: true, disabledRules: inapplicableGuardRules(types), cacheDir: opts.cacheDir });
}

/**
 * {@link INDEPENDENT_PACK_FACTORIES} with the Control Tower results kept in `cacheDir` between runs
 * (see `ControlTowerGuardProps.cacheDir`: content-addressed, so never stale), and, with `nagCacheDir`,
 * AwsSolutions' violations kept per stack ({@link StackCachedPack}).
 */
export function independentPackFactories(
  opts: { readonly cacheDir?: string; readonly nagCacheDir?: string } = {},
): ((app: App) => IPolicyValidationPlugin)[] {
  const { nagCacheDir, ...guard } = opts;
  return [
    (app) => {
      const pack = new AwsSolutionsChecks(app);
      // Constructed with no props: the pack's name is all there is to key.
      return nagCacheDir ? new StackCachedPack(pack, { cacheDir: nagCacheDir, packKey: pack.name }) : pack;
    },
    (app) => controlTowerValidator(app, guard),
  ];
}

/** The independent evidence run beside NplzChecks: cdk-nag's AwsSolutions pack and the Control Tower guard rules. */
export const INDEPENDENT_PACK_FACTORIES: readonly ((app: App) => IPolicyValidationPlugin)[] = [
  (app) => new AwsSolutionsChecks(app),
  (app) => controlTowerValidator(app),
];
