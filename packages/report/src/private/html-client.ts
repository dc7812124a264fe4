/*
 * The HTML report's stylesheet and page script, kept as plain text so the report can inline them.
 * The script is ES2020 for any current browser, builds every node with createElement and sets all
 * report text with textContent, never innerHTML: finding text comes from tenancies' code.
 * Neither may contain a backtick or a dollar-brace (they are template literals) nor "</" + "script".
 */

export const HTML_STYLE = String.raw`
:root { --fail: #b3261e; --excepted: #f2b705; --pass: #2e7d32; --na: #9e9e9e; --ink: #1b1b1b; --muted: #5f6368; --line: #d0d4d9; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 16px 24px 8px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 20px; }
h2 { font-size: 16px; margin: 0 0 8px; }
.meta { color: var(--muted); margin: 0 0 12px; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 0; padding: 0; list-style: none; }
.card { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; min-width: 96px; }
.card b { display: block; font-size: 20px; }
.card.fail b { color: var(--fail); }
.card.excepted b { color: #8a6a00; }
.card.pass b { color: var(--pass); }
.sev { color: var(--muted); margin: 8px 0 0; }
form.filters { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: flex-start; padding: 10px 24px; background: #fff; border-bottom: 1px solid var(--line); }
fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 10px; align-items: center; }
legend { font-weight: 600; padding: 0; margin-bottom: 2px; width: 100%; }
label { white-space: nowrap; cursor: pointer; }
select { max-width: 320px; font: inherit; padding: 2px 4px; }
button.reset { font: inherit; padding: 3px 10px; align-self: flex-end; }
.shown { color: var(--muted); align-self: flex-end; margin-left: auto; }
main { padding: 12px 24px 24px; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 0 0 8px; padding: 0; list-style: none; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 6px; }
.legend .cell { display: inline-flex; width: 22px; height: 22px; font-size: 13px; cursor: default; }
.scroll { display: inline-block; max-width: 100%; vertical-align: top; overflow: auto; max-height: calc(100vh - 120px); background: #fff; border: 1px solid var(--line); border-radius: 6px; }
table.matrix { border-collapse: separate; border-spacing: 0; }
.matrix th, .matrix td { padding: 1px; border-bottom: 1px solid #eef0f2; }
.matrix thead th { position: sticky; top: 0; z-index: 2; background: #fff; vertical-align: bottom; border-bottom: 1px solid var(--line); }
.matrix thead th.col { height: var(--head, 150px); width: 28px; min-width: 28px; max-width: 28px; padding: 0 0 6px; }
.matrix thead th.col span { display: inline-block; writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: 500; font-size: 12px; max-height: 144px; overflow: hidden; text-overflow: ellipsis; }
.matrix thead th.corner { left: 0; z-index: 3; text-align: left; padding: 0 10px 6px; font-weight: 600; }
.matrix tbody th { position: sticky; left: 0; z-index: 1; background: #fff; text-align: left; font-weight: normal; padding: 2px 10px; min-width: 380px; max-width: 520px; border-right: 1px solid var(--line); }
.matrix tbody th .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.matrix tbody th .title { margin-left: 6px; }
.matrix tbody th .scope { color: var(--muted); font-size: 12px; margin-left: 6px; }
.badge { display: inline-block; font-size: 11px; border-radius: 3px; padding: 0 4px; margin-left: 6px; border: 1px solid currentColor; }
.badge.critical { color: #7f0000; } .badge.high { color: #b3261e; } .badge.medium { color: #8a6a00; } .badge.low { color: #33691e; }
.cell { display: flex; align-items: center; justify-content: center; width: 26px; height: 22px; margin: 0; padding: 0; border: 1px solid transparent; border-radius: 3px; font: 700 13px/1 system-ui, sans-serif; cursor: pointer; }
.cell:focus-visible { outline: 3px solid #1a73e8; outline-offset: 1px; }
.cell.s-fail { background: var(--fail); color: #fff; }
.cell.s-excepted { background: var(--excepted); color: #1b1b1b; }
.cell.s-pass { background: var(--pass); color: #fff; }
.cell.split.s-fail, .cell.split.s-excepted, .cell.split.s-pass, .cell.split.s-not-applicable { background: #fff; }
.cell.s-not-applicable { background: #e4e6e8; color: #4a4a4a; }
.cell.s-none { background: #fff; color: #9aa0a6; border: 1px dashed #c4c8cc; }
.cell.s-national { background: #e8eef7; color: #3c5a87; font-size: 11px; }
.cell.split { background: #fff; border: 1px solid #c4c8cc; overflow: hidden; }
.cell .half { flex: 1 1 50%; height: 100%; display: flex; align-items: center; justify-content: center; font-size: 11px; }
.cell .half.s-fail { background: var(--fail); color: #fff; }
.cell .half.s-excepted { background: var(--excepted); color: #1b1b1b; }
.cell .half.s-pass { background: var(--pass); color: #fff; }
.cell .half.s-not-applicable { background: #e4e6e8; color: #4a4a4a; }
.cell .half.s-none { background: repeating-linear-gradient(45deg, #fff, #fff 3px, #fde0dc 3px, #fde0dc 5px); color: #b3261e; }
section.block { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 0 0 16px; }
table.list { border-collapse: collapse; width: 100%; }
.list th, .list td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #eef0f2; }
.list thead th { background: #f1f3f4; position: sticky; top: 0; }
.list td.msg { overflow-wrap: anywhere; }
.list code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
.list .st { font-weight: 700; white-space: nowrap; }
.list .st.s-fail { color: var(--fail); } .list .st.s-excepted { color: #8a6a00; } .list .st.s-pass { color: var(--pass); } .list .st.s-none { color: var(--muted); }
.failures-scroll { max-height: 360px; overflow: auto; }
.chip { display: inline-block; margin: 1px 6px 1px 0; padding: 0 6px; border-radius: 10px; font-size: 12px; border: 1px solid var(--line); white-space: nowrap; }
.chip.s-fail { background: #fde0dc; border-color: var(--fail); } .chip.s-excepted { background: #fff4cc; border-color: var(--excepted); } .chip.s-pass { background: #e3f1e4; border-color: var(--pass); } .chip.s-none { background: #fff; border-style: dashed; }
.gap { color: var(--fail); }
.cell.off { visibility: hidden; }
.cell.selected { box-shadow: 0 0 0 2px #1a73e8; }
aside.evidence { position: fixed; top: 0; right: 0; bottom: 0; width: min(560px, 100vw); background: #fff; border-left: 1px solid var(--line); box-shadow: -4px 0 16px rgba(0,0,0,.12); padding: 16px 20px 24px; overflow: auto; z-index: 10; }
aside.evidence[hidden] { display: none; }
.evidence .close { float: right; font: inherit; padding: 2px 10px; }
.evidence h2 { margin-right: 70px; }
.evidence .rationale { color: var(--muted); }
.evidence dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
.evidence dt { color: var(--muted); }
.evidence dd { margin: 0; overflow-wrap: anywhere; }
.evidence ol { list-style: none; padding: 0; margin: 12px 0 0; }
.evidence li.finding { border: 1px solid var(--line); border-left: 6px solid var(--na); border-radius: 4px; padding: 8px 10px; margin-bottom: 8px; }
.evidence li.s-fail { border-left-color: var(--fail); }
.evidence li.s-excepted { border-left-color: var(--excepted); }
.evidence li.s-pass { border-left-color: var(--pass); }
.evidence .status { font-weight: 700; text-transform: uppercase; font-size: 12px; }
.evidence code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
.evidence .exception { background: #fff8e1; border: 1px solid #f2d57e; border-radius: 4px; padding: 6px 8px; margin-top: 6px; }
.evidence .more { color: var(--muted); }
.noscript { padding: 24px; }
@media print { form.filters, aside.evidence { display: none; } .scroll { max-height: none; overflow: visible; } }
`;

