/**
 * Kent Police's own CDK app: its NPLZ tenancy plus an asset of its own (a case-notes table),
 * connected to the national platform through the published national services manifest.
 *
 *   pnpm --filter @nplz/example-force-aws synth     # or: tsc -b && npx cdk synth
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, RemovalPolicy, Stack, aws_dynamodb as dynamodb, aws_iam as iam } from 'aws-cdk-lib';
import { ForceTenancy, NationalServices } from '@nplz/aws';
import { getBaseline, loadTenancyFile, NplzError } from '@nplz/core';

const here = path.join(__dirname, '..');
const tenancyFile = path.join(here, '..', 'estate', 'tenancies', 'kent.yaml');
const manifestFile = path.join(here, 'national-services.json');

const { entry, problems } = loadTenancyFile(tenancyFile);
if (!entry) throw new NplzError(problems);
const spec = entry.spec;
const services = NationalServices.fromManifest(fs.readFileSync(manifestFile, 'utf8'), manifestFile);
const baseline = getBaseline(spec.baseline);

const app = new App();
const wanted = String(app.node.tryGetContext('environments') ?? spec.environments.join(',')).split(',');

for (const environment of spec.environments.filter((e) => wanted.includes(e))) {
  const stack = new Stack(app, `Force-${spec.name}-${environment}`, {
    env: { account: spec.aws!.accounts[environment], region: spec.aws!.region ?? baseline.regions.aws.home },
    description: `Kent Police tenancy (${environment}) and local assets`,
  });
  const tenancy = new ForceTenancy(stack, 'Tenancy', { spec, environment, services });

  // Kent's own asset: it stays Kent's, inside the local-assets scope and its permissions boundary.
  const caseNotes = new dynamodb.Table(tenancy.localAssets, 'CaseNotes', {
    partitionKey: { name: 'caseId', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'noteId', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: tenancy.dataKey,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const reader = new iam.Role(tenancy.localAssets, 'CaseNotesReader', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'Reads case notes; carries the NPLZ local-assets boundary automatically',
  });
  caseNotes.grantReadData(reader);
}
