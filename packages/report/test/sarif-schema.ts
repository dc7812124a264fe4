import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';

/**
 * The official SARIF 2.1.0 schema (as shipped by @microsoft/jest-sarif, read from disk: nothing is
 * fetched) compiled with ajv 8. The schema is draft-04, which ajv 8 reads once the draft-04 `id`
 * is renamed `$id`; no other draft-04-only keyword occurs in it. Its `language` pattern has a stray
 * `]` that only non-unicode regular expressions accept, hence `unicodeRegExp: false`. Formats get
 * real checks rather than being ignored.
 */
export function sarifValidator(): ValidateFunction {
  const file = join(__dirname, '../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat(
    'date-time',
    (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
  );
  ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(s));
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
  return ajv.compile({ ...schema, $id: id as string });
}
