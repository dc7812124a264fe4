import { AZURE_STACKS } from '@nplz/azure';
import type { Force, NationalSettings } from '@nplz/core';

/** What `nplz init` knows when it writes a force's project. */
export interface InitContext {
  readonly force: Force;
  /** Position of the force in the registry: seeds its placeholder address plan and ids. */
  readonly index: number;
  readonly aws: boolean;
  readonly azure: boolean;
  readonly baseline: string;
  readonly toolVersion: string;
}

/**
 * The JSON Schemas' paths as the files that name them see them: `national.yaml` sits at the
 * project root and the spec in `tenancies/`; both schemas ship in @nplz/core (`schema/`).
 */
export const NATIONAL_SCHEMA = './node_modules/@nplz/core/schema/national.schema.json';
export const TENANCY_SCHEMA = '../node_modules/@nplz/core/schema/tenancy.schema.json';

/**
 * The Node.js versions a scaffold targets: what @pulumi/pulumi 3.270 declares (`engines.node`
 * ">=22"), which aws-cdk-lib and the NPLZ packages (>=20) also accept. The `@types/node` major follows it.
 */
export const SCAFFOLD_NODE_ENGINES = '>=22';
const SCAFFOLD_TYPES_NODE = '^22.0.0';

/** The files a force owns: `nplz init` writes them once, and nothing of NPLZ's ever rewrites them. */
export const FORCE_OWNED_FILES = ['src/local-assets.ts', 'src/local-assets-azure.ts'] as const;

/**
 * Where a force project declares its own programs, in package.json (`nplz`): `nplz synth` runs
 * the CDK app `cdk.json` names and records the Pulumi program `Pulumi.yaml` names, the same ones
 * `cdk deploy` and `pulumi up` run.
 */
export interface ForceProjectDeclaration {
  /** The CDK project file (its `app` is the command that synthesises the force's CDK app). */
  readonly cdkApp?: string;
  /** The Pulumi project file (its `main` is the force's program; `Pulumi.<environment>.yaml` its stack config). */
  readonly pulumiProject?: string;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const guid = (kind: number, n: number) => `00000000-0000-4${hex(kind, 3)}-8000-${hex(n, 12)}`;
const ROLES = ['force-admin', 'force-developer', 'force-readonly', 'force-security'] as const;

/** The tenancy spec, with placeholder ids that validate; the README lists what to replace. */
export function tenancyYaml(c: InitContext): string {
  const f = c.force;
  const i = c.index;
  const lines = [
    `# yaml-language-server: $schema=${TENANCY_SCHEMA}`,
    `# ${f.name}: NPLZ tenancy spec. Values marked "replace" are placeholders that validate; see README.md.`,
    `name: ${f.id}`,
    `force: ${f.id}`,
    `description: ${f.name} landing zone tenancy`,
    `baseline: "${c.baseline}"`,
    'classification: OFFICIAL-SENSITIVE',
    'environments: [prod, nonprod]',
  ];
  if (c.aws) {
    lines.push(
      'aws:',
      '  accounts: # replace: your AWS account ids',
      `    prod: "${String(900000000000 + i * 10 + 1)}"`,
      `    nonprod: "${String(900000000000 + i * 10 + 2)}"`,
      '  network: # replace: the ranges the national address plan gives your force',
      `    prod: 10.${16 + i}.0.0/17`,
      `    nonprod: 10.${16 + i}.128.0/17`,
    );
  }
  if (c.azure) {
    lines.push(
      'azure:',
      '  subscriptions: # replace: your Azure subscription ids',
      `    prod: ${guid(0x5b9, i * 10 + 1)}`,
      `    nonprod: ${guid(0x5b9, i * 10 + 2)}`,
      '  network: # replace: the ranges the national address plan gives your force',
      `    prod: 10.${64 + i}.0.0/17`,
      `    nonprod: 10.${64 + i}.128.0/17`,
    );
  }
  lines.push('identity:', "  groups: # replace: your groups' ids in IAM Identity Center and Entra ID");
  ROLES.forEach((role, r) => {
    lines.push(`    ${role}:`, `      displayName: ${f.id.toUpperCase()}-NPLZ-${role.replace('force-', '').toUpperCase()}`);
    if (c.aws) lines.push(`      awsGroupId: ${guid(0xa19, i * 10 + r)}`);
    if (c.azure) lines.push(`      entraObjectId: ${guid(0xe19, i * 10 + r)}`);
  });
  lines.push(
    'tags: # replace: your cost centre and owners',
    `  cost-centre: ${f.id}-digital`,
    `  data-owner: ${f.area} information asset owner`,
    `  service-owner: ${f.area} head of digital services`,
    'budget:',
    '  monthlyGbp: 5000',
    `  alertEmails: [cloud-finance@${f.id}.police.uk] # replace`,
    '',
  );
  return lines.join('\n');
}

export function packageJson(c: InitContext): string {
  // @nplz/policy: the NPLZ pack the CDK app runs, and the Pulumi policy pack (`--policy-pack node_modules/@nplz/policy/pack`).
  const deps: Record<string, string> = {
    '@nplz/cli': `^${c.toolVersion}`,
    '@nplz/core': `^${c.toolVersion}`,
    '@nplz/policy': `^${c.toolVersion}`,
  };
  const dev: Record<string, string> = { typescript: '5.9.3', '@types/node': SCAFFOLD_TYPES_NODE };
  if (c.aws)
    Object.assign(deps, {
      '@nplz/aws': `^${c.toolVersion}`,
      'aws-cdk-lib': '2.276.0',
      constructs: '10.8.1',
    });
  if (c.aws) dev['aws-cdk'] = '2.1148.1';
  if (c.azure) Object.assign(deps, { '@nplz/azure': `^${c.toolVersion}`, '@pulumi/pulumi': '3.270.0', '@pulumi/azure-native': '3.28.0' });
  const scripts: Record<string, string> = {
    build: 'tsc -p .',
    validate: 'nplz validate .',
    synth: 'tsc -p . && nplz synth --estate . --out out/synth',
    audit: 'nplz audit --in out/synth --report out/report',
  };
  if (c.aws) scripts['cdk:synth'] = 'tsc -p . && cdk synth';
  if (c.azure) scripts['azure:plan'] = 'tsc -p . && node dist/record-azure-plan.js';
  const nplz: ForceProjectDeclaration = { ...(c.aws ? { cdkApp: 'cdk.json' } : {}), ...(c.azure ? { pulumiProject: 'Pulumi.yaml' } : {}) };
  return `${JSON.stringify(
    {
      name: `${c.force.id}-landing-zone`,
      private: true,
      description: `${c.force.name}: NPLZ tenancy`,
      engines: { node: SCAFFOLD_NODE_ENGINES },
      nplz,
      scripts,
      dependencies: deps,
      devDependencies: dev,
    },
    null,
    2,
  )}\n`;
}

export function tsconfigJson(): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'Node16',
        moduleResolution: 'Node16',
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        outDir: 'dist',
        rootDir: 'src',
        types: ['node'],
      },
      include: ['src'],
    },
    null,
    2,
  )}\n`;
}

const GENERATED = (what: string) =>
  `Generated by \`nplz init\`: NPLZ's wiring, which a new NPLZ version may regenerate. Put your own ${what} in`;

