// Characters XML 1.0 cannot carry at all, even escaped: control characters other than tab, LF and CR,
// lone surrogates and U+FFFE/U+FFFF. A message quoting arbitrary resource text must not make the file unreadable.
const XML_INVALID =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Any character xmlText or xmlAttr would change (a superset: also tab, LF and CR, and every
 * surrogate): text without one is returned as it is, without a pass per replacement.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_MAY_CHANGE = /[\u0000-\u001F&<>"'\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Text safe inside an XML attribute value or element. */
export function xmlText(value: string): string {
  if (!XML_MAY_CHANGE.test(value)) return value;
  return value
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Text safe inside HTML element content or a quoted attribute value. */
export function htmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Text safe inside a double-quoted XML attribute; line breaks survive attribute-value normalisation. */
export function xmlAttr(value: string): string {
  if (!XML_MAY_CHANGE.test(value)) return value;
  return xmlText(value).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