export const HTML_CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('nplz-data').textContent);
  var S = data.strings;
  var STATUS_RANK = { 'fail': 3, 'excepted': 2, 'pass': 1, 'not-applicable': 0 };
  var SYMBOL = { 'fail': '\u2717', 'excepted': '!', 'pass': '\u2713', 'not-applicable': '\u2013', 'none': '\u00b7', 'national': 'N' };
  var LABEL = { 'fail': 'fail', 'excepted': 'excepted', 'pass': 'pass', 'not-applicable': 'not applicable', 'none': 'no evidence', 'national': 'national control' };
  var CELL_STATUSES = ['fail', 'excepted', 'pass', 'not-applicable', 'none', 'national'];
  var CLOUD_NAME = { 'aws': 'AWS', 'azure': 'Azure', 'estate': 'Estate' };
  var MAX_LISTED = 500;
  var controls = data.controls, tenancies = data.tenancies, F = data.findings;
  var nR = controls.length, nC = tenancies.length;
  var nationalColumn = tenancies.findIndex(function (t) { return t.name === 'national'; });

  // Findings per cell, once.
  var cellFindings = new Array(nR * nC);
  for (var i = 0; i < cellFindings.length; i++) cellFindings[i] = [];
  for (var k = 0; k < F.length; k++) cellFindings[F[k][0] * nC + F[k][1]].push(k);

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var name in attrs) {
      if (name === 'text') node.textContent = attrs[name];
      else if (name === 'className') node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    }
    if (children) children.forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function checkbox(group, value, label) {
    var input = el('input', { type: 'checkbox', name: group, value: value });
    input.checked = true;
    return el('label', null, [input, ' ' + label]);
  }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  // Header and summary.
  var app = document.getElementById('app');
  var m = data.meta, s = m.summary;
  var cards = [['Controls', s.controls, ''], ['Tenancies', s.tenancies, ''], ['Fail', s.fail, 'fail'], ['Excepted', s.excepted, 'excepted'], ['Pass', s.pass, 'pass'], ['Not applicable', s.notApplicable || 0, '']];
  var cardValues = [];
  var header = el('header', null, [
    el('h1', { text: 'NPLZ audit report' }),
    el('p', { className: 'meta', text: 'Baseline ' + m.baseline + ' \u00b7 as of ' + m.asOf + ' \u00b7 nplz ' + m.version + ' \u00b7 generated ' + m.generatedAt }),
    el('ul', { className: 'cards', id: 'summary', 'aria-label': 'Summary' }, cards.map(function (c) {
      var b = el('b', { text: String(c[1]) });
      cardValues.push(b);
      return el('li', { className: 'card ' + c[2], 'data-card': c[0] }, [b, c[0]]);
    })),
    el('p', { className: 'sev', id: 'by-severity' }),
  ]);

  // Filters.
  var scope = el('select', { id: 'filter-scope', 'aria-label': 'Force or tenancy' });
  scope.appendChild(el('option', { value: '', text: 'All forces and tenancies' }));
  var forceIds = Object.keys(data.forces).sort(function (a, b) { return data.forces[a] < data.forces[b] ? -1 : 1; });
  if (forceIds.length) scope.appendChild(el('optgroup', { label: 'Forces' }, forceIds.map(function (id) { return el('option', { value: 'f:' + id, text: data.forces[id] }); })));
  scope.appendChild(el('optgroup', { label: 'Tenancies' }, tenancies.map(function (t) { return el('option', { value: 't:' + t.name, text: t.name }); })));
  function selectOf(id, label, all, options) {
    var sel = el('select', { id: id, 'aria-label': label });
    sel.appendChild(el('option', { value: '', text: all }));
    options.forEach(function (o) { sel.appendChild(el('option', { value: o[0], text: o[1] })); });
    return sel;
  }
  var controlSel = selectOf('filter-control', 'Control', 'All controls', controls.map(function (c) { return [c.id, c.id + ' ' + c.title]; }));
  var areaIds = Object.keys(data.areas).filter(function (a) { return controls.some(function (c) { return c.area === a; }); });
  var areaSel = selectOf('filter-area', 'Area', 'All areas', areaIds.map(function (a) { return [a, a + ' ' + data.areas[a]]; }));
  var ncscIds = Object.keys(data.ncsc).sort(function (a, b) { return Number(a) - Number(b); });
  var ncscSel = selectOf('filter-ncsc', 'NCSC principle', 'All NCSC principles', ncscIds.map(function (n) { return [n, n + ' ' + data.ncsc[n]]; }));
  var cafIds = Object.keys(data.caf).filter(function (o) { return o.split('.').length === 2; }).sort();
  // A CAF id is an outcome (B4.b) or one of its indicators (B4.b.1, ...): the outcome is its first two parts.
  function outcomeOf(id) { return id.split('.').slice(0, 2).join('.'); }
  var cafSel = selectOf('filter-caf', 'CAF outcome', 'All CAF outcomes', cafIds.map(function (o) { return [o, o + ' ' + data.caf[o]]; }));
  var shown = el('span', { className: 'shown', 'aria-live': 'polite' });
  var reset = el('button', { type: 'button', className: 'reset', text: 'Reset filters' });
  var form = el('form', { className: 'filters', 'aria-label': 'Filters' }, [
    el('fieldset', null, [el('legend', { text: 'Force / tenancy' }), scope]),
    el('fieldset', null, [el('legend', { text: 'Control' }), controlSel]),
    el('fieldset', null, [el('legend', { text: 'Area' }), areaSel]),
    el('fieldset', null, [el('legend', { text: 'NCSC principle' }), ncscSel]),
    el('fieldset', null, [el('legend', { text: 'CAF outcome' }), cafSel]),
    el('fieldset', { id: 'filter-status' }, [el('legend', { text: 'Status' })].concat(CELL_STATUSES.map(function (v) { return checkbox('status', v, SYMBOL[v] + ' ' + LABEL[v]); }))),
    el('fieldset', { id: 'filter-severity' }, [el('legend', { text: 'Severity' })].concat(data.severities.map(function (v) { return checkbox('severity', v, v); }))),
    el('fieldset', { id: 'filter-cloud' }, [el('legend', { text: 'Cloud' })].concat(data.clouds.map(function (v) { return checkbox('cloud', v, v === 'aws' ? 'AWS' : v === 'azure' ? 'Azure' : 'Estate'); }))),
    reset, shown,
  ]);
  form.addEventListener('submit', function (e) { e.preventDefault(); });

  // Matrix.
  var legend = el('ul', { className: 'legend', 'aria-label': 'Legend' }, CELL_STATUSES.map(function (v) {
    return el('li', null, [el('span', { className: 'cell s-' + v, 'aria-hidden': 'true', text: SYMBOL[v] }), ' ' + LABEL[v]]);
  }).concat([el('li', { text: 'A cell shows the worst of its findings: fail, excepted, pass, not applicable. Select a cell for its evidence.' })]));
  var headRow = el('tr', null, [el('th', { className: 'corner', scope: 'col', text: 'Control \\ tenancy' })]);
  var colHeads = tenancies.map(function (t) {
    var th = el('th', { className: 'col', scope: 'col', title: t.name + (t.forces.length ? ' (' + t.forces.map(function (f) { return data.forces[f]; }).join(', ') + ')' : '') }, [el('span', { text: t.name })]);
    headRow.appendChild(th);
    return th;
  });
  // Column headers only as tall as the longest tenancy name needs.
  var longest = tenancies.reduce(function (n, t) { return Math.max(n, t.name.length); }, 4);
  var headHeight = Math.min(150, 16 + 7 * longest);
  var rows = [], cells = new Array(nR * nC);
  var tbody = el('tbody');
  controls.forEach(function (c, r) {
    var tr = el('tr', { 'data-control': c.id }, [el('th', { scope: 'row' }, [
      el('span', { className: 'id', text: c.id }), el('span', { className: 'title', text: c.title }), el('span', { className: 'badge ' + c.severity, text: c.severity }),
      c.nationalOnly ? el('span', { className: 'scope', text: 'national platform only' }) : null,
    ])]);
    for (var col = 0; col < nC; col++) {
      var b = el('button', { type: 'button', className: 'cell', 'data-cell': String(r * nC + col) });
      cells[r * nC + col] = b;
      tr.appendChild(el('td', null, [b]));
    }
    rows.push(tr);
    tbody.appendChild(tr);
  });
  var table = el('table', { className: 'matrix', id: 'matrix', 'aria-labelledby': 'matrix-title' }, [
    el('thead', null, [headRow]), tbody,
  ]);
  var matrixTitle = el('h2', { id: 'matrix-title' });
  var failuresTitle = el('h2', { id: 'failures-title' });
  var failuresBody = el('tbody');
  var failuresMore = el('p', { className: 'more' });
  var failures = el('section', { className: 'block', id: 'failures', 'aria-labelledby': 'failures-title' }, [
    failuresTitle,
    el('div', { className: 'failures-scroll' }, [el('table', { className: 'list', id: 'failures-table' }, [
      el('thead', null, [el('tr', null, ['Status', 'Control', 'Severity', 'Tenancy', 'Cloud', 'Resource', 'Message', 'Exception'].map(function (h) { return el('th', { scope: 'col', text: h }); }))]),
      failuresBody,
    ])]),
    failuresMore,
  ]);
  var cafTitle = el('h2', { id: 'caf-title' });
  var cafBody = el('tbody');
  var cafView = el('section', { className: 'block', id: 'caf', 'aria-labelledby': 'caf-title' }, [
    cafTitle,
    el('p', { className: 'more', text: 'Each CAF contributing outcome, the controls that evidence it and their worst status in the tenancies shown. An outcome no control evidences needs an attestation.' }),
    el('table', { className: 'list', id: 'caf-table' }, [
      el('thead', null, [el('tr', null, ['Outcome', 'Controls and status'].map(function (h) { return el('th', { scope: 'col', text: h }); }))]),
      cafBody,
    ]),
  ]);
  // Decommissioning tenancies: only when there are some.
  var D = data.decommissioning || [];
  var RULE_LABEL = { 'pass': 'pass', 'fail': 'fail', 'excepted': 'excepted', 'not-applicable': 'not applicable', 'not-evaluated': 'not evaluated' };
  var decommissioningView = null;
  if (D.length) {
    var ruleNames = D[0].rules.map(function (r) { return r.rule; });
    var holdings = function (t) {
      return Object.keys(t.awsAccounts).map(function (env) { return 'AWS account ' + t.awsAccounts[env] + ' (' + env + ')'; })
        .concat(Object.keys(t.azureSubscriptions).map(function (env) { return 'Azure subscription ' + t.azureSubscriptions[env] + ' (' + env + ')'; }));
    };
    decommissioningView = el('section', { className: 'block', id: 'decommissioning', 'aria-labelledby': 'decommissioning-title' }, [
      el('h2', { id: 'decommissioning-title', text: 'Decommissioning tenancies: ' + D.length }),
      el('p', { className: 'more', text: 'Workforce access removed, accounts in the Suspended OU and subscriptions under the decommissioned management group, data kept under its locks. Each record is kept for the retention from when it was written; until lifecycle.writesStoppedOn records the last write, the day the evidence may go is counted from a day still to come.' }),
      el('table', { className: 'list', id: 'decommissioning-table' }, [
        el('thead', null, [el('tr', null, ['Tenancy', 'Since', 'Approved by', 'Last write', 'Evidence may go', 'Accounts and subscriptions'].concat(ruleNames).map(function (h) { return el('th', { scope: 'col', text: h }); }))]),
        el('tbody', null, D.map(function (t) {
          return el('tr', { 'data-tenancy': t.tenancy }, [
            el('td', { text: t.tenancy }),
            el('td', { text: t.since }),
            el('td', { text: t.approvedBy || '' }),
            el('td', { text: t.writesStoppedOn || 'not recorded' }),
            el('td', { text: t.retention.until || t.retention.text }),
            el('td', null, holdings(t).map(function (h) { return el('div', { text: h }); })),
          ].concat(ruleNames.map(function (name) {
            var r = t.rules.filter(function (x) { return x.rule === name; })[0];
            var st = r ? r.status : 'not-evaluated';
            return el('td', { 'data-rule': name, 'data-status': st }, [el('span', { className: 'st s-' + (st === 'not-evaluated' ? 'none' : st), text: (SYMBOL[st] || SYMBOL.none) + ' ' + RULE_LABEL[st] }), r ? ' ' + r.control : '']);
          })));
        })),
      ]),
    ]);
  }
  var evidence = el('aside', { className: 'evidence', id: 'evidence', 'aria-label': 'Evidence', tabindex: '-1' });
  evidence.hidden = true;
  table.style.setProperty('--head', headHeight + 'px');
  app.appendChild(header);
  app.appendChild(form);
  app.appendChild(el('main', null, [failures, decommissioningView, matrixTitle, legend, el('div', { className: 'scroll' }, [table]), cafView]));
  app.appendChild(evidence);

  // Filtering.
  var state = { scope: '', status: {}, severity: {}, cloud: {}, control: '', area: '', ncsc: '', caf: '', cellStatus: new Array(nR * nC), cellParts: new Array(nR * nC), selected: -1 };
  var MAX_FAILURES = 200;
  // The summary cards, the failures table and the CAF view, for what the filters show.
  function summarise(rowShown, colShown, nRows, nTenancies) {
    var counts = { 'fail': 0, 'excepted': 0, 'pass': 0, 'not-applicable': 0 }, problems = [];
    for (var k = 0; k < F.length; k++) {
      var f = F[k];
      if (!rowShown[f[0]] || !colShown[f[1]] || !findingVisible(f)) continue;
      var st = data.statuses[f[2]];
      counts[st]++;
      if ((st === 'fail' || st === 'excepted') && state.status[st]) problems.push(k);
    }
    [nRows, nTenancies, counts.fail, counts.excepted, counts.pass, counts['not-applicable']].forEach(function (v, i) { cardValues[i].textContent = String(v); });
    var bySev = {};
    data.severities.forEach(function (v) { bySev[v] = 0; });
    problems.forEach(function (k) { if (data.statuses[F[k][2]] === 'fail') bySev[data.severities[F[k][3]]]++; });
    document.getElementById('by-severity').textContent = 'Failures by severity: ' + data.severities.map(function (v) { return v + ' ' + bySev[v]; }).join(', ');
    problems.sort(function (a, b) {
      return STATUS_RANK[data.statuses[F[b][2]]] - STATUS_RANK[data.statuses[F[a][2]]] || F[a][3] - F[b][3] || a - b;
    });
    failuresTitle.textContent = 'Failures and exceptions: ' + plural(counts.fail, 'failure', 'failures') + ', ' + plural(counts.excepted, 'exception', 'exceptions') + ' in ' + plural(nRows, 'control', 'controls');
    var rowsOut = document.createDocumentFragment();
    problems.slice(0, MAX_FAILURES).forEach(function (k) {
      var f = F[k], st = data.statuses[f[2]], ctl = controls[f[0]], x = f[12] >= 0 ? data.exceptions[f[12]] : null;
      var ack = f[13] >= 0 ? data.acknowledgements[f[13]] : null;
      var exText = x ? S[x[0]] + ' (' + S[x[1]] + ', ' + (x[3] < 0 ? 'expired ' + S[x[2]] : 'until ' + S[x[2]]) + ')' : ack ? 'Acknowledged in code: ' + S[ack[0]] + ' (' + S[ack[1]] + ')' : '';
      var tr = el('tr', { 'data-finding': String(k) }, [
        el('td', null, [el('span', { className: 'st s-' + st, text: SYMBOL[st] + ' ' + LABEL[st] })]),
        el('td', null, [el('code', { text: ctl.id }), ' ' + ctl.title]),
        el('td', { text: data.severities[f[3]] }),
        el('td', { text: tenancies[f[1]].name }),
        el('td', { text: CLOUD_NAME[data.clouds[f[4]]] + (f[5] >= 0 ? ' (' + S[f[5]] + ')' : '') }),
        el('td', null, [el('code', { text: S[f[6]] })]),
        el('td', { className: 'msg', text: S[f[9]] }),
        el('td', { text: exText }),
      ]);
      rowsOut.appendChild(tr);
    });
    if (!problems.length) rowsOut.appendChild(el('tr', null, [el('td', { colspan: '8', text: 'None in what the filters show.' })]));
    failuresBody.textContent = '';
    failuresBody.appendChild(rowsOut);
    failuresMore.textContent = problems.length > MAX_FAILURES ? 'and ' + (problems.length - MAX_FAILURES) + ' more; every finding is in findings.json and findings.csv.' : '';

    // CAF view: per outcome, its controls (among those shown) and their worst status in the columns shown.
    while (cafBody.firstChild) cafBody.removeChild(cafBody.firstChild);
    // Narrowed to some controls, the view lists only their outcomes; otherwise every outcome, gaps included.
    var narrowed = !!(state.control || state.area || state.ncsc || state.caf) || data.severities.some(function (v) { return !state.severity[v]; }) ||
      data.clouds.some(function (v) { return !state.cloud[v]; });
    var mapsTo = function (ctl, o) { return ctl.caf.some(function (id) { return outcomeOf(id) === o; }); };
    var outcomes = cafIds.filter(function (o) {
      if (state.caf && o !== state.caf) return false;
      return !narrowed || controls.some(function (ctl, r) { return rowShown[r] && mapsTo(ctl, o); });
    });
    var evidenced = 0;
    outcomes.forEach(function (o) {
      var chips = [];
      controls.forEach(function (ctl, r) {
        if (!mapsTo(ctl, o) || !rowShown[r]) return;
        var worst = 'none';
        for (var c = 0; c < nC; c++) {
          if (!colShown[c]) continue;
          var cs = state.cellStatus[r * nC + c];
          if (cs in STATUS_RANK && (worst === 'none' || STATUS_RANK[cs] > STATUS_RANK[worst])) worst = cs;
        }
        chips.push(el('span', { className: 'chip s-' + worst, title: ctl.id + ' ' + ctl.title + ': ' + LABEL[worst], text: SYMBOL[worst] + ' ' + ctl.id + ' ' + ctl.title }));
      });
      if (chips.length) evidenced++;
      cafBody.appendChild(el('tr', { 'data-outcome': o }, [
        el('th', { scope: 'row' }, [el('code', { text: o }), ' ' + data.caf[o]]),
        el('td', null, chips.length ? chips : [el('span', { className: 'gap', text: 'No control evidences this outcome: an attestation is needed.' })]),
      ]));
    });
    cafTitle.textContent = narrowed
      ? 'CAF outcomes of the controls shown: ' + plural(outcomes.length, 'outcome', 'outcomes')
      : 'CAF outcomes: ' + evidenced + ' of ' + outcomes.length + ' have controls that evidence them; the others need attestations';
  }
  function checked(group) {
    var out = {};
    form.querySelectorAll('input[name="' + group + '"]').forEach(function (i) { if (i.checked) out[i.value] = true; });
    return out;
  }
  function findingVisible(f) { return state.severity[data.severities[f[3]]] && state.cloud[data.clouds[f[4]]]; }
  function columnInScope(t) {
    if (!state.scope) return true;
    var kind = state.scope.slice(0, 2), id = state.scope.slice(2);
    return kind === 't:' ? t.name === id : t.forces.indexOf(id) >= 0;
  }
  function rowInScope(c) {
    return state.severity[c.severity] && c.scopes.some(function (x) { return state.cloud[x]; });
  }
  // The control, area, NCSC principle and CAF outcome filters pick rows whatever their evidence.
  function rowPicked(c) {
    return (!state.control || c.id === state.control) && (!state.area || c.area === state.area) &&
      (!state.ncsc || c.ncsc.indexOf(Number(state.ncsc)) >= 0) && (!state.caf || c.caf.some(function (id) { return outcomeOf(id) === state.caf; }));
  }
  // The clouds a cell is judged on separately: those the control is checked on, the tenancy has
  // evidence on and the cloud filter keeps. Two or more: a status per cloud.
  function cellClouds(c, t) {
    return ['aws', 'azure'].filter(function (x) { return state.cloud[x] && c.scopes.indexOf(x) >= 0 && t.clouds.indexOf(x) >= 0; });
  }
  var RANKED = ['not-applicable', 'pass', 'excepted', 'fail'];
  function apply() {
    state.scope = scope.value;
    state.status = checked('status');
    state.severity = checked('severity');
    state.cloud = checked('cloud');
    state.control = controlSel.value;
    state.area = areaSel.value;
    state.ncsc = ncscSel.value;
    state.caf = cafSel.value;
    var colIn = tenancies.map(columnInScope), rowIn = controls.map(rowInScope), picked = controls.map(rowPicked);
    var rowShown = new Array(nR).fill(false), colShown = new Array(nC).fill(false);
    for (var r = 0; r < nR; r++) {
      for (var c = 0; c < nC; c++) {
        var idx = r * nC + c, best = -1, list = cellFindings[idx], perCloud = {};
        for (var j = 0; j < list.length; j++) {
          var f = F[list[j]];
          if (!findingVisible(f)) continue;
          var rank = STATUS_RANK[data.statuses[f[2]]];
          if (rank > best) best = rank;
          var cl = data.clouds[f[4]];
          if (!(cl in perCloud) || rank > perCloud[cl]) perCloud[cl] = rank;
        }
        var st = best < 0 ? 'none' : RANKED[best];
        if (st === 'none' && controls[r].nationalOnly && c !== nationalColumn) st = 'national';
        var split = best >= 0 ? cellClouds(controls[r], tenancies[c]) : [];
        var parts = split.length > 1 ? split.map(function (x) { return [x, x in perCloud ? RANKED[perCloud[x]] : 'none']; }) : [];
        var statuses = parts.length ? parts.map(function (p) { return p[1]; }).concat([st]) : [st];
        state.cellStatus[idx] = st;
        state.cellParts[idx] = parts;
        var on = colIn[c] && picked[r] && statuses.some(function (x) { return state.status[x]; }) && ((st !== 'none' && st !== 'national') || rowIn[r]);
        var b = cells[idx];
        var label = LABEL[st] + (parts.length ? ' (' + parts.map(function (p) { return CLOUD_NAME[p[0]] + ' ' + LABEL[p[1]]; }).join(', ') + ')' : '');
        b.className = 'cell s-' + st + (parts.length ? ' split' : '') + (on ? '' : ' off') + (idx === state.selected ? ' selected' : '');
        b.disabled = !on;
        if (b.getAttribute('data-label') !== label) {
          // Only cells whose status changed are redrawn: an estate has thousands.
          b.setAttribute('data-label', label);
          while (b.firstChild) b.removeChild(b.firstChild);
          if (parts.length) parts.forEach(function (p) { b.appendChild(el('span', { className: 'half s-' + p[1], 'aria-hidden': 'true', text: SYMBOL[p[1]] })); });
          else b.textContent = SYMBOL[st];
          b.setAttribute('aria-label', controls[r].id + ', ' + tenancies[c].name + ': ' + label);
          b.title = controls[r].id + ' \u00b7 ' + tenancies[c].name + ': ' + label + (st === 'national' ? ' (checked on the national platform, not per tenancy)' : '');
        }
        if (on) { rowShown[r] = true; colShown[c] = true; }
      }
    }
    var nRows = 0, nCols = 0;
    rows.forEach(function (tr, r) { tr.hidden = !rowShown[r]; if (rowShown[r]) nRows++; });
    for (var c2 = 0; c2 < nC; c2++) {
      var hide = !colShown[c2];
      if (!hide) nCols++;
      colHeads[c2].hidden = hide;
      for (var r2 = 0; r2 < nR; r2++) cells[r2 * nC + c2].parentNode.hidden = hide;
    }
    var national = nationalColumn >= 0 && colShown[nationalColumn];
    var extent = plural(nRows, 'control', 'controls') + ' \u00d7 ' + plural(nCols - (national ? 1 : 0), 'tenancy', 'tenancies') + (national ? ' and the national platform' : '');
    shown.textContent = 'Showing ' + extent;
    matrixTitle.textContent = 'Controls \u00d7 tenancies: ' + extent;
    summarise(rowShown, colShown, nRows, nCols - (national ? 1 : 0));
    if (state.selected >= 0) showEvidence(state.selected);
  }
  form.addEventListener('change', apply);
  reset.addEventListener('click', function () {
    scope.value = '';
    controlSel.value = '';
    areaSel.value = '';
    ncscSel.value = '';
    cafSel.value = '';
    form.querySelectorAll('input[type="checkbox"]').forEach(function (i) { i.checked = true; });
    apply();
  });

  // Evidence.
  function dl(pairs) {
    var list = el('dl');
    pairs.forEach(function (p) { if (p[1] === null || p[1] === undefined || p[1] === '') return; list.appendChild(el('dt', { text: p[0] })); list.appendChild(el('dd', null, [p[1]])); });
    return list;
  }
  function ncscNames(csv) { return csv ? csv.split(',').map(function (n) { return n + ' ' + (data.ncsc[n] || ''); }).join('; ') : ''; }
  function cafNames(csv) { return csv ? csv.split(',').map(function (o) { return o + ' ' + (data.caf[o] || ''); }).join('; ') : ''; }
  function code(text) { return el('code', { text: text }); }
  function findingItem(f) {
    var status = data.statuses[f[2]];
    var item = el('li', { className: 'finding s-' + status }, [
      el('span', { className: 'status', text: SYMBOL[status] + ' ' + LABEL[status] }), ' \u00b7 ' + data.severities[f[3]] + ' \u00b7 ' + data.clouds[f[4]] + (f[5] >= 0 ? ' (' + S[f[5]] + ')' : ''),
      el('p', { className: 'message', text: S[f[9]] }),
      dl([['Resource', code(S[f[6]])], ['Rule', code(S[f[8]])], ['Source', S[f[7]]], ['NCSC principles', ncscNames(S[f[10]])], ['CAF outcomes', cafNames(S[f[11]])]]),
    ]);
    if (f[13] >= 0) {
      var a = data.acknowledgements[f[13]];
      item.appendChild(el('div', { className: 'exception' }, [
        el('strong', { text: 'Acknowledged in code' }),
        dl([['Reason', S[a[0]]], ['Where', code(S[a[1]])]]),
      ]));
    }
    if (f[12] >= 0) {
      var x = data.exceptions[f[12]], days = x[3];
      var when = days < 0 ? 'expired ' + plural(-days, 'day', 'days') + ' ago' : plural(days, 'day', 'days') + ' left';
      item.appendChild(el('div', { className: 'exception' }, [
        el('strong', { text: status === 'fail' ? 'Expired exception' : 'Exception' }),
        dl([['Reason', S[x[0]]], ['Approved by', S[x[1]]], ['Expires', S[x[2]] + ' (' + when + ')']]),
      ]));
    }
    return item;
  }
  function showEvidence(idx) {
    var r = Math.floor(idx / nC), c = idx % nC, ctl = controls[r], t = tenancies[c];
    var all = cellFindings[idx], list = all.filter(function (k) { return findingVisible(F[k]); });
    list.sort(function (a, b) { return STATUS_RANK[data.statuses[F[b][2]]] - STATUS_RANK[data.statuses[F[a][2]]] || a - b; });
    var close = el('button', { type: 'button', className: 'close', text: 'Close' });
    close.addEventListener('click', hideEvidence);
    var items = el('ol', { className: 'findings' }, list.slice(0, MAX_LISTED).map(function (k) { return findingItem(F[k]); }));
    while (evidence.firstChild) evidence.removeChild(evidence.firstChild);
    [
      close,
      el('h2', { text: ctl.id + ' ' + ctl.title }),
      el('p', { className: 'rationale', text: ctl.rationale }),
      dl([
        ['Tenancy', t.name + (t.forces.length ? ' (' + t.forces.map(function (f) { return data.forces[f]; }).join(', ') + ')' : '')],
        ['Status', SYMBOL[state.cellStatus[idx]] + ' ' + LABEL[state.cellStatus[idx]] + (state.cellParts[idx].length ? ' (' + state.cellParts[idx].map(function (p) { return CLOUD_NAME[p[0]] + ' ' + LABEL[p[1]]; }).join(', ') + ')' : '')],
        ['Checked', ctl.nationalOnly ? 'on the national platform only: force tenancies have no evidence of their own for this control' : ctl.scopes.map(function (x) { return CLOUD_NAME[x]; }).join(', ')],
        ['Severity', ctl.severity],
        ['NCSC principles', ctl.ncsc.map(function (n) { return n + ' ' + (data.ncsc[n] || ''); }).join('; ')],
        ['CAF outcomes', ctl.caf.map(function (o) { return o + ' ' + (data.caf[o] || ''); }).join('; ')],
      ]),
      el('h3', { text: list.length ? plural(list.length, 'finding', 'findings') : 'No evidence for this control and tenancy' }),
      list.length < all.length ? el('p', { className: 'more', text: plural(all.length - list.length, 'finding is', 'findings are') + ' hidden by the severity or cloud filter.' }) : null,
      items,
      list.length > MAX_LISTED ? el('p', { className: 'more', text: 'and ' + (list.length - MAX_LISTED) + ' more; every finding is in findings.json and findings.csv.' }) : null,
    ].forEach(function (n) { if (n) evidence.appendChild(n); });
    evidence.hidden = false;
  }
  function select(idx) {
    if (state.selected >= 0) cells[state.selected].classList.remove('selected');
    state.selected = idx;
    cells[idx].classList.add('selected');
    showEvidence(idx);
    evidence.focus();
  }
  function hideEvidence() {
    if (state.selected >= 0) { cells[state.selected].classList.remove('selected'); cells[state.selected].focus(); }
    state.selected = -1;
    evidence.hidden = true;
  }
  failuresBody.addEventListener('click', function (e) {
    var tr = e.target.closest && e.target.closest('tr[data-finding]');
    if (tr) { var f = F[Number(tr.getAttribute('data-finding'))]; select(f[0] * nC + f[1]); }
  });
  table.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('button.cell');
    if (b && !b.disabled) select(Number(b.getAttribute('data-cell')));
  });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && !evidence.hidden) hideEvidence(); });

  apply();
  document.documentElement.setAttribute('data-ready', 'true');
})();
`;