export function awsApp(c: InitContext): string {
  return `/**
 * ${c.force.name}'s CDK app: its NPLZ tenancy per environment, plus the force's own assets.
 * ${GENERATED('assets')}
 * src/local-assets.ts, which is yours and never rewritten.
 *
 * \`cdk synth\`, \`cdk deploy\` and \`nplz synth\` all run this app (cdk.json), with the NPLZ checks:
 * every violation names the NPLZ control and its NCSC Cloud Security Principles.
 *
 *   npm run build && npx cdk deploy Force-${c.force.id}-nonprod
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { ForceTenancyStack, NationalServices } from '@nplz/aws';
import { consentedMembers, getBaseline, loadEstate, NplzError } from '@nplz/core';
import { acknowledgeTenancyExceptions, INDEPENDENT_PACK_FACTORIES, NplzChecks } from '@nplz/policy';
import { addLocalAssets } from './local-assets';

const root = path.join(__dirname, '..');
// The same national settings and spec \`nplz validate\` reads, validated the same way.
const { estate, problems } = loadEstate(root);
if (!estate) throw new NplzError(problems);
const spec = estate.tenancies.find((t) => t.spec.name === '${c.force.id}')?.spec;
if (!spec) throw new Error('tenancies/${c.force.id}.yaml declares no tenancy named ${c.force.id}');
const manifest = path.join(root, 'national-services.json');
const services = NationalServices.fromManifest(fs.readFileSync(manifest, 'utf8'), manifest);

const app = new App();
for (const environment of spec.environments) {
  // Stack id Force-<tenancy>-<environment>, account and region from the spec.
  const { tenancy } = new ForceTenancyStack(app, { spec, environment, services });
  addLocalAssets(tenancy);
}

// Declared exceptions are acknowledged on the resources they name; the rest fail synthesis.
acknowledgeTenancyExceptions(app, estate);
Validations.of(app).addPlugins(
  new NplzChecks(app, {
    baseline: getBaseline(spec.baseline),
    collaborations: consentedMembers([spec]),
    logArchiveBucket: services.logArchiveBucketName,
    configArchiveBucket: services.configArchiveBucketName,
  }),
  ...INDEPENDENT_PACK_FACTORIES.map((pack) => pack(app)),
);
`;
}

