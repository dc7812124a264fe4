/**
 * Kent Police's own CDK app: its NPLZ tenancy plus an asset of its own (a case-notes table),
 * connected to the national platform through the published national services manifest.
 *
 *   pnpm --filter @nplz/example-force-aws synth     # or: tsc -b && npx cdk synth
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { ForceTenancyStack, NationalServices } from '@nplz/aws';
import { loadTenancyFile, NplzError } from '@nplz/core';
import { addLocalAssets } from './local-assets';

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

  // Kent's own assets, in the file the force owns (as src/local-assets.ts in an `nplz init` scaffold).
  addLocalAssets(tenancy);
}
