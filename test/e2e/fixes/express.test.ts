/**
 * Express 5 without a package: the snippet's middleware pasted first in the app (node-apps.ts),
 * proven in Chromium on the four scenarios and over plain HTTP.
 */
import { expressApp } from './node-apps';
import { nodeChecks, nodeRig, requirePackages } from './node-rig';
import { proveSnippets } from './proof-suite';

proveSnippets('express', nodeRig('express', expressApp), { before: async () => requirePackages('express') });
nodeChecks('express', 'express', expressApp);
