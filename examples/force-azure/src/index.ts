// Entry point for `pulumi preview` / `pulumi up` (Pulumi.yaml: main dist/index.js), one stack per
// environment of the tenancy: `pulumi up --stack organization/surrey-landing-zone/prod`.
import * as pulumi from '@pulumi/pulumi';
import { firstOfMonth } from '@nplz/azure';
import { forceProgram } from './program';

const config = new pulumi.Config();

export = async () => {
  const { outputs } = await forceProgram({
    environment: config.get('environment') ?? pulumi.getStack(),
    ...(config.get('nationalStack') ? { nationalStack: config.require('nationalStack') } : {}),
    // Azure creates a budget only from the current month on; once it exists the value is ignored.
    budgetStartDate: config.get('budgetStartDate') ?? firstOfMonth(new Date()),
  });
  return outputs;
};