/** The force-owned file of a cloud the project does not use yet: it compiles without that cloud's packages. */
function unusedCloudAssets(c: InitContext, cloud: 'AWS' | 'Azure', param: string, type: string, pkg: string): string {
  return `/**
 * ${c.force.name}'s own ${cloud} assets, for when this project uses ${cloud} (it was created without it).
 * This file is yours: \`nplz init\` writes it once and nothing of NPLZ's rewrites it. To use it,
 * add ${pkg} to package.json, type the parameter as \`${type}\` and create your assets here.
 */
export function addLocalAssets(${param}: unknown): void {
  void ${param};
}
`;
}

export function awsLocalAssets(c: InitContext): string {
  if (!c.aws) return unusedCloudAssets(c, 'AWS', 'tenancy', "ForceTenancy from '@nplz/aws'", '@nplz/aws and aws-cdk-lib');
  return `/**
 * ${c.force.name}'s own AWS assets. This file is yours: \`nplz init\` writes it once and nothing of
 * NPLZ's rewrites it. src/aws-app.ts calls addLocalAssets once per environment.
 *
 * Create everything under \`tenancy.localAssets\`: roles there carry the NPLZ permissions boundary,
 * and \`nplz synth\` / \`nplz audit\` check every resource here against your baseline's controls.
 */
import type { ForceTenancy } from '@nplz/aws';

export function addLocalAssets(tenancy: ForceTenancy): void {
  // Nothing yet. For example, a table encrypted with the tenancy's key and retained:
  //
  //   new dynamodb.Table(tenancy.localAssets, 'CaseNotes', {
  //     partitionKey: { name: 'caseId', type: dynamodb.AttributeType.STRING },
  //     encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
  //     encryptionKey: tenancy.dataKey,
  //     pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  //     removalPolicy: RemovalPolicy.RETAIN,
  //   });
  void tenancy;
}
`;
}

/**
 * cdk.json. No context key starting `aws:`: the CDK CLI reserves those (it warns about them in
 * cdk.json) and already passes construct path metadata on by default.
 */
export function cdkJson(): string {
  return `${JSON.stringify({ app: 'node dist/aws-app.js' }, null, 2)}\n`;
}

export function azureProgram(c: InitContext): string {
  return `/**
 * ${c.force.name}'s Pulumi program: the tenancy environment stack of its NPLZ landing zone (the
 * stack's environment), the same unit the national estate records for it (\`tenancyStack\` from
 * @nplz/azure), plus the force's own assets.
 * ${GENERATED('assets')}
 * src/local-assets-azure.ts, which is yours and never rewritten.
 *
 * What the zone needs of the national platform (hub, firewall, workspace, management group, policy
 * assignments) it reads from the national stack's outputs through a StackReference (stack config
 * \`nationalStack\`). It writes only in this environment's subscription: the hub side of its peering
 * is the national peerings stack's. \`pulumi up\` and \`nplz synth\` (offline, under the NPLZ plan
 * recorder) both run this program.
 *
 *   npm run build && pulumi preview --stack nonprod
 */
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { AZURE_STACKS, firstOfMonth, tenancyStack } from '@nplz/azure';
import { loadTenancyFile, NplzError } from '@nplz/core';
import { addLocalAssets } from './local-assets-azure';

const { entry, problems } = loadTenancyFile(path.join(__dirname, '..', 'tenancies', '${c.force.id}.yaml'));
if (!entry) throw new NplzError(problems);
const tenancy = entry.spec;
const config = new pulumi.Config();

export = async () => {
  const { zone, outputs } = await tenancyStack({
    tenancy,
    environment: config.require('environment'),
    nationalStack:
      config.get('nationalStack') ?? \`\${AZURE_STACKS.organization}/\${AZURE_STACKS.nationalProject}/\${AZURE_STACKS.national}\`,
    // Azure creates a monthly budget only from the first of the current month on (the start "within
    // the time grain period"); once created, the budget ignores later values.
    budgetStartDate: config.get('budgetStartDate') ?? firstOfMonth(new Date()),
  });
  addLocalAssets(zone);
  return outputs;
};
`;
}

