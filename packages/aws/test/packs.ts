/**
 * The independent policy packs, imported from @nplz/policy's dependencies (the aws package
 * itself does not depend on them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, CfnResource, IPolicyValidationPlugin } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from '../../policy/node_modules/cdk-nag';
import { CfnGuardValidator } from '../../policy/node_modules/@cdklabs/cdk-validator-cfnguard';

const GUARD_RULES = path.join(
  __dirname,
  '..',
  '..',
  'policy',
  'node_modules',
  '@cdklabs',
  'cdk-validator-cfnguard',
  'rules',
  'control-tower',
  'cfn-guard',
);

/**
 * The Control Tower guard rules, minus those whose own resource type the app does not contain
 * (they can only return "not applicable"). cfn-guard evaluates every rule file
 * against every template, so skipping inapplicable files is where its time goes.
 */
export function controlTowerValidator(app: App): CfnGuardValidator {
  const types = new Set(
    app.node
      .findAll()
      .filter(CfnResource.isCfnResource)
      .map((r) => r.cfnResourceType),
  );
  const disabledRules: string[] = [];
  const walk = (dir: string) => {
    for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (f.name.endsWith('.guard')) {
        // A rule's own resource type is the one its `is_cfn_hook(%INPUT_DOCUMENT, %TYPE)` names.
        const text = fs.readFileSync(p, 'utf8');
        const own = [...text.matchAll(/is_cfn_hook\(%INPUT_DOCUMENT,\s*%(\w+)\)/g)]
          .map((m) => new RegExp(`let\\s+${m[1]}\\s*=\\s*"(AWS::[^"]+)"`).exec(text)?.[1])
          .filter((t): t is string => t !== undefined);
        if (own.length && !own.some((t) => types.has(t))) disabledRules.push(path.parse(f.name).name);
      }
    }
  };
  walk(GUARD_RULES);
  return new CfnGuardValidator({ controlTowerRulesEnabled: true, disabledRules });
}

export const packFactories: readonly ((app: App) => IPolicyValidationPlugin)[] = [
  (app) => new AwsSolutionsChecks(app),
  controlTowerValidator,
];
