import { scriptSafeJson } from '../src/html';
import { xmlAttr, xmlText } from '../src/private/text';

/**
 * The escapers skip text that has nothing to escape, and the script JSON is escaped in one pass:
 * each must give exactly what the plain chain of replacements gives, for every character class.
 */
const XML_INVALID =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const refText = (v: string) =>
  v
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
const refAttr = (v: string) => refText(v).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
const refScript = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const SAMPLES: readonly string[] = [
  '',
  'plain text, with commas; and → arrows',
  'Force-kent-prod/Tenancy/Vpc',
  ...Array.from({ length: 0x30 }, (_, c) => `a${String.fromCharCode(c)}b`),
  'a&b<c>d"e\'f',
  'tab\there\nnew line\r\n',
  '\uD83D\uDE00 a pair',
  'lone \uD83D high',
  'lone \uDE00 low',
  '\uFFFE\uFFFF',
  '\u2028\u2029',
  '</script><!-- x -->',
];

describe('report text escaping', () => {
  test.each(SAMPLES.map((s) => [JSON.stringify(s), s]))('xmlText and xmlAttr of %s are those of the replacement chain', (_, s) => {
    expect(xmlText(s)).toBe(refText(s));
    expect(xmlAttr(s)).toBe(refAttr(s));
  });

  test('text with nothing to escape is returned as it is', () => {
    const s = 'NPLZ-NET-03 kent/prod: a route to 10.20.0.0/16 → the hub';
    expect(xmlText(s)).toBe(s);
    expect(xmlAttr(s)).toBe(s);
  });

  test('scriptSafeJson is the replacement chain, in one pass', () => {
    const value = { samples: SAMPLES, nested: [{ a: '<&>' }, '\u2028'], n: 1 };
    expect(scriptSafeJson(value)).toBe(refScript(value));
    expect(JSON.parse(scriptSafeJson(value))).toEqual(value);
  });
});
