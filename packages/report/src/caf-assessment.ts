import {
  type AttestationEvidence,
  CAF_DEFAULT_VERSION,
  CAF_LEVEL_NAMES,
  CAF_SOURCE_COMMIT,
  cafOutcome,
  evidenceCoverage,
  type Finding,
  type FindingsReport,
  NATIONAL_TENANCY,
  type OutcomeCoverage,
} from '@nplz/core';
import { CSV_BOM, csvField } from './csv';
import { excelWorkbook } from './private/excel';

/**
 * The CAF self-assessment: for the estate and for each tenancy, every CAF 4.0 contributing outcome
 * with the status its evidence supports, the achieved indicators met and the evidence behind them,
 * in the shape of a WebCAF-style return (objective, principle, outcome, title, status, indicators,
 * evidence) so an assessor can paste it in and then add what NPLZ cannot know.
 *
 * The rule (docs/auditing.md, "CAF self-assessment"):
 * - an achieved indicator is **met** when a current attestation shows it, or when every NPLZ control
 *   mapped to it has findings in the scope and none of them failed or was excepted;
 * - **achieved**: every achieved indicator of the outcome is met and no mapped control is failing;
 * - **partially achieved**: at least one is met, no mapped control is failing, and the outcome has
 *   a partially-achieved level in the framework (D1.b, D1.c, D2.a and D2.b in CAF 4.0 have none);
 * - **not achieved**: otherwise: nothing met (a gap), or a mapped control failing.
 * NPLZ evidences achieved indicators only: it never claims a partially-achieved or not-achieved
 * statement, so "not achieved" here means "not shown", for the assessor to judge.
 */

export type CafStatus = 'achieved' | 'partially achieved' | 'not achieved';

export interface CafAssessmentRow {
  /** `estate`, or a tenancy name. */
  readonly scope: string;
  readonly objective: string;
  readonly objectiveTitle: string;
  readonly principle: string;
  readonly principleTitle: string;
  readonly outcome: string;
  readonly title: string;
  readonly status: CafStatus;
  /** Achieved indicators met, in framework order. */
  readonly indicatorsMet: readonly string[];
  /** Achieved indicators of the outcome not met. */
  readonly indicatorsNotMet: readonly string[];
  /** Each NPLZ control behind the outcome, with its verdict and counts. */
  readonly checks: readonly string[];
  /** Each current attestation behind the outcome, with its owner, evidence and expiry. */
  readonly attestations: readonly string[];
  /** True when neither checks nor attestations reach the outcome. */
  readonly gap: boolean;
}

export const CAF_ASSESSMENT_FILES = { csv: 'caf-assessment.csv', xlsx: 'caf-assessment.xlsx' } as const;

export const CAF_ASSESSMENT_COLUMNS = [
  'scope',
  'objective',
  'objective_title',
  'principle',
  'principle_title',
  'outcome',
  'outcome_title',
  'status',
  'indicators_met',
  'indicators_not_met',
  'evidence_checks',
  'evidence_attestations',
  'gap',
] as const;

function statusOf(o: OutcomeCoverage, failing: boolean): CafStatus {
  const met = o.indicators.filter((i) => i.met).length;
  if (failing || met === 0) return 'not achieved';
  if (met === o.indicators.length) return 'achieved';
  const hasPartial = cafOutcome(o.outcome, CAF_DEFAULT_VERSION)?.indicators.some((i) => i.level === 'PA') ?? false;
  return hasPartial ? 'partially achieved' : 'not achieved';
}

