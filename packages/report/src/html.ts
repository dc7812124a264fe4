import { createHash } from 'node:crypto';
import { CONTROL_AREAS, CONTROLS, FORCES, NCSC_PRINCIPLES, SEVERITIES, defined } from '@nplz/core';
import type { Severity } from '@nplz/core';
import { FINDING_CLOUDS, FINDING_STATUSES, NATIONAL_TENANCY, compareSeverity, reportAsOf } from '@nplz/core';
import type { FindingsReport } from '@nplz/core';
import { CAF_TITLES } from './private/catalog';
import { htmlText } from './private/text';
import { HTML_CLIENT_SCRIPT, HTML_STYLE } from './private/html-client';

/**
 * The data the page script reads. Findings are arrays of indices into `strings` (and into the
 * code lists) rather than objects: an estate audit has tens of thousands of findings whose
 * rules, messages, sources and mappings repeat, and this keeps the file a few megabytes.
 */
export interface HtmlReportData {
  readonly meta: Pick<FindingsReport, 'tool' | 'version' | 'baseline' | 'generatedAt' | 'summary'> & { readonly asOf: string };
  readonly statuses: readonly string[];
  readonly severities: readonly string[];
  readonly clouds: readonly string[];
  readonly controls: readonly {
    readonly id: string;
    /** The catalog area (`NET`), or `''` for a control outside the catalog. */
    readonly area: string;
    readonly title: string;
    readonly rationale: string;
    readonly severity: Severity;
    readonly ncsc: readonly number[];
    readonly caf: readonly string[];
    readonly scopes: readonly string[];
    /** Every finding of the control is about the national platform: force columns say so rather than "no evidence". */
    readonly nationalOnly: boolean;
  }[];
  /**
   * Matrix columns: the national platform first, then tenancies by name, each with the clouds it
   * has evidence on (a tenancy on both clouds gets a status per cloud).
   */
  readonly tenancies: readonly { readonly name: string; readonly forces: readonly string[]; readonly clouds: readonly string[] }[];
  /** Control areas: `NET` → `Network boundary`. */
  readonly areas: Readonly<Record<string, string>>;
  readonly forces: Readonly<Record<string, string>>;
  readonly ncsc: Readonly<Record<string, string>>;
  readonly caf: Readonly<Record<string, string>>;
  readonly strings: readonly string[];
  /** [control, tenancy, status, severity, cloud, environment|-1, resource, source, rule, message, ncsc, caf, exception|-1, acknowledgement|-1]. */
  readonly findings: readonly (readonly number[])[];
  /** [reason, approvedBy, expires, daysLeft] with strings as indices. */
  readonly exceptions: readonly (readonly number[])[];
  /** [reason, where] of acknowledgements in code, as string indices. */
  readonly acknowledgements: readonly (readonly number[])[];
  /** The tenancies being decommissioned, as in the report (empty when none is: the page then has no such section). */
  readonly decommissioning: NonNullable<FindingsReport['decommissioning']>;
}

const FORCE_BY_ID = new Map(FORCES.map((f) => [f.id, f]));

