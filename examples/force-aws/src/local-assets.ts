/**
 * Kent Police's own assets: the force's file, as in every `nplz init` scaffold (src/local-assets.ts),
 * called by the app once per environment. Everything under `tenancy.localAssets` carries the NPLZ
 * permissions boundary and is audited by `nplz synth` / `nplz audit` with the tenancy.
 */
import { RemovalPolicy, aws_dynamodb as dynamodb, aws_iam as iam } from 'aws-cdk-lib';
import type { ForceTenancy } from '@nplz/aws';

export function addLocalAssets(tenancy: ForceTenancy): void {
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
