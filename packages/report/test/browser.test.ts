/// <reference lib="dom" />
// The page callbacks below run in the browser.
/**
 * The HTML report in a real browser: Debian's Chromium (CI installs it with
 * `apt-get install -y chromium`), driven by playwright-core over file:// URLs. Nothing is
 * downloaded. Writes screenshots to test-artifacts/ at the repository root.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CONTROLS, SEVERITIES, getControl } from '@nplz/core';
import type { FindingsReport } from '@nplz/core';
import { renderHtml } from '../src/html';
import { CAF_TITLES, cafLabel } from '../src/private/catalog';
import { renderJunit } from '../src/junit';
import { estateReport } from './fixtures/findings/estate';
import { ACKNOWLEDGED, SAMPLE_FINDINGS, decommissioningReport, finding, sampleReport } from './fixtures/findings/sample';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '../../../../test-artifacts');
/** Screenshots of each filter, to look at: NPLZ_SCREENSHOTS or a folder in the system's temporary directory. */
const SHOTS = process.env.NPLZ_SCREENSHOTS ?? join(tmpdir(), 'nplz-report-screenshots');
const EVIL = '</script><img src=x onerror=alert(1)>';

let browser: Browser;
let work: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. The HTML report test needs it: run \`apt-get update && apt-get install -y chromium\` (Debian package; no browser is downloaded).`,
    );
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  work = mkdtempSync(join(tmpdir(), 'nplz-html-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Opened {
  readonly page: Page;
  readonly requests: string[];
  readonly problems: string[];
  readonly loadMs: number;
}

/** Opens a report and records every request, dialog, console error and page error. */
async function open(report: FindingsReport, name: string, viewport = { width: 1440, height: 900 }): Promise<Opened> {
  const file = join(work, `${name}.html`);
  writeFileSync(file, renderHtml(report));
  const page = await browser.newPage({ viewport });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const started = Date.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
  return { page, requests, problems, loadMs: Date.now() - started };
}

/** `control@tenancy: status` of every cell a person can see. */
function visibleCells(page: Page): Promise<string[]> {
  return page.$$eval('#matrix button.cell', (cells) =>
    cells
      .filter((c) => c.checkVisibility({ visibilityProperty: true }))
      .map((c) => c.getAttribute('aria-label')!.replace(/^(\S+), (\S+): /, '$1@$2: ')),
  );
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function cell(page: Page, control: string, tenancy: string) {
  return page.locator(`#matrix button.cell[aria-label^="${control}, ${tenancy}:"]`);
}

describe('HTML report in headless Chromium', () => {
  const report = sampleReport([
    ...SAMPLE_FINDINGS,
    finding({
      control: 'NPLZ-NET-02',
      status: 'fail',
      cloud: 'aws',
      tenancy: 'kent',
      environment: 'prod',
      resource: `kent-prod/Jump/${EVIL}`,
      rule: 'NplzSgNoManagementPorts',
      message: `Port 3389 open to 0.0.0.0/0 ${EVIL}`,
    }),
  ]);
  const TENANCIES = ['national', 'essex', 'kent', 'kent-essex-its'];
  let opened: Opened;

  beforeAll(async () => {
    opened = await open(report, 'sample');
  });

  test('renders a cell for every control × tenancy, each showing the worst of its findings', async () => {
    const { page } = opened;
    const heads = await page.$$eval('#matrix thead th.col', (ths) => ths.map((t) => t.textContent));
    expect(heads).toEqual(TENANCIES);
    const labels = await page.$$eval('#matrix button.cell', (cells) => cells.map((c) => c.getAttribute('aria-label')));
    expect(labels).toHaveLength(CONTROLS.length * TENANCIES.length);
    for (const c of CONTROLS) for (const t of TENANCIES) expect(labels.filter((l) => l!.startsWith(`${c.id}, ${t}: `))).toHaveLength(1);
    expect(await visibleCells(page)).toHaveLength(CONTROLS.length * TENANCIES.length);

    // kent is on both clouds: its NET-01 cell shows each cloud (a fail on AWS, a pass on Azure),
    // the worst first in the label; the symbols carry the status without colour.
    await expect(cell(page, 'NPLZ-NET-01', 'kent').getAttribute('aria-label')).resolves.toBe(
      'NPLZ-NET-01, kent: fail (AWS fail, Azure pass)',
    );
    await expect(cell(page, 'NPLZ-NET-01', 'kent').textContent()).resolves.toBe('\u2717\u2713');
    // A pass on one cloud does not hide that the other has no evidence.
    await expect(cell(page, 'NPLZ-NET-01', 'essex').getAttribute('aria-label')).resolves.toBe(
      'NPLZ-NET-01, essex: pass (AWS pass, Azure no evidence)',
    );
    await expect(cell(page, 'NPLZ-NET-01', 'essex').textContent()).resolves.toBe('\u2713\u00b7');
    await expect(cell(page, 'NPLZ-NET-05', 'essex').getAttribute('aria-label')).resolves.toBe(
      'NPLZ-NET-05, essex: excepted (AWS no evidence, Azure excepted)',
    );
    await expect(cell(page, 'NPLZ-ENC-02', 'essex').getAttribute('aria-label')).resolves.toBe(
      'NPLZ-ENC-02, essex: not applicable (AWS no evidence, Azure not applicable)',
    );
    // Nothing on either cloud: one status, not split.
    await expect(cell(page, 'NPLZ-IAM-01', 'essex').getAttribute('aria-label')).resolves.toBe('NPLZ-IAM-01, essex: no evidence');
    // A tenancy with evidence on one cloud only is judged on that cloud: not split.
    await expect(cell(page, 'NPLZ-GOV-04', 'kent-essex-its').getAttribute('aria-label')).resolves.toBe('NPLZ-GOV-04, kent-essex-its: pass');
    // A control evidenced only on the national platform says so in the force columns.
    await expect(cell(page, 'NPLZ-LOG-01', 'national').getAttribute('aria-label')).resolves.toBe('NPLZ-LOG-01, national: pass');
    await expect(cell(page, 'NPLZ-LOG-01', 'kent').getAttribute('aria-label')).resolves.toBe('NPLZ-LOG-01, kent: national control');
    await expect(page.locator('#matrix tr[data-control="NPLZ-LOG-01"] th .scope').textContent()).resolves.toBe('national platform only');
  });

  test('the status filter hides every other cell, and the rows and columns left empty', async () => {
    const { page } = opened;
    for (const s of ['excepted', 'pass', 'not-applicable', 'none', 'national']) await page.uncheck(`#filter-status input[value="${s}"]`);
    expect((await visibleCells(page)).sort()).toEqual([
      'NPLZ-GOV-02@kent: fail',
      'NPLZ-LOG-05@kent: fail',
      'NPLZ-NET-01@kent: fail (AWS fail, Azure pass)',
      'NPLZ-NET-02@kent: fail (AWS fail, Azure no evidence)',
    ]);
    expect(
      await page.$$eval('#matrix tbody tr', (rows) =>
        (rows as HTMLElement[]).filter((r) => !r.hidden).map((r) => r.getAttribute('data-control')),
      ),
    ).toEqual(['NPLZ-LOG-05', 'NPLZ-NET-01', 'NPLZ-NET-02', 'NPLZ-GOV-02']);
    expect(
      await page.$$eval('#matrix thead th.col', (ths) => (ths as HTMLElement[]).filter((t) => !t.hidden).map((t) => t.textContent)),
    ).toEqual(['kent']);
    await expect(page.locator('.shown').textContent()).resolves.toBe('Showing 4 controls \u00d7 1 tenancy');
    await page.click('button.reset');
    await expect(page.locator('.shown').textContent()).resolves.toBe(
      `Showing ${CONTROLS.length} controls \u00d7 3 tenancies and the national platform`,
    );
    for (const s of ['excepted', 'pass', 'not-applicable', 'none', 'national']) await page.uncheck(`#filter-status input[value="${s}"]`);

    // Only the excepted cells.
    await page.check('#filter-status input[value="excepted"]');
    await page.uncheck('#filter-status input[value="fail"]');
    expect(await visibleCells(page)).toEqual(['NPLZ-NET-05@essex: excepted (AWS no evidence, Azure excepted)']);
    await page.click('button.reset');
    await page.waitForFunction(() => document.querySelectorAll('#matrix button.cell.off').length === 0);
  });

  test('the force, cloud and severity filters hide what they should', async () => {
    const { page } = opened;
    // A force shows its own tenancy and the collaborations it belongs to.
    await page.selectOption('#filter-scope', 'f:essex');
    expect(
      await page.$$eval('#matrix thead th.col', (ths) => (ths as HTMLElement[]).filter((t) => !t.hidden).map((t) => t.textContent)),
    ).toEqual(['essex', 'kent-essex-its']);
    await page.selectOption('#filter-scope', 't:kent');
    expect(
      await page.$$eval('#matrix thead th.col', (ths) => (ths as HTMLElement[]).filter((t) => !t.hidden).map((t) => t.textContent)),
    ).toEqual(['kent']);

    // Without AWS, kent's NET-01 is judged on its Azure evidence alone, and no longer split.
    await page.uncheck('#filter-cloud input[value="aws"]');
    await expect(cell(page, 'NPLZ-NET-01', 'kent').getAttribute('aria-label')).resolves.toBe('NPLZ-NET-01, kent: pass');
    // An AWS-only control has no row left.
    expect(await page.$eval('#matrix tr[data-control="NPLZ-IAM-04"]', (r) => (r as HTMLElement).hidden)).toBe(true);
    await page.check('#filter-cloud input[value="aws"]');

    // Severity: only low controls (GOV-03 is the one low control) remain.
    for (const s of ['critical', 'high', 'medium']) await page.uncheck(`#filter-severity input[value="${s}"]`);
    expect(await visibleCells(page)).toEqual(['NPLZ-GOV-03@kent: no evidence']);
    await page.click('button.reset');
    await page.waitForFunction(() => document.querySelectorAll('#matrix thead th.col[hidden]').length === 0);
  });

  test('clicking a cell opens its evidence: resource, rule, source, message, NCSC, CAF and exception', async () => {
    const { page } = opened;
    await expect(page.locator('#evidence').isVisible()).resolves.toBe(false);
    await cell(page, 'NPLZ-NET-05', 'essex').click();
    const evidence = page.locator('#evidence');
    await expect(evidence.isVisible()).resolves.toBe(true);
    const text = (await evidence.innerText()).replace(/\s+/g, ' ');
    for (const expected of [
      'NPLZ-NET-05 No public addresses in force spokes',
      'Tenancy essex (Essex Police)',
      '1 finding',
      'Public IP address in a force spoke',
      'Resource urn:pulumi:prod::essex::azure-native:network:PublicIPAddress::anpr-gateway',
      'Rule nplz-no-public-ip',
      'Source nplz',
      'NCSC principles 11 External interface protection',
      `CAF outcomes ${getControl('NPLZ-NET-05').caf.map(cafLabel).join('; ')}`,
      'Reason ANPR camera feed needs a fixed public endpoint until the national gateway is live',
      'Approved by ciso@essex.police.uk',
      'Expires 2027-03-31 (141 days left)',
    ]) {
      expect(text).toContain(expected);
    }
    await page.keyboard.press('Escape');
    await expect(evidence.isVisible()).resolves.toBe(false);
  });

  test('hostile text is shown as text: no element, script or dialog comes from it', async () => {
    const { page, problems, requests } = opened;
    await cell(page, 'NPLZ-NET-02', 'kent').click();
    const text = await page.locator('#evidence').innerText();
    expect(text).toContain(`Port 3389 open to 0.0.0.0/0 ${EVIL}`);
    expect(text).toContain(`kent-prod/Jump/${EVIL}`);
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(problems).toEqual([]);
    // One request: the file itself. No assets, no network.
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:\/\/.*sample\.html$/);

    await cell(page, 'NPLZ-NET-01', 'kent').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: false });
  });

  /** The page's headings and summary, as a person reads them. */
  async function headings(page: Page) {
    return {
      matrix: await page.locator('#matrix-title').textContent(),
      failures: await page.locator('#failures-title').textContent(),
      caf: await page.locator('#caf-title').textContent(),
      cards: await page.$$eval('#summary li', (lis) => lis.map((li) => li.textContent)),
    };
  }
  const failureRows = (page: Page) =>
    page.$$eval('#failures-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));

  test('a failures-first table: failures, then exceptions, with control, severity, tenancy, cloud, resource, message and exception', async () => {
    const { page } = opened;
    const rows = await failureRows(page);
    // Every failure first, most severe first, then the exceptions.
    expect(rows.map((r) => `${r[0]} ${r[1]!.split(' ')[0]} ${r[3]}`).sort()).toEqual([
      '! excepted NPLZ-NET-05 essex',
      '\u2717 fail NPLZ-GOV-02 kent',
      '\u2717 fail NPLZ-LOG-05 kent',
      '\u2717 fail NPLZ-NET-01 kent',
      '\u2717 fail NPLZ-NET-02 kent',
    ]);
    expect(rows.map((r) => r[0])).toEqual(['\u2717 fail', '\u2717 fail', '\u2717 fail', '\u2717 fail', '! excepted']);
    const rank = rows.slice(0, 4).map((r) => SEVERITIES.indexOf(r[2] as (typeof SEVERITIES)[number]));
    expect(rank).toEqual([...rank].sort((a, b) => a - b));
    const row = (control: string) => rows.find((r) => r[1]!.startsWith(`${control} `))!;
    const net01 = row('NPLZ-NET-01');
    expect(net01[1]).toBe('NPLZ-NET-01 No public access to storage');
    expect(net01.slice(4)).toEqual([
      'AWS (prod)',
      'kent-prod/LocalAssets/Evidence/Resource',
      'Bucket "evidence, uploads" allows public access:\nBlockPublicAcls is false',
      '',
    ]);
    expect(row('NPLZ-GOV-02')[7]).toBe('Legacy RDP jump host during migration (ciso@kent.police.uk, expired 2026-10-01)');
    expect(row('NPLZ-NET-05')[7]).toBe(
      'ANPR camera feed needs a fixed public endpoint until the national gateway is live (ciso@essex.police.uk, until 2027-03-31)',
    );
    await expect(page.locator('#failures-title').textContent()).resolves.toBe(
      'Failures and exceptions: 4 failures, 1 exception in 43 controls'.replace('43', String(CONTROLS.length)),
    );
    // A row opens the cell's evidence.
    await page.click('#failures-table tbody tr[data-finding] >> nth=4');
    await expect(page.locator('#evidence h2').textContent()).resolves.toBe('NPLZ-NET-05 No public addresses in force spokes');
    await page.keyboard.press('Escape');
  });

  test('full control titles: never cut short', async () => {
    const { page } = opened;
    const cut = await page.$$eval('#matrix tbody th .title', (spans) =>
      (spans as HTMLElement[])
        .filter((s) => s.scrollWidth > s.clientWidth + 1 || getComputedStyle(s).textOverflow === 'ellipsis')
        .map((s) => s.textContent),
    );
    expect(cut).toEqual([]);
    const titles = await page.$$eval('#matrix tbody th .title', (spans) => spans.map((s) => s.textContent));
    expect(titles.slice(0, CONTROLS.length)).toEqual(CONTROLS.map((c) => c.title));
  });

  test('the control, area, NCSC principle and CAF outcome filters narrow every view and its headings and counts', async () => {
    const { page } = opened;
    const all = await headings(page);
    expect(all.matrix).toBe(`Controls \u00d7 tenancies: ${CONTROLS.length} controls \u00d7 3 tenancies and the national platform`);
    expect(all.cards).toEqual([`${CONTROLS.length}Controls`, '3Tenancies', '4Fail', '1Excepted', '7Pass', '2Not applicable']);
    await page.screenshot({ path: join(SHOTS, '01-all.png'), fullPage: true });

    // One control.
    await page.selectOption('#filter-control', 'NPLZ-NET-01');
    let h = await headings(page);
    expect(h.matrix).toBe('Controls \u00d7 tenancies: 1 control \u00d7 3 tenancies and the national platform');
    expect(h.cards).toEqual(['1Controls', '3Tenancies', '1Fail', '0Excepted', '3Pass', '0Not applicable']);
    expect(h.failures).toBe('Failures and exceptions: 1 failure, 0 exceptions in 1 control');
    expect(await page.locator('#by-severity').textContent()).toBe('Failures by severity: critical 1, high 0, medium 0, low 0');
    // Only the outcomes NET-01 maps to are listed.
    expect(h.caf).toBe(
      `CAF outcomes of the controls shown: ${plural(new Set(getControl('NPLZ-NET-01').caf.map((id) => id.split('.').slice(0, 2).join('.'))).size, 'outcome')}`,
    );
    expect(
      await page.$$eval('#matrix tbody tr', (rows) =>
        (rows as HTMLElement[]).filter((r) => !r.hidden).map((r) => r.getAttribute('data-control')),
      ),
    ).toEqual(['NPLZ-NET-01']);
    await page.screenshot({ path: join(SHOTS, '02-control-NET-01.png'), fullPage: true });
    await page.selectOption('#filter-control', '');

    // One area: GOV.
    await page.selectOption('#filter-area', 'GOV');
    h = await headings(page);
    const gov = CONTROLS.filter((c) => c.area === 'GOV').length;
    expect(h.matrix).toBe(`Controls \u00d7 tenancies: ${gov} controls \u00d7 3 tenancies and the national platform`);
    expect((await failureRows(page)).map((r) => r[1]!.split(' ')[0])).toEqual(['NPLZ-GOV-02']);
    await page.screenshot({ path: join(SHOTS, '03-area-GOV.png'), fullPage: true });
    await page.selectOption('#filter-area', '');

    // One NCSC principle: 11 External interface protection.
    await page.selectOption('#filter-ncsc', '11');
    h = await headings(page);
    const p11 = CONTROLS.filter((c) => c.ncsc.includes(11));
    expect(h.matrix).toBe(`Controls \u00d7 tenancies: ${p11.length} controls \u00d7 3 tenancies and the national platform`);
    const rowsShown = await page.$$eval('#matrix tbody tr', (rows) =>
      (rows as HTMLElement[]).filter((r) => !r.hidden).map((r) => r.getAttribute('data-control')),
    );
    expect(rowsShown).toEqual(p11.map((c) => c.id));
    await page.screenshot({ path: join(SHOTS, '04-ncsc-11.png'), fullPage: true });
    await page.selectOption('#filter-ncsc', '');

    // One CAF outcome: the outcome of NET-01's first mapping.
    const outcome = CONTROLS.find((c) => c.id === 'NPLZ-NET-01')!
      .caf[0]!.split('.')
      .slice(0, 2)
      .join('.');
    await page.selectOption('#filter-caf', outcome);
    h = await headings(page);
    const mapped = CONTROLS.filter((c) => c.caf.some((id) => id.split('.').slice(0, 2).join('.') === outcome));
    expect(h.matrix).toBe(`Controls \u00d7 tenancies: ${plural(mapped.length, 'control')} \u00d7 3 tenancies and the national platform`);
    expect(h.caf).toBe('CAF outcomes of the controls shown: 1 outcome');
    const cafRows = await page.$$eval('#caf-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-outcome')));
    expect(cafRows).toEqual([outcome]);
    await page.screenshot({ path: join(SHOTS, '05-caf-outcome.png'), fullPage: true });

    // Filters combine with the force filter: the counts follow.
    await page.selectOption('#filter-scope', 't:essex');
    h = await headings(page);
    expect(h.matrix).toBe(`Controls \u00d7 tenancies: ${plural(mapped.length, 'control')} \u00d7 1 tenancy`);
    expect(h.cards[1]).toBe('1Tenancies');
    await page.click('button.reset');
    expect((await headings(page)).matrix).toBe(all.matrix);
  });

  test('the CAF view lists, per outcome, the controls that evidence it and their status; an outcome nothing evidences is a gap', async () => {
    const { page } = opened;
    const view = await page.$$eval('#caf-table tbody tr', (trs) =>
      trs.map((tr) => ({
        outcome: tr.getAttribute('data-outcome'),
        chips: Array.from(tr.querySelectorAll('.chip')).map((c) => c.textContent),
        gap: tr.querySelector('.gap') !== null,
      })),
    );
    expect(view.length).toBeGreaterThan(10);
    // Unfiltered, every outcome is listed, and the heading counts those with controls.
    const outcomeOf = (id: string) => id.split('.').slice(0, 2).join('.');
    const outcomes = Object.keys(CAF_TITLES).filter((o) => o.split('.').length === 2);
    const withControls = outcomes.filter((o) => CONTROLS.some((c) => c.caf.some((id) => outcomeOf(id) === o)));
    expect(view.map((v) => v.outcome)).toEqual([...outcomes].sort());
    await expect(page.locator('#caf-title').textContent()).resolves.toBe(
      `CAF outcomes: ${withControls.length} of ${outcomes.length} have controls that evidence them; the others need attestations`,
    );
    const net01 = CONTROLS.find((c) => c.id === 'NPLZ-NET-01')!;
    const outcome = net01.caf[0]!.split('.').slice(0, 2).join('.');
    const row = view.find((v) => v.outcome === outcome)!;
    // NET-01 fails in kent, so its chip in this outcome says fail.
    expect(row.chips).toContain(`\u2717 NPLZ-NET-01 ${net01.title}`);
    for (const v of view) expect(v.gap).toBe(v.chips.length === 0);
    await page.locator('#caf').screenshot({ path: join(SHOTS, '06-caf-view.png') });
  });

  test('JUnit XML is well-formed to a real XML parser, hostile text included', async () => {
    const xml = renderJunit(report);
    const result = await opened.page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return { errors: doc.getElementsByTagName('parsererror').length, suites: doc.getElementsByTagName('testsuite').length };
    }, xml);
    expect(result).toEqual({ errors: 0, suites: 4 });
  });

  afterAll(async () => {
    await opened?.page.close();
  });
});

