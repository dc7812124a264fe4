import { z } from 'zod';
import { BASELINE_VERSIONS, BASELINE_VERSION_PATTERN, findBaseline } from './baselines';
import { ALLOWED_CLASSIFICATIONS, isAllowedClassification, isRefusedClassification, REFUSAL_REASON } from './classification';
import { isForceId, suggestForce } from './forces';
import { Ipv4Cidr } from './ipv4';
import { didYouMean } from './private/suggest';
import { fail } from './private/zod-problems';

/*
 * Field schemas shared by the tenancy spec and the national settings. Each carries a
 * description (it becomes the "allowed" text of a problem and the JSON Schema description)
 * and checks that say what is wrong in words.
 */

/** A value quoted for a message, shortened when long (the problem's `received` holds it whole). */
function quote(v: string): string {
  return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
}

const SLUG = /^[a-z][a-z0-9-]*[a-z0-9]$/;

export const TENANCY_NAME_ALLOWED = 'lowercase letters, digits and hyphens, 2–32 characters, starting with a letter';

/**
 * Names a JavaScript object already holds (`constructor`, ...): as an environment or tenancy name
 * they would read as present in every mapping, so they are refused.
 */
export function isObjectMemberName(v: string): boolean {
  return v in Object.prototype || v === 'prototype';
}

/**
 * Tenancy names the national platform uses for itself: `national` names the national platform in
 * findings and reports, and `nplz` and names starting `nplz-` are its own resources (the Azure
 * component `nplz-hub`, resource groups `nplz-...`).
 */
export function isReservedTenancyName(v: string): boolean {
  return v === 'national' || v === 'nplz' || v.startsWith('nplz-') || isObjectMemberName(v);
}

export const tenancyName = z
  .string()
  .describe(TENANCY_NAME_ALLOWED)
  .superRefine((v, ctx) => {
    if (v.length < 2 || v.length > 32 || !SLUG.test(v) || v.includes('--')) {
      fail(ctx, `${quote(v)} is not a valid name`, { allowed: TENANCY_NAME_ALLOWED });
    }
  });

/** A tenancy's own name: a valid name that is not one the national platform reserves. */
export const ownTenancyName = tenancyName.superRefine((v, ctx) => {
  if (isReservedTenancyName(v)) {
    fail(ctx, `${quote(v)} is reserved for the national platform`, {
      allowed: `${TENANCY_NAME_ALLOWED}, other than national, nplz, nplz-* and constructor`,
      hint: 'name the tenancy after its force or collaboration, e.g. kent or kent-essex-its',
    });
  }
});

export const environmentName = z
  .string()
  .describe('an environment name: lowercase letters and digits, 2–12 characters, e.g. prod, nonprod, dev')
  .superRefine((v, ctx) => {
    if (!/^[a-z][a-z0-9]{1,11}$/.test(v)) {
      fail(ctx, `${quote(v)} is not a valid environment name`, {
        allowed: 'lowercase letters and digits, 2–12 characters, starting with a letter (e.g. prod, nonprod)',
      });
    } else if (isObjectMemberName(v)) {
      fail(ctx, `${quote(v)} is a reserved word and cannot name an environment`, {
        allowed: 'lowercase letters and digits, 2–12 characters, other than constructor (e.g. prod, nonprod)',
      });
    }
  });

/**
 * A force id: one from the registry or, within an estate, the successor of a merger its national
 * settings declare (`mergers[].successor`). The registry's ids are the default.
 */
export function forceIdOf(successors: readonly string[] = []) {
  const known = new Set(successors);
  return z
    .string()
    .describe('a force id from the registry (run `nplz forces`), or a successor force the national settings declare')
    .superRefine((v, ctx) => {
      if (!isForceId(v) && !known.has(v)) {
        fail(ctx, `unknown force id ${quote(v)}`, {
          allowed: known.size
            ? `a force id from the registry (run \`nplz forces\` to list them) or a successor declared in the national settings' mergers (${[...known].join(', ')})`
            : 'a force id from the registry (run `nplz forces` to list them)',
          hint: suggestForce(v),
        });
      }
    });
}

