/**
 * Chromium with the extension on a blank page of one loopback origin, and an API on another whose answers
 * the test scripts: the set-up of the capture tests that do not need the whole lab.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { launchChromiumWithExtension, type ChromiumWithExtension } from '../support/extension';
import { listenLoopback } from '../support/http';
import { keepCaptureOn, tabIdOf } from './stored';

export interface PageAndApi {
  chromium: ChromiumWithExtension;
  tab: Page;
  tabId: number;
  pageOrigin: string;
  apiOrigin: string;
  close(): Promise<void>;
}

/** `watch: false` leaves the capture without a DevTools window looking (see src/background/listening.ts). */
export async function pageAndApi(api: (req: IncomingMessage, res: ServerResponse, pageOrigin: string) => void, { watch = true } = {}): Promise<PageAndApi> {
  let pageOrigin = '';
  const pageServer = createServer((_q, r) => r.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>corsight test page</title>'));
  const apiServer = createServer((q, r) => api(q, r, pageOrigin));
  apiServer.keepAliveTimeout = 10_000;
  pageOrigin = await listenLoopback(pageServer);
  const apiOrigin = await listenLoopback(apiServer);
  const chromium = await launchChromiumWithExtension();
  if (watch) await keepCaptureOn(chromium.context);
  const tab = await chromium.context.newPage();
  await tab.goto(`${pageOrigin}/`);
  const tabId = await tabIdOf(chromium.worker, pageOrigin);
  return {
    chromium,
    tab,
    tabId,
    pageOrigin,
    apiOrigin,
    async close() {
      await chromium.close();
      await new Promise((r) => pageServer.close(r));
      await new Promise((r) => apiServer.close(r));
    },
  };
}
