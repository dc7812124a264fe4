import { NPLZ_TAGS } from '@nplz/core';

/**
 * NPLZ's own bookkeeping in a rendered resource: values that change on every baseline move or every
 * month without changing what the resource does. They are the `nplz:baseline` tag (which baseline
 * rendered it), the `nplz:force` tag (the owner's label, which a merger changes to the successor on
 * every resource; no policy or permission reads it) and a budget's start date (the first of the
 * month it was rendered in: Azure refuses a start date before the current month, so the renderer
 * moves it forward).
 *
 * `maskBookkeeping` returns a copy with those values replaced by a fixed placeholder, so two
 * renderings that differ only there compare equal, and every other property path keeps its index
 * (a tag list stays as long as it was).
 */
const MASK = '(bookkeeping)';

const TAG_CONTAINERS = new Set(['Tags', 'ResourceTags', 'tags']);
const MASKED_TAGS: ReadonlySet<string> = new Set([NPLZ_TAGS.baseline, NPLZ_TAGS.force]);

function maskTags(tags: unknown): unknown {
  if (Array.isArray(tags)) {
    // CloudFormation's [{ Key, Value }] (a few resource types spell them in lower case).
    return tags.map((t) => {
      if (!t || typeof t !== 'object') return t;
      const o = t as Record<string, unknown>;
      if (typeof o.Key === 'string' && MASKED_TAGS.has(o.Key)) return { ...o, Value: MASK };
      if (typeof o.key === 'string' && MASKED_TAGS.has(o.key)) return { ...o, value: MASK };
      return t;
    });
  }
  if (tags && typeof tags === 'object') {
    const o = tags as Record<string, unknown>;
    const masked = [...MASKED_TAGS].filter((k) => k in o);
    return masked.length ? { ...o, ...Object.fromEntries(masked.map((k) => [k, MASK])) } : o;
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
