/**
 * Inline handler (no asset, so the account baseline also works as a StackSet template):
 * switches on EBS encryption by default and the S3 account-level public access block.
 * On delete it leaves both on: removing NPLZ must not weaken an account.
 */
export const ACCOUNT_SETTINGS_HANDLER = `
const { EC2Client, EnableEbsEncryptionByDefaultCommand } = require('@aws-sdk/client-ec2');
const { S3ControlClient, PutPublicAccessBlockCommand } = require('@aws-sdk/client-s3-control');
exports.handler = async (event) => {
  let status = 'SUCCESS';
  let reason = 'ok';
  const account = event.ResourceProperties.AccountId;
  try {
    if (event.RequestType !== 'Delete') {
      await new EC2Client({}).send(new EnableEbsEncryptionByDefaultCommand({}));
      await new S3ControlClient({}).send(new PutPublicAccessBlockCommand({
        AccountId: account,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }));
    }
  } catch (e) {
    status = 'FAILED';
    reason = String(e).slice(0, 500);
  }
  await fetch(event.ResponseURL, {
    method: 'PUT',
    body: JSON.stringify({
      Status: status, Reason: reason, PhysicalResourceId: 'nplz-account-settings-' + account,
      StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId,
    }),
  });
};
`;
