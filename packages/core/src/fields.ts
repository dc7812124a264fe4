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

const SLUG = /^[a-z][a-z0-9-]*[a-z0-9]$/;

export const TENANCY_NAME_ALLOWED = 'lowercase letters, digits and hyphens, 2–32 characters, starting with a letter';

export const tenancyName = z
  .string()
  .describe(TENANCY_NAME_ALLOWED)
  .superRefine((v, ctx) => {
    if (v.length < 2 || v.length > 32 || !SLUG.test(v) || v.includes('--')) {
      fail(ctx, `"${v}" is not a valid name`, { allowed: TENANCY_NAME_ALLOWED });
    }
  });

export const environmentName = z
  .string()
  .describe('an environment name: lowercase letters and digits, 2–12 characters, e.g. prod, nonprod, dev')
  .superRefine((v, ctx) => {
    if (!/^[a-z][a-z0-9]{1,11}$/.test(v)) {
      fail(ctx, `"${v}" is not a valid environment name`, {
        allowed: 'lowercase letters and digits, 2–12 characters, starting with a letter (e.g. prod, nonprod)',
      });
    }
  });

export const forceId = z
  .string()
  .describe('a force id from the registry (run `nplz forces`)')
  .superRefine((v, ctx) => {
    if (!isForceId(v)) {
      fail(ctx, `unknown force id "${v}"`, {
        allowed: 'a force id from the registry (run `nplz forces` to list them)',
        hint: suggestForce(v),
      });
    }
  });

export const baselineVersion = z
  .string()
  .describe(`a published baseline version (${BASELINE_VERSIONS.join(', ')})`)
  .superRefine((v, ctx) => {
    if (!BASELINE_VERSION_PATTERN.test(v)) {
      fail(ctx, `"${v}" is not a baseline version`, {
        allowed: `a date version YYYY.MM that is published: ${BASELINE_VERSIONS.join(', ')}`,
        hint: 'quote it in YAML ("2026.11"), or it is read as a number',
      });
    } else if (!findBaseline(v)) {
      fail(ctx, `unknown baseline version "${v}"`, {
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
      fail(ctx, `"${v}" is not a Government Security Classification NPLZ accepts`, {
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
      fail(ctx, `"${v}" is not an AWS account id`, { allowed: 'exactly 12 digits, quoted in YAML so leading zeros are kept' });
  });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuid = (what: string) =>
  z
    .string()
    .describe(`${what}: a GUID such as 00000000-0000-0000-0000-000000000000`)
    .superRefine((v, ctx) => {
      if (!UUID.test(v)) fail(ctx, `"${v}" is not ${what}`, { allowed: 'a GUID: 8-4-4-4-12 hexadecimal digits' });
    });

export const cidr = z
  .string()
  .describe('a private IPv4 CIDR block, e.g. 10.64.0.0/17')
  .superRefine((v, ctx) => {
    const parsed = Ipv4Cidr.tryParse(v);
    if (typeof parsed === 'string') {
      fail(ctx, `"${v}" is not a valid IPv4 CIDR block: ${parsed}`, {
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
      fail(ctx, `"${v}" is not an email address`, { allowed: 'an email address such as name@force.police.uk' });
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
      fail(ctx, `"${v}" is not a calendar date`, { allowed: 'a date YYYY-MM-DD, e.g. 2027-03-31' });
    }
  });

export const tagKey = z.string().describe('a tag key: 1–128 characters of letters, digits, spaces and + - = . _ : @');
export const tagValue = z
  .string()
  .describe('a tag value: up to 256 characters')
  .superRefine((v, ctx) => {
    if (v.length === 0 || v.length > 256) fail(ctx, 'tag value must be 1–256 characters', { allowed: '1–256 characters' });
  });