describe('HTML report: acknowledgements in code', () => {
  test('an acknowledged independent rule is listed with the exceptions, and its evidence says why and where', async () => {
    const { page, problems } = await open(sampleReport([...SAMPLE_FINDINGS, ACKNOWLEDGED]), 'acknowledged');
    const row = await page.$$eval('#failures-table tbody tr', (trs) =>
      trs
        .map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent))
        .find((cells) => cells[1]!.startsWith('NPLZ-MON-02')),
    );
    expect(row![0]).toBe('! excepted');
    expect(row![7]).toBe(
      'Acknowledged in code: A permissions boundary caps permissions. (new ForceTenancy (packages/aws/dist/force-tenancy.js:212))',
    );
    await cell(page, 'NPLZ-MON-02', 'kent').click();
    const text = (await page.locator('#evidence').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(
      'Acknowledged in code Reason A permissions boundary caps permissions. Where new ForceTenancy (packages/aws/dist/force-tenancy.js:212)',
    );
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('HTML report: decommissioning tenancies', () => {
  test('a section lists each decommissioning tenancy, its evidence end, its accounts and subscriptions and its three rules', async () => {
    const { page, problems, requests } = await open(decommissioningReport(), 'decommissioning');
    expect(await page.locator('#decommissioning').isVisible()).toBe(true);
    expect(await page.locator('#decommissioning-title').innerText()).toBe('Decommissioning tenancies: 1');
    const heads = await page.$$eval('#decommissioning-table thead th', (ths) => ths.map((th) => th.textContent));
    expect(heads).toEqual([
      'Tenancy',
      'Since',
      'Approved by',
      'Last write',
      'Evidence may go',
      'Accounts and subscriptions',
      'DecommissionedNoWorkforceAccess',
      'DecommissionedPlacement',
      'DecommissionedKeepsEvidence',
    ]);
    const rows = await page.$$eval('#decommissioning-table tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td as HTMLElement).innerText)),
    );
    expect(rows).toEqual([
      [
        'dorset',
        '2026-11-20',
        'cdo@dorset.police.uk <b>|</b>',
        'not recorded',
        'the day 2557 days after its last write, no earlier than 2033-11-20',
        'AWS account 200000000091 (prod)\nAWS account 200000000092 (nonprod)\nAzure subscription 00000000-0000-45b5-8000-00000000005b (prod)',
        '\u2713 pass NPLZ-IAM-03',
        '\u2717 fail NPLZ-GRD-04',
        '\u2713 pass NPLZ-RET-02',
      ],
    ]);
    // The approver's markup is text, not an element.
    expect(await page.locator('#decommissioning-table b').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'decommissioning.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.close();
  });

  test('absent when no tenancy is decommissioning', async () => {
    const { page, problems } = await open(decommissioningReport([]), 'no-decommissioning');
    expect(await page.locator('#decommissioning').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('HTML report at estate size', () => {
  test('44 tenancies and the national platform × 43 controls, ~20,000 findings: renders and filters quickly', async () => {
    const report = estateReport();
    const { page, loadMs, problems } = await open(report, 'estate', { width: 1600, height: 1000 });
    const cells = await page.$$eval('#matrix button.cell', (c) => c.length);
    expect(cells).toBe(45 * CONTROLS.length);
    expect(loadMs).toBeLessThan(5000);

    // The page's own time to re-filter (the change handler runs synchronously inside the click), so
    // the figure does not include the test's round trips to a busy browser process.
    const filterMs = await page.evaluate(() => {
      const started = performance.now();
      (document.querySelector('#filter-status input[value="pass"]') as HTMLInputElement).click();
      (document.querySelector('#filter-status input[value="none"]') as HTMLInputElement).click();
      return Math.round(performance.now() - started);
    });
    expect(filterMs).toBeLessThan(2000);
    expect(problems).toEqual([]);
    await page.check('#filter-status input[value="pass"]');
    await page.check('#filter-status input[value="none"]');
    await page.screenshot({ path: join(ARTIFACTS, 'report-estate.png') });
    process.stdout.write(`estate report: ${report.findings.length} findings, load ${loadMs} ms, filter ${filterMs} ms\n`);
    await page.close();
  });
});
