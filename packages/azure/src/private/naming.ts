import { createHash } from 'node:crypto';

/**
 * A name-based UUID (RFC 4122 version 5, SHA-1) so role assignment names are stable from run to
 * run and the same on every machine.
 */
export function stableUuid(name: string): string {
  // The URL namespace of RFC 4122, used only to salt the hash.
  const ns = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const hash = createHash('sha1').update(ns).update(name).digest();
  // Version 5 and the RFC 4122 variant, in the 20-byte SHA-1 digest's bytes 6 and 8.
  hash[6] = (hash.readUInt8(6) & 0x0f) | 0x50;
  hash[8] = (hash.readUInt8(8) & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * A globally unique Azure name for accounts that allow only lowercase letters and digits
 * (storage accounts, at most 24 characters): a readable prefix and a stable hash.
 */
export function compactName(prefix: string, seed: string, max = 24): string {
  const hash = createHash('sha1').update(seed).digest('hex').slice(0, 6);
  const readable = prefix.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `${readable.slice(0, max - hash.length)}${hash}`;
}

/** A Key Vault name: 3–24 letters, digits and hyphens, starting with a letter, globally unique. */
export function vaultName(prefix: string, seed: string): string {
  const hash = createHash('sha1').update(seed).digest('hex').slice(0, 5);
  const readable = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+$/, '');
  return `${readable.slice(0, 24 - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}
