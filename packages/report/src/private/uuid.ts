import { createHash } from 'node:crypto';

const HEX_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A name-based UUID, version 5 (RFC 9562 §5.5, formerly RFC 4122 §4.3): SHA-1 of the namespace's
 * 16 bytes followed by the name's UTF-8 bytes, with the version and variant bits set. The same
 * name in the same namespace always gives the same UUID, so a report written twice from the same
 * findings is byte-identical.
 */
export function uuidV5(name: string, namespace: string): string {
  if (!HEX_UUID.test(namespace)) throw new Error(`namespace "${namespace}" is not a UUID`);
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The RFC 9562 namespace for names that are URLs. */
export const UUID_NAMESPACE_URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** NPLZ's own namespace: the v5 UUID of the project's URL in the URL namespace. */
export const NPLZ_UUID_NAMESPACE = uuidV5('https://github.com/nplz/nplz', UUID_NAMESPACE_URL);
