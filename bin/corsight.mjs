#!/usr/bin/env node
// The published command. The CLI itself is built into dist-cli by `npm run build:cli` (run by `prepare`).
import('../dist-cli/corsight.mjs').catch((e) => {
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist-cli')) {
    process.stderr.write("corsight: the CLI is not built; run 'npm run build:cli'\n");
    process.exit(2);
  }
  throw e;
});
