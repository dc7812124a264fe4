#!/usr/bin/env node
// Regenerates docs/controls.md from the catalog and the checks. Run after `pnpm build`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { renderControlsDoc } = require('../dist');

const file = path.join(__dirname, '..', '..', '..', 'docs', 'controls.md');
fs.writeFileSync(file, renderControlsDoc());
console.log(`wrote ${file}`);