/** The self-assessment rows of one scope: the estate (no `tenancy`) or one tenancy. */
export function cafAssessment(
  report: Pick<FindingsReport, 'findings' | 'attestations'>,
  opts: { tenancy?: string } = {},
): CafAssessmentRow[] {
  const cov = evidenceCoverage(report, opts);
  const attestations = new Map<string, AttestationEvidence>((report.attestations ?? []).map((a) => [a.id, a]));
  return cov.outcomes.map((o) => {
    const controls = new Map(o.indicators.flatMap((i) => i.controls.map((c) => [c.control, c] as const)));
    const failing = [...controls.values()].some((c) => c.verdict === 'failing');
    const indicatorsOf = (pick: (i: OutcomeCoverage['indicators'][number]) => boolean) => o.indicators.filter(pick).map((i) => i.indicator);
    const checks = [...controls.values()].map((c) => {
      const shows = indicatorsOf((i) => i.controls.some((x) => x.control === c.control));
      const counts = [`${c.pass} pass`, c.fail ? `${c.fail} fail` : '', c.excepted ? `${c.excepted} excepted` : '']
        .filter(Boolean)
        .join(', ');
      return `${c.control} ${c.title}: ${c.verdict} (${counts}) → ${shows.join(', ')}`;
    });
    const atts = o.attestations.flatMap((id) => {
      const a = attestations.get(id);
      if (!a) return [];
      const shows = a.cafIndicators.filter((i) => o.indicators.some((x) => x.indicator === i));
      return [`${a.id} (${a.owner}; evidence: ${a.evidence}; expires ${a.expires}) → ${shows.join(', ')}`];
    });
    return {
      scope: cov.scope,
      objective: o.objective.id,
      objectiveTitle: o.objective.title,
      principle: o.principle.id,
      principleTitle: o.principle.title,
      outcome: o.outcome,
      title: o.title,
      status: statusOf(o, failing),
      indicatorsMet: indicatorsOf((i) => i.met),
      indicatorsNotMet: indicatorsOf((i) => !i.met),
      checks,
      attestations: atts,
      gap: o.source === 'none',
    };
  });
}

/** The tenancies a report covers (declared, else those with findings), sorted; never the national platform. */
function tenancyNames(report: Pick<FindingsReport, 'findings' | 'tenancies'>): string[] {
  const names = report.tenancies ? report.tenancies.map((t) => t.name) : report.findings.map((f) => f.tenancy);
  return [...new Set(names)].filter((n) => n !== NATIONAL_TENANCY).sort();
}

/** The estate's rows, then each tenancy's. */
export function cafAssessmentAll(report: Pick<FindingsReport, 'findings' | 'attestations' | 'tenancies'>): CafAssessmentRow[] {
  // Each tenancy's findings and the national platform's, grouped once rather than filtered per tenancy.
  const by = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = by.get(f.tenancy);
    if (list) list.push(f);
    else by.set(f.tenancy, [f]);
  }
  const national = by.get(NATIONAL_TENANCY) ?? [];
  return [
    ...cafAssessment(report),
    ...tenancyNames(report).flatMap((tenancy) =>
      cafAssessment({ findings: [...(by.get(tenancy) ?? []), ...national], attestations: report.attestations }, { tenancy }),
    ),
  ];
}

function cells(r: CafAssessmentRow): string[] {
  return [
    r.scope,
    r.objective,
    r.objectiveTitle,
    r.principle,
    r.principleTitle,
    r.outcome,
    r.title,
    r.status,
    r.indicatorsMet.join(' '),
    r.indicatorsNotMet.join(' '),
    r.checks.join('\n'),
    r.attestations.join('\n'),
    r.gap ? 'yes' : 'no',
  ];
}

/** `caf-assessment.csv`: the estate's rows then every tenancy's, RFC 4180 with a UTF-8 BOM, like findings.csv. */
export function renderCafAssessmentCsv(report: Pick<FindingsReport, 'findings' | 'attestations' | 'tenancies'>): string {
  return csvOfRows(cafAssessmentAll(report));
}

function csvOfRows(rows: readonly CafAssessmentRow[]): string {
  const lines = [CAF_ASSESSMENT_COLUMNS.join(','), ...rows.map((r) => cells(r).map(csvField).join(','))];
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}

const HEADINGS = [
  'Scope',
  'Objective',
  'Objective title',
  'Principle',
  'Principle title',
  'Outcome',
  'Outcome title',
  'Status',
  'Achieved indicators met',
  'Achieved indicators not met',
  'Evidence: NPLZ checks',
  'Evidence: attestations',
  'Gap',
];

