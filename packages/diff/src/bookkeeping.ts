import { NPLZ_TAGS } from '@nplz/core';

/**
 * NPLZ's own bookkeeping in a rendered resource: values that change on every baseline move or every
 * month without changing what the resource does. They are the `nplz:baseline` tag (which baseline
 * rendered it) and a budget's start date (the first of the month it was rendered in: Azure refuses
 * a start date before the current month, so the renderer moves it forward).
 *
 * `maskBookkeeping` returns a copy with those values replaced by a fixed placeholder, so two
 * renderings that differ only there compare equal, and every other property path keeps its index
 * (a tag list stays as long as it was).
 */
const MASK = '(bookkeeping)';

const TAG_CONTAINERS = new Set(['Tags', 'ResourceTags', 'tags']);

function maskTags(tags: unknown): unknown {
  if (Array.isArray(tags)) {
    // CloudFormation's [{ Key, Value }] (a few resource types spell them in lower case).
    return tags.map((t) => {
      if (!t || typeof t !== 'object') return t;
      const o = t as Record<string, unknown>;
      if (o.Key === NPLZ_TAGS.baseline) return { ...o, Value: MASK };
      if (o.key === NPLZ_TAGS.baseline) return { ...o, value: MASK };
      return t;
    });
  }
  if (tags && typeof tags === 'object') {
    const o = tags as Record<string, unknown>;
    return NPLZ_TAGS.baseline in o ? { ...o, [NPLZ_TAGS.baseline]: MASK } : o;
  }
  return tags;
}

/** The tag containers of a CloudFormation resource's properties, or of a Pulumi resource's inputs. */
function maskProperties(props: unknown): unknown {
  if (!props || typeof props !== 'object' || Array.isArray(props)) return props;
  const out: Record<string, unknown> = { ...(props as Record<string, unknown>) };
  for (const k of Object.keys(out)) if (TAG_CONTAINERS.has(k)) out[k] = maskTags(out[k]);
  return out;
}

/** A CloudFormation resource (`{ Type, Properties, ... }`) with its bookkeeping masked. */
export function maskAwsBookkeeping(resource: unknown): unknown {
  if (!resource || typeof resource !== 'object') return resource;
  const r = resource as { Type?: string; Properties?: Record<string, unknown> };
  if (!r.Properties) return r;
  const Properties = maskProperties(r.Properties) as Record<string, unknown>;
  return { ...r, Properties };
}

/** A recorded Pulumi resource's inputs with their bookkeeping masked. */
export function maskAzureBookkeeping(type: string, inputs: unknown): unknown {
  const masked = maskProperties(inputs) as Record<string, unknown> | undefined;
  if (type === 'azure-native:consumption:Budget' && masked && typeof masked.timePeriod === 'object' && masked.timePeriod) {
    return { ...masked, timePeriod: { ...(masked.timePeriod as Record<string, unknown>), startDate: MASK } };
  }
  return masked;
}
