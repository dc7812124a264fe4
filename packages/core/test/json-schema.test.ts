import * as fs from 'node:fs';
import * as path from 'node:path';
import { attestationJsonSchema, nationalJsonSchema, tenancyJsonSchema } from '../src';

const DIR = path.join(__dirname, '../schema');

describe('JSON Schemas for editors', () => {
  test.each([
    ['tenancy.schema.json', tenancyJsonSchema],
    ['national.schema.json', nationalJsonSchema],
    ['attestation.schema.json', attestationJsonSchema],
  ])('%s is up to date (regenerate with `node packages/core/scripts/write-schemas.js`)', (file, make) => {
    const committed = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
    expect(committed).toEqual(make());
  });

  test('offers the force ids and classifications as completions', () => {
    const s = tenancyJsonSchema() as { properties: Record<string, { enum?: string[] }> };
    expect(s.properties.force!.enum).toContain('thames-valley');
    expect(s.properties.classification!.enum).toEqual(['OFFICIAL', 'OFFICIAL-SENSITIVE']);
  });
});