export const forceId = forceIdOf();

export const baselineVersion = z
  .string()
  .describe(`a published baseline version (${BASELINE_VERSIONS.join(', ')})`)
  .superRefine((v, ctx) => {
    if (!BASELINE_VERSION_PATTERN.test(v)) {
      fail(ctx, `${quote(v)} is not a baseline version`, {
        allowed: `a date version YYYY.MM that is published: ${BASELINE_VERSIONS.join(', ')}`,
        hint: 'quote it in YAML ("2026.11"), or it is read as a number',
      });
    } else if (!findBaseline(v)) {
      fail(ctx, `unknown baseline version ${quote(v)}`, {
        allowed: `a published baseline version: ${BASELINE_VERSIONS.join(', ')}`,
        hint: didYouMean(v, BASELINE_VERSIONS),
      });
    }
  });

export const classification = z
  .string()
  .describe(`one of ${ALLOWED_CLASSIFICATIONS.join(', ')}`)
  .superRefine((v, ctx) => {
    if (isRefusedClassification(v)) {
      fail(ctx, `classification ${v} is refused: ${REFUSAL_REASON}`, {
        allowed: ALLOWED_CLASSIFICATIONS.join(' or '),
        hint: 'host SECRET and above on accredited national systems, not in an NPLZ tenancy',
      });
    } else if (!isAllowedClassification(v)) {
      fail(ctx, `${quote(v)} is not a Government Security Classification NPLZ accepts`, {
        allowed: ALLOWED_CLASSIFICATIONS.join(' or '),
        hint: didYouMean(v, ALLOWED_CLASSIFICATIONS),
      });
    }
  });

export const awsAccountId = z
  .string()
  .describe('a 12-digit AWS account id, quoted in YAML')
  .superRefine((v, ctx) => {
    if (!/^\d{12}$/.test(v))
      fail(ctx, `${quote(v)} is not an AWS account id`, { allowed: 'exactly 12 digits, quoted in YAML so leading zeros are kept' });
  });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuid = (what: string) =>
  z
    .string()
    .describe(`${what}: a GUID such as 00000000-0000-0000-0000-000000000000`)
    .superRefine((v, ctx) => {
      if (!UUID.test(v)) fail(ctx, `${quote(v)} is not ${what}`, { allowed: 'a GUID: 8-4-4-4-12 hexadecimal digits' });
    });

export const cidr = z
  .string()
  .describe('a private IPv4 CIDR block, e.g. 10.64.0.0/17')
  .superRefine((v, ctx) => {
    const parsed = Ipv4Cidr.tryParse(v);
    const leadingZero = /^(\d{1,3}\.){0,3}0\d/.test(v) || /\/0\d/.test(v);
    if (typeof parsed !== 'string' && leadingZero) {
      fail(ctx, `${quote(v)} has a number with a leading zero, which some tools read as octal`, {
        allowed: 'an IPv4 CIDR block with no leading zeros, e.g. 10.64.0.0/17',
        hint: `write ${parsed.toString()}`,
      });
    } else if (typeof parsed === 'string') {
      fail(ctx, `${quote(v)} is not a valid IPv4 CIDR block: ${parsed}`, {
        allowed: 'an IPv4 CIDR block a.b.c.d/n in a private range (10/8, 172.16/12, 192.168/16)',
      });
    } else if (!parsed.isPrivate) {
      fail(ctx, `${v} is not in a private address range`, { allowed: 'a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16' });
    }
  });

export const email = z
  .string()
  .describe('an email address')
  .superRefine((v, ctx) => {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v))
      fail(ctx, `${quote(v)} is not an email address`, { allowed: 'an email address such as name@force.police.uk' });
  });

export const isoDate = z
  .string()
  .describe('a date YYYY-MM-DD')
  .superRefine((v, ctx) => {
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(v) ||
      Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ||
      new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v
    ) {
      fail(ctx, `${quote(v)} is not a calendar date`, { allowed: 'a date YYYY-MM-DD, e.g. 2027-03-31' });
    }
  });