export function azureLocalAssets(c: InitContext): string {
  if (!c.azure) return unusedCloudAssets(c, 'Azure', 'zone', "ForceLandingZone from '@nplz/azure'", '@nplz/azure and @pulumi/azure-native');
  return `/**
 * ${c.force.name}'s own Azure assets. This file is yours: \`nplz init\` writes it once and nothing of
 * NPLZ's rewrites it. src/azure-program.ts calls addLocalAssets for the stack's environment.
 *
 * Create resources with \`{ parent: zone, provider: zone.provider }\` so they deploy into your
 * subscription and the audit attributes them to your tenancy; put them in the resource groups your
 * spec lists under localAssets.resourceGroups (zone.localResourceGroups). \`nplz synth\` records
 * them and \`nplz audit\` checks each against your baseline's controls.
 */
import type { ForceLandingZone } from '@nplz/azure';

export function addLocalAssets(zone: ForceLandingZone): void {
  // For example:
  //   const rg = zone.localResourceGroups['${c.force.id}-crime-analytics'];
  //   new storage.StorageAccount('analytics', { resourceGroupName: rg.name, ... }, { parent: zone, provider: zone.provider });
  void zone;
}
`;
}

export function recordAzurePlan(c: InitContext): string {
  return `/**
 * Records this project's Pulumi program offline, as \`pulumi preview\` would run it for one stack,
 * with that stack's config (Pulumi.<stack>.yaml), under the NPLZ plan recorder: no Pulumi CLI,
 * engine or Azure account. ${GENERATED('code').replace(/ in$/, '')} src/.
 *
 *   npm run azure:plan -- nonprod out/azure-plan.nonprod.json
 */
import * as path from 'node:path';
import { recordForceProgram } from '@nplz/cli';

const stack = process.argv[2] ?? 'nonprod';
const out = path.resolve(process.argv[3] ?? path.join('out', \`azure-plan.\${stack}.json\`));
recordForceProgram(path.join(__dirname, '..'), stack, out).then(
  (n) => console.log(\`${c.force.id}: \${n} resources of stack \${stack} → \${out}\`),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  },
);
`;
}

export function pulumiYaml(c: InitContext): string {
  return `name: ${c.force.id}-landing-zone
description: ${c.force.name} NPLZ landing zone on Azure
runtime:
  name: nodejs
  options:
    typescript: false
main: dist/azure-program.js
`;
}

/** Stack config for one environment: the environment, and the national stack its StackReference reads. */
export function pulumiStackYaml(c: InitContext, environment: string, national: NationalSettings): string {
  void national;
  const p = `${c.force.id}-landing-zone`;
  const values: [string, string][] = [
    ['environment', environment],
    ['nationalStack', `${AZURE_STACKS.organization}/${AZURE_STACKS.nationalProject}/${AZURE_STACKS.national}`],
  ];
  return [
    `# Stack config of stack "${environment}": \`pulumi up --stack ${environment}\` and \`nplz synth\` read it.`,
    '# nationalStack: the national stack (<organization>/nplz/national) the national team deploys; its',
    '# outputs give the hub, the firewall, the workspace, the management group and the policy assignments.',
    '# budgetStartDate (optional, YYYY-MM-01) defaults to the first of the current month.',
    'config:',
    ...values.map(([k, v]) => `  ${p}:${k}: ${/^[\w./-]+$/.test(v) ? v : JSON.stringify(v)}`),
    '',
  ].join('\n');
}

export function readme(c: InitContext, files: readonly string[]): string {
  const clouds = [c.aws && 'AWS', c.azure && 'Azure'].filter(Boolean).join(' and ');
  return `# ${c.force.name}: NPLZ tenancy

Your force's place in the National Policing Landing Zone on ${clouds}, under national baseline
${c.baseline}. Generated by \`nplz init\` (nplz ${c.toolVersion}).

## What is here

${files.map((f) => `- \`${f}\``).join('\n')}

${FORCE_OWNED_FILES.filter((f) => (f.endsWith('azure.ts') ? c.azure : c.aws))
  .map((f) => `\`${f}\``)
  .join(
    ' and ',
  )} ${c.aws && c.azure ? 'are' : 'is'} yours: your own assets go there, and nothing of NPLZ's rewrites ${c.aws && c.azure ? 'them' : 'it'}.
The rest is NPLZ's wiring.

## First: replace the placeholders