export function htmlReportData(report: FindingsReport): HtmlReportData {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const str = (s: string): number => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };

  // Rows: the whole catalog, then any control id that only evidence from another tool names, in
  // the order the findings first name them.
  type ControlRow = HtmlReportData['controls'][number];
  const catalog = new Set(CONTROLS.map((c) => c.id));
  const outside = new Map<string, ControlRow>();
  for (const f of report.findings) {
    if (catalog.has(f.control)) continue;
    const c = outside.get(f.control);
    outside.set(
      f.control,
      c
        ? {
            ...c,
            severity: compareSeverity(f.severity, c.severity) > 0 ? f.severity : c.severity,
            scopes: c.scopes.includes(f.cloud) ? c.scopes : [...c.scopes, f.cloud],
          }
        : {
            id: f.control,
            area: '',
            title: '(not in the catalog)',
            rationale: '',
            severity: f.severity,
            ncsc: f.ncsc,
            caf: f.caf,
            scopes: [f.cloud],
            nationalOnly: false,
          },
    );
  }
  const tenanciesOf = new Map<string, Set<string>>();
  for (const f of report.findings) {
    const set = tenanciesOf.get(f.control) ?? new Set<string>();
    set.add(f.tenancy);
    tenanciesOf.set(f.control, set);
  }
  const nationalOnly = (id: string): boolean => {
    const set = tenanciesOf.get(id);
    return set !== undefined && set.size === 1 && set.has(NATIONAL_TENANCY);
  };
  const controls: ControlRow[] = [
    ...CONTROLS.map((c) => ({
      id: c.id,
      area: c.area,
      title: c.title,
      rationale: c.rationale,
      severity: c.severity,
      ncsc: c.ncsc,
      caf: c.caf,
      scopes: c.scopes,
      nationalOnly: nationalOnly(c.id),
    })),
    ...[...outside.values()].map((c) => ({ ...c, nationalOnly: nationalOnly(c.id) })),
  ];
  const controlIndex = new Map(controls.map((c, i) => [c.id, i]));

  const declared = new Map((report.tenancies ?? []).map((t) => [t.name, t.forces]));
  const names = new Set([...declared.keys(), ...report.findings.map((f) => f.tenancy)]);
  const sortedNames = [...names].sort((a, b) => (a === NATIONAL_TENANCY ? -1 : b === NATIONAL_TENANCY ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const cloudsOf = new Map<string, Set<string>>();
  for (const f of report.findings) {
    if (f.cloud === 'estate') continue;
    const set = cloudsOf.get(f.tenancy) ?? new Set<string>();
    set.add(f.cloud);
    cloudsOf.set(f.tenancy, set);
  }
  const tenancies = sortedNames.map((name) => ({
    name,
    // Without declared tenancies, a tenancy named after a force is taken to be that force's.
    forces: declared.get(name) ?? (FORCE_BY_ID.has(name) ? [name] : []),
    clouds: FINDING_CLOUDS.filter((c) => cloudsOf.get(name)?.has(c)),
  }));
  const tenancyIndex = new Map(tenancies.map((t, i) => [t.name, i]));

  const forces: Record<string, string> = {};
  for (const t of tenancies) for (const id of t.forces) forces[id] = FORCE_BY_ID.get(id)?.name ?? id;

  const exceptions: number[][] = [];
  const acknowledgements: number[][] = [];
  const findings = report.findings.map((f) => {
    let ack = -1;
    if (f.acknowledgement) {
      ack = acknowledgements.length;
      acknowledgements.push([str(f.acknowledgement.reason), str(f.acknowledgement.where)]);
    }
    let ex = -1;
    if (f.exception) {
      ex = exceptions.length;
      exceptions.push([str(f.exception.reason), str(f.exception.approvedBy), str(f.exception.expires), f.exception.daysLeft]);
    }
    return [
      defined(controlIndex.get(f.control), `the row of control ${f.control}`),
      defined(tenancyIndex.get(f.tenancy), `the column of tenancy ${f.tenancy}`),
      FINDING_STATUSES.indexOf(f.status),
      SEVERITIES.indexOf(f.severity),
      FINDING_CLOUDS.indexOf(f.cloud),
      f.environment === undefined ? -1 : str(f.environment),
      str(f.resource),
      str(f.source),
      str(f.rule),
      str(f.message),
      str(f.ncsc.join(',')),
      str(f.caf.join(',')),
      ex,
      ack,
    ];
  });

  return {
    meta: {
      tool: report.tool,
      version: report.version,
      baseline: report.baseline,
      generatedAt: report.generatedAt,
      asOf: reportAsOf(report),
      summary: report.summary,
    },
    statuses: FINDING_STATUSES,
    severities: SEVERITIES,
    clouds: FINDING_CLOUDS,
    controls,
    tenancies,
    forces,
    areas: { ...CONTROL_AREAS },
    ncsc: Object.fromEntries(Object.entries(NCSC_PRINCIPLES).map(([k, v]) => [k, v])),
    caf: { ...CAF_TITLES },
    strings,
    findings,
    exceptions,
    acknowledgements,
    decommissioning: report.decommissioning ?? [],
  };
}

/**
 * JSON that can sit inside `<script type="application/json">`: `<`, `>` and `&` become \u escapes,
 * so no `</script` or `<!--` can end or confuse the element, and U+2028/U+2029 are escaped for
 * older parsers. JSON.parse gives back exactly the same value.
 */
export function scriptSafeJson(value: unknown): string {
  // One pass over the text (it is megabytes for an estate), not one per character.
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c] ?? c);
}

const SCRIPT_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * `report.html`: one self-contained page (inline CSS and script, no external assets, no network)
 * with a summary, a controls × tenancies matrix, filters and per-cell evidence. A Content Security
 * Policy allows only the page's own style and script, so even text that escaped escaping could
 * neither run nor load anything.
 */
export function renderHtml(report: FindingsReport): string {
  const data = scriptSafeJson(htmlReportData(report));
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(HTML_STYLE)}`,
    `script-src ${sha256(HTML_CLIENT_SCRIPT)}`,
    "img-src 'none'",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  const title = `NPLZ audit report, baseline ${report.baseline}`;
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nplz ${htmlText(report.version)}">
<title>${htmlText(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<noscript><p class="noscript">This report needs JavaScript to draw its matrix. The same findings are in findings.json, findings.csv and report.md beside this file.</p></noscript>
<div id="app"></div>
<script type="application/json" id="nplz-data">${data}</script>
<script>${HTML_CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
