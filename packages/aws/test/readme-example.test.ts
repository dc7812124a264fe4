// The README's minimal example, kept here so that it compiles and runs.
import * as path from 'node:path';
import * as os from 'node:os';
import * as fs from 'node:fs';
import { App, aws_s3 as s3 } from 'aws-cdk-lib';
import { ForceTenancyStack, NationalServices, synthesizeAwsEstate } from '@nplz/aws';
import { loadEstateOrThrow } from '@nplz/core';

test('README example', () => {
  const estateDir = path.join(__dirname, '..', '..', '..', 'examples', 'estate');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-aws-readme-'));

  // --- README: begin ---
  // The national team: the whole estate as one cloud assembly.
  const estate = loadEstateOrThrow(estateDir);
  const result = synthesizeAwsEstate(estate, { outdir });
  console.log(`${result.stacks} stacks, ${result.resources} resources in ${result.assemblyDir}`);

  // A force: its own app, its tenancy, and an asset of its own.
  const kent = estate.tenancies.find((t) => t.spec.name === 'kent')!.spec;
  const services = NationalServices.fromNationalSettings(estate.national); // or NationalServices.fromManifest(json)
  const app = new App();
  // Stack id Force-kent-prod, the account and the region all come from the tenancy spec.
  const { tenancy } = new ForceTenancyStack(app, { spec: kent, environment: 'prod', services });
  new s3.Bucket(tenancy.localAssets, 'Evidence', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: tenancy.dataKey,
    enforceSSL: true,
  });
  // --- README: end ---

  // 12 national stacks less Nplz-IdentityNational, an identity stack per AWS tenancy (44), and 87 tenancy environments.
  expect(result.stacks).toBe(11 + 44 + 87);
  fs.rmSync(outdir, { recursive: true, force: true });
});
