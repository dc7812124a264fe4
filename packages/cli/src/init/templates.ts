import type { Force } from '@nplz/core';

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

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const guid = (kind: number, n: number) => `00000000-0000-4${hex(kind, 3)}-8000-${hex(n, 12)}`;
const ROLES = ['force-admin', 'force-developer', 'force-readonly', 'force-security'] as const;

/** The tenancy spec, with placeholder ids that validate; the README lists what to replace. */
export function tenancyYaml(c: InitContext): string {
  const f = c.force;
  const i = c.index;
  const lines = [
    '# yaml-language-server: $schema=./node_modules/@nplz/core/schema/tenancy.schema.json',
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
  const deps: Record<string, string> = { '@nplz/cli': `^${c.toolVersion}`, '@nplz/core': `^${c.toolVersion}` };
  const dev: Record<string, string> = { typescript: '5.9.3', '@types/node': '^20.19.0' };
  if (c.aws) Object.assign(deps, { '@nplz/aws': `^${c.toolVersion}`, 'aws-cdk-lib': '2.276.0', constructs: '10.8.1' }, {});
  if (c.aws) dev['aws-cdk'] = '2.1148.1';
  if (c.azure) Object.assign(deps, { '@nplz/azure': `^${c.toolVersion}`, '@pulumi/pulumi': '3.270.0', '@pulumi/azure-native': '3.28.0' });
  const scripts: Record<string, string> = {
    build: 'tsc -p .',
    validate: 'nplz validate .',
    synth: 'nplz synth --estate . --out out/synth',
    audit: 'nplz audit --in out/synth --report out/report',
  };
  if (c.aws) scripts['cdk:synth'] = 'tsc -p . && cdk synth';
  return `${JSON.stringify({ name: `${c.force.id}-landing-zone`, private: true, description: `${c.force.name}: NPLZ tenancy`, scripts, dependencies: deps, devDependencies: dev }, null, 2)}\n`;
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

export function awsApp(c: InitContext): string {
  return `/**
 * ${c.force.name}'s own CDK app: its NPLZ tenancy, plus the force's own assets, which stay its own.
 * It connects to the national platform through the services manifest the national team publishes.
 *
 *   npm run build && npx cdk synth      # then: npx cdk deploy Force-${c.force.id}-nonprod
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, RemovalPolicy, aws_s3 as s3 } from 'aws-cdk-lib';
import { ForceTenancyStack, NationalServices } from '@nplz/aws';
import { loadTenancyFile, NplzError } from '@nplz/core';

const root = path.join(__dirname, '..');
const { entry, problems } = loadTenancyFile(path.join(root, 'tenancies', '${c.force.id}.yaml'));
if (!entry) throw new NplzError(problems);
const spec = entry.spec;
const manifest = path.join(root, 'national-services.json');
const services = NationalServices.fromManifest(fs.readFileSync(manifest, 'utf8'), manifest);

const app = new App();
for (const environment of spec.environments) {
  // Stack id Force-<tenancy>-<environment>, account and region from the spec.
  const { tenancy } = new ForceTenancyStack(app, { spec, environment, services });

  // Your own assets go under tenancy.localAssets: roles created there carry the NPLZ boundary.
  new s3.Bucket(tenancy.localAssets, 'Documents', {
    encryptionKey: tenancy.dataKey,
    enforceSSL: true,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
`;
}

export function cdkJson(): string {
  return `${JSON.stringify({ app: 'node dist/aws-app.js', context: { 'aws:cdk:enable-path-metadata': true } }, null, 2)}\n`;
}

export function azureProgram(c: InitContext): string {
  return `/**
 * ${c.force.name}'s own Pulumi program: its NPLZ landing zone for one environment, peered to the
 * national hub. Values the national team publishes come from stack config (Pulumi.<stack>.yaml).
 *
 *   npm run build && pulumi preview --stack nonprod
 */
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { Provider } from '@pulumi/azure-native/provider';
import { ForceLandingZone } from '@nplz/azure';
import { loadTenancyFile, NplzError } from '@nplz/core';

const { entry, problems } = loadTenancyFile(path.join(__dirname, '..', 'tenancies', '${c.force.id}.yaml'));
if (!entry) throw new NplzError(problems);
const tenancy = entry.spec;

const config = new pulumi.Config();
const environment = config.require('environment');
const hubSubscriptionId = config.require('hubSubscriptionId');
const hubResourceGroupName = config.get('hubResourceGroupName') ?? 'nplz-connectivity';
const hubVirtualNetworkName = config.get('hubVirtualNetworkName') ?? 'nplz-hub';

const zone = new ForceLandingZone(\`\${tenancy.name}-\${environment}\`, {
  tenancy,
  environment,
  tenantId: config.require('tenantId'),
  managementGroupId: config.require('managementGroupId'),
  workspaceId: config.require('workspaceId'),
  hub: {
    resourceGroupName: hubResourceGroupName,
    virtualNetworkName: hubVirtualNetworkName,
    virtualNetworkId: \`/subscriptions/\${hubSubscriptionId}/resourceGroups/\${hubResourceGroupName}/providers/Microsoft.Network/virtualNetworks/\${hubVirtualNetworkName}\`,
    firewallPrivateIp: config.require('hubFirewallPrivateIp'),
    provider: new Provider('hub', { subscriptionId: hubSubscriptionId }),
  },
});

export const subscriptionId = zone.subscriptionId;
export const keyVaultId = zone.keyVault.id;
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

export function readme(c: InitContext, files: readonly string[]): string {
  const clouds = [c.aws && 'AWS', c.azure && 'Azure'].filter(Boolean).join(' and ');
  return `# ${c.force.name}: NPLZ tenancy

Your force's place in the National Policing Landing Zone on ${clouds}, under national baseline
${c.baseline}. Generated by \`nplz init\` (nplz ${c.toolVersion}).

## What is here

${files.map((f) => `- \`${f}\``).join('\n')}

## First: replace the placeholders

The generated values validate, so everything below works straight away, but they are not yours.
Replace every value marked \`# replace\` in \`tenancies/${c.force.id}.yaml\`: account and
subscription ids, the address ranges the national address plan gives you, your groups' ids,
cost centre and owners. Replace \`national.yaml\`${c.aws ? ' and `national-services.json`' : ''} with the
files the national team publishes.

## Check, synthesise and audit (offline, no cloud account)

\`\`\`sh
npm install
npx nplz validate .
npx nplz synth --estate . --out out/synth
npx nplz audit --in out/synth --report out/report   # open out/report/report.html
\`\`\`

## Deploy
${
  c.aws
    ? `
AWS (CDK): \`npm run build && npx cdk deploy Force-${c.force.id}-nonprod\`. Add your own assets under
\`tenancy.localAssets\` in \`src/aws-app.ts\`; they stay yours, under the NPLZ permissions boundary.
`
    : ''
}${
    c.azure
      ? `
Azure (Pulumi): \`npm run build && pulumi stack init nonprod\`, set the national values with
\`pulumi config set\` (environment, tenantId, managementGroupId, workspaceId, hubSubscriptionId,
hubFirewallPrivateIp), then \`pulumi preview\` and \`pulumi up\`.
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