/**
 * Tag rules both clouds accept. AWS: keys 1–128 and values 0–256 characters of letters, digits,
 * spaces and `_ . : / = + - @`, and nothing starting `aws:` in any letter case. Azure: names up to
 * 512 characters (128 on storage accounts) without `< > % & \ ? /`, values up to 256, names
 * compared without regard to case. The intersection: no `/` in a key.
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html
 * https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations
 */
export const TAG_KEY_ALLOWED = '1–128 characters of letters, digits, spaces and + - = . _ : @, not starting "aws:" or "nplz:"';
const TAG_KEY_CHARS = /^[\p{L}\p{N} _.:=+\-@]+$/u;
const TAG_VALUE_CHARS = /^[\p{L}\p{N} _.:/=+\-@]*$/u;

export const tagKey = z
  .string()
  .describe(`a tag key: ${TAG_KEY_ALLOWED}`)
  .superRefine((v, ctx) => {
    const length = [...v].length;
    if (length === 0) fail(ctx, 'a tag key is empty', { allowed: TAG_KEY_ALLOWED });
    else if (length > 128) fail(ctx, `a tag key of ${length} characters is longer than AWS allows`, { allowed: TAG_KEY_ALLOWED });
    else if (!TAG_KEY_CHARS.test(v)) {
      const bad = [...new Set([...v].filter((c) => !TAG_KEY_CHARS.test(c)))].map((c) => JSON.stringify(c)).join(' ');
      fail(ctx, `tag key ${quote(v)} holds characters a tag key cannot: ${bad}`, {
        allowed: TAG_KEY_ALLOWED,
        hint: 'use hyphens or underscores instead',
      });
    } else if (v.toLowerCase().startsWith('aws:'))
      fail(ctx, `tag keys starting "aws:" (in any letter case) are reserved by AWS`, { allowed: TAG_KEY_ALLOWED });
  });

export const tagValue = z
  .string()
  .describe('a tag value: 1–256 characters of letters, digits, spaces and + - = . _ : / @')
  .superRefine((v, ctx) => {
    const length = [...v].length;
    if (length === 0 || length > 256) fail(ctx, `tag value must be 1–256 characters (it is ${length})`, { allowed: '1–256 characters' });
    else if (!TAG_VALUE_CHARS.test(v)) {
      const bad = [...new Set([...v].filter((c) => !TAG_VALUE_CHARS.test(c)))].map((c) => JSON.stringify(c)).join(' ');
      fail(ctx, `tag value holds characters AWS does not accept in a tag: ${bad}`, {
        allowed: 'letters, digits, spaces and + - = . _ : / @',
      });
    } else if (v.toLowerCase().startsWith('aws:'))
      fail(ctx, 'tag values starting "aws:" (in any letter case) are reserved by AWS', { allowed: 'a value that does not start "aws:"' });
  });

/**
 * Problems with a whole set of tags: keys that differ only in letter case (one tag to Azure), and
 * more tags than a resource can carry beside the ones NPLZ sets.
 */
export function checkTagSet(
  tags: Readonly<Record<string, unknown>>,
  path: string,
  ownTags: number,
): { path: string; received: unknown; message: string; allowed: string; hint?: string }[] {
  const out: { path: string; received: unknown; message: string; allowed: string; hint?: string }[] = [];
  const byLower = new Map<string, string>();
  for (const key of Object.keys(tags)) {
    const prior = byLower.get(key.toLowerCase());
    if (prior !== undefined)
      out.push({
        path: `${path}.${key}`,
        received: key,
        message: `tag key "${key}" differs from "${prior}" only in letter case; Azure reads them as one tag`,
        allowed: 'tag keys that differ in more than letter case',
        hint: `keep one of "${prior}" and "${key}"`,
      });
    else byLower.set(key.toLowerCase(), key);
  }
  const max = 50 - ownTags;
  const count = Object.keys(tags).length;
  if (count > max)
    out.push({
      path,
      received: `${count} tags`,
      message: `${count} tags; a resource carries at most 50, and NPLZ sets ${ownTags} of its own`,
      allowed: `at most ${max} tags`,
    });
  return out;
}
