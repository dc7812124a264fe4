import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { STATEFUL_RESOURCE_TYPES } from '../src';

/**
 * The AWS stateful list is held against CloudFormation's own resource specification, as the CDK
 * team publishes it (@aws-cdk/aws-service-spec, whose `isStateful` flag drives the CDK's own
 * warnings): a type AWS calls stateful is stateful for NPLZ's retention checks and diff too, so a
 * force's local assets of any such type are covered, and a new stateful type AWS adds fails here
 * until the contract knows it.
 */
interface SpecResource {
  readonly cloudFormationType: string;
  readonly isStateful?: boolean;
}

function awsStatefulTypes(): string[] {
  const db = require.resolve('@aws-cdk/aws-service-spec/db.json.gz');
  const spec = JSON.parse(zlib.gunzipSync(fs.readFileSync(db)).toString('utf8')) as {
    schema: { resource: { entities: Record<string, SpecResource> } };
  };
  return Object.values(spec.schema.resource.entities)
    .filter((r) => r.isStateful)
    .map((r) => r.cloudFormationType)
    .sort();
}

test('every type CloudFormation marks stateful is stateful in the contract', () => {
  const theirs = awsStatefulTypes();
  expect(theirs.length).toBeGreaterThan(20);
  expect(theirs.filter((t) => !STATEFUL_RESOURCE_TYPES.aws.includes(t))).toEqual([]);
});

test('what the contract adds beyond CloudFormation is exactly the organisational unit, which holds accounts and policy attachments', () => {
  const theirs = new Set(awsStatefulTypes());
  expect(STATEFUL_RESOURCE_TYPES.aws.filter((t) => !theirs.has(t))).toEqual(['AWS::Organizations::OrganizationalUnit']);
});
