/**
 * Kent Police's own CDK app: its NPLZ tenancy plus an asset of its own (a case-notes table),
 * connected to the national platform through the published national services manifest.
 *
 *   pnpm --filter @nplz/example-force-aws synth     # or: tsc -b && npx cdk synth
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, RemovalPolicy, aws_dynamodb as dynamodb, aws_iam as iam } from 'aws-cdk-lib';
import { ForceTenancyStack, NationalServices } from '@nplz/aws';
import { loadTenancyFile, NplzError } from '@nplz/core';

const here = path.join(__dirname, '..');
const tenancyFile = path.join(here, '..', 'estate', 'tenancies', 'kent.yaml');
const manifestFile = path.join(here, 'national-services.json');

const { entry, problems } = loadTenancyFile(tenancyFile);
if (!entry) throw new NplzError(problems);
const spec = entry.spec;
const services = NationalServices.fromManifest(fs.readFileSync(manifestFile, 'utf8'), manifestFile);

const app = new App();
const wanted = String(app.node.tryGetContext('environments') ?? spec.environments.join(',')).split(',');

for (const environment of spec.environments.filter((e) => wanted.includes(e))) {
  // The stack id (Force-kent-<environment>), account and region come from the tenancy file.
  const { tenancy } = new ForceTenancyStack(app, {
    spec,
    environment,
    services,
    description: `Kent Police tenancy (${environment}) and local assets`,
  });

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
