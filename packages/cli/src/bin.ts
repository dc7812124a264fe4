#!/usr/bin/env node
// aws-cdk-lib prints a "[WARNING] ... is deprecated" line the first time a deprecated API is used.
// The one nplz synth hits is not the user's: cdk-nag's EventBusOpenAccess rule reads
// CfnEventBusPolicy#principal. A user cannot act on it, so the CLI runs aws-cdk-lib quiet unless
// the user chose a mode (JSII_DEPRECATED=warn shows them, =fail makes them errors). This must run
// before anything loads aws-cdk-lib; aws-cdk-lib reads the variable at each warning. NPLZ's own
// tests run without it, so a deprecated API in NPLZ code still warns there (test/startup.test.ts).
if (process.env.JSII_DEPRECATED === undefined) process.env.JSII_DEPRECATED = 'quiet';

import { main } from './main';

// A reader that stops early (`nplz forces | head`) closes the pipe: that is not an error, and it
// does not end the run. Output to the closed stream is dropped; the command finishes (it may be
// writing a folder, which must not be left half-staged) and exits with its own code, so
// `nplz validate bad.yaml | head -1` still exits 2.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 70;
  },
);
