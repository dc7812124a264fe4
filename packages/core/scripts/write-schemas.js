#!/usr/bin/env node
// Writes packages/core/schema/*.schema.json from the zod schemas. Run after `pnpm build`:
//   node packages/core/scripts/write-schemas.js
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { tenancyJsonSchema, nationalJsonSchema, attestationJsonSchema } = require('../dist');

const dir = path.join(__dirname, '..', 'schema');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'tenancy.schema.json'), `${JSON.stringify(tenancyJsonSchema(), null, 2)}\n`);
fs.writeFileSync(path.join(dir, 'national.schema.json'), `${JSON.stringify(nationalJsonSchema(), null, 2)}\n`);
fs.writeFileSync(path.join(dir, 'attestation.schema.json'), `${JSON.stringify(attestationJsonSchema(), null, 2)}\n`);
console.log(`wrote ${dir}/tenancy.schema.json, national.schema.json and attestation.schema.json`);
