#!/usr/bin/env node
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