The generated values validate, so everything below works straight away, but they are not yours.
Replace every value marked \`# replace\` in \`tenancies/${c.force.id}.yaml\`: account and
subscription ids, the address ranges the national address plan gives you, your groups' ids,
cost centre and owners. Replace \`national.yaml\`${c.aws ? ' and `national-services.json`' : ''} with the
files the national team publishes${c.azure ? ', and the values in `Pulumi.<environment>.yaml` with theirs' : ''}.

## Check, synthesise and audit (offline, no cloud account)

\`nplz synth\` builds nothing itself: it runs ${c.aws ? 'the CDK app `cdk.json` names' : ''}${c.aws && c.azure ? ' and records ' : c.azure ? 'records ' : ''}${c.azure ? 'the Pulumi program `Pulumi.yaml` names' : ''} (package.json \`nplz\`), so build first.
The audit then checks what \`${[c.aws && 'cdk deploy', c.azure && 'pulumi up'].filter(Boolean).join('` and `')}\` would apply, your own assets included.

\`\`\`sh
npm install
npx nplz validate .
npm run build
npx nplz synth --estate . --out out/synth
npx nplz audit --in out/synth --report out/report   # open out/report/report.html
\`\`\`
${
  c.aws
    ? `
\`npm run cdk:synth\` runs the same CDK app with the CDK CLI: the NPLZ checks print each violation
with its NPLZ control and NCSC principles. \`nplz audit\` reads \`nplz synth\`'s output, not \`cdk.out\`.
`
    : ''
}${
    c.azure
      ? `
\`npm run azure:plan -- nonprod\` records the Pulumi program of stack \`nonprod\` alone, offline, into
\`out/azure-plan.nonprod.json\`.
`
      : ''
  }
## Deploy
${
  c.aws
    ? `
AWS (CDK), with credentials for each account and region eu-west-2. Bootstrap each account once
(add \`--trust <pipeline-account-id> --cloudformation-execution-policies arn:aws:iam::aws:policy/AdministratorAccess\`
if a pipeline in another account deploys), then deploy, giving the national hub's Transit
Gateway id unless \`national-services.json\` carries it (\`network.transitGatewayId\`):

\`\`\`sh
npx cdk bootstrap aws://<account-id>/eu-west-2
npm run build
npx cdk deploy Force-${c.force.id}-nonprod --parameters HubTransitGatewayId=<tgw-id>
\`\`\`
`
    : ''
}${
    c.azure
      ? `
Azure (Pulumi): \`npm run build && pulumi stack init nonprod\` (\`Pulumi.nonprod.yaml\` holds its
config), then \`pulumi preview --stack nonprod\` and \`pulumi up --stack nonprod\`.
`
      : ''
  }
## Exceptions

If a control cannot be met, declare an exception in the spec (control, reason, approvedBy,
expires, scope). It is reported as excepted until it expires, then as a failure. See the NPLZ
tenancy spec guide.
`;
}

/**
 * National settings with placeholder identifiers: the sample estate's, and what `nplz init` writes
 * until the force receives the file the national team publishes.
 */
export function sampleNationalYaml(schemaPath: string, baseline: string, note: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
# ${note}
baseline: "${baseline}"
aws:
  organizationId: o-nplzsample01
  rootId: r-nplz
  managementAccount: "100000000001"
  logArchiveAccount: "100000000002"
  auditAccount: "100000000003"
  networkAccount: "100000000004"
  hubCidr: 10.0.0.0/16
  identityCenter:
    instanceArn: arn:aws:sso:::instance/ssoins-0123456789abcdef
    identityStoreId: d-0123456789
azure:
  tenantId: ${guid(0x7e7, 1)}
  rootManagementGroup: nplz
  subscriptions:
    management: ${guid(0x5b5, 100001)}
    connectivity: ${guid(0x5b5, 100002)}
    identity: ${guid(0x5b5, 100003)}
    security: ${guid(0x5b5, 100004)}
  hubCidr: 10.1.0.0/16
soc:
  email: soc@national-cyber.police.uk
identity:
  groups:
    national-platform-admin:
      displayName: NPLZ-NATIONAL-PLATFORM-ADMIN
      awsGroupId: ${guid(0xa11, 900001)}
      entraObjectId: ${guid(0xe1d, 900001)}
    national-security-analyst:
      displayName: NPLZ-NATIONAL-SOC
      awsGroupId: ${guid(0xa11, 900002)}
      entraObjectId: ${guid(0xe1d, 900002)}
    national-network-admin:
      displayName: NPLZ-NATIONAL-NETWORK
      awsGroupId: ${guid(0xa11, 900003)}
      entraObjectId: ${guid(0xe1d, 900003)}
    national-auditor:
      displayName: NPLZ-NATIONAL-AUDIT
      awsGroupId: ${guid(0xa11, 900004)}
      entraObjectId: ${guid(0xe1d, 900004)}
tags:
  cost-centre: nplz-national
  data-owner: National Enabling Programmes
  service-owner: NPLZ national platform lead
`;
}