/** Text a spreadsheet would run as a formula is stored with a leading `'`, as in the CSV. */
function safe(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/**
 * `caf-assessment.xlsx`: sheet "Estate" (the estate's rows), sheet "Tenancies" (every tenancy's,
 * filterable by scope) and sheet "About" (the framework version, its source, the rule). The
 * workbook's dates are the report's generation time, so the same report gives the same workbook.
 */
export async function renderCafAssessmentXlsx(report: FindingsReport): Promise<Buffer> {
  return xlsxOfRows(report, cafAssessmentAll(report));
}

async function xlsxOfRows(report: FindingsReport, rows: readonly CafAssessmentRow[]): Promise<Buffer> {
  const Workbook = excelWorkbook();
  const wb = new Workbook();
  const when = new Date(report.generatedAt);
  wb.creator = `nplz ${report.version}`;
  wb.created = when;
  wb.modified = when;
  const sheet = (name: string, list: readonly CafAssessmentRow[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(HEADINGS).font = { bold: true };
    for (const r of list) ws.addRow(cells(r).map(safe));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: HEADINGS.length } };
    const widths = [16, 10, 28, 10, 30, 10, 40, 18, 28, 28, 70, 70, 6];
    widths.forEach((w, i) => {
      const col = ws.getColumn(i + 1);
      col.width = w;
      col.alignment = { vertical: 'top', wrapText: i >= 8 && i <= 11 };
    });
  };
  sheet(
    'Estate',
    rows.filter((r) => r.scope === 'estate'),
  );
  sheet(
    'Tenancies',
    rows.filter((r) => r.scope !== 'estate'),
  );
  const about = wb.addWorksheet('About');
  for (const line of [
    ['Framework', `NCSC Cyber Assessment Framework ${CAF_DEFAULT_VERSION}`],
    ['Framework data', `co-cddo/domains-webcaf at ${CAF_SOURCE_COMMIT}`],
    ['Tool', `nplz ${report.version}, baseline ${report.baseline}`],
    ['As of', report.asOf ?? report.generatedAt.slice(0, 10)],
    ['Generated', report.generatedAt],
    ['Levels', Object.values(CAF_LEVEL_NAMES).join(', ')],
    [
      'Rule',
      'An achieved indicator is met when a current attestation shows it, or every NPLZ control mapped to it has findings here and none failed or was excepted. Achieved: all achieved indicators met, no mapped control failing. Partially achieved: some met, none failing, and the outcome has a partially-achieved level. Not achieved: otherwise (not shown: for the assessor to judge).',
    ],
  ])
    about.addRow(line);
  about.getColumn(1).width = 16;
  about.getColumn(2).width = 110;
  about.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  return pinZipTimes(Buffer.from(await wb.xlsx.writeBuffer()), when);
}

/**
 * Sets every entry's modification time in a zip (an .xlsx is one) to `when`, in place. The zip
 * library ExcelJS writes with stamps each entry with the clock, so the same report would give a
 * different workbook every second; with this it gives the same bytes. Reads the central directory
 * from the end-of-central-directory record (APPNOTE.TXT 4.3.12, 4.3.16) and rewrites the DOS time
 * and date of each central and local header; nothing else is touched.
 */
export function pinZipTimes(zip: Buffer, when: Date): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip: no end of central directory record');
  const year = Math.max(1980, when.getUTCFullYear());
  const time = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1);
  const date = ((year - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`not a zip: no central directory header at ${at}`);
    zip.writeUInt16LE(time, at + 12);
    zip.writeUInt16LE(date, at + 14);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`not a zip: no local header at ${local}`);
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}

/** Both files, by name, for the report folder; the rows are worked out once for both. */
export async function cafAssessmentFiles(report: FindingsReport): Promise<Record<string, string | Buffer>> {
  const rows = cafAssessmentAll(report);
  return {
    [CAF_ASSESSMENT_FILES.csv]: csvOfRows(rows),
    [CAF_ASSESSMENT_FILES.xlsx]: await xlsxOfRows(report, rows),
  };
}
