import type { Browser } from '../model';

/**
 * Which engine recorded the HAR, from `log.browser.name` (Firefox, Playwright) or `log.creator.name`
 * (Chrome, Edge and Electron DevTools all write "WebInspector"; Safari writes "WebKit Web Inspector").
 * Proxies (mitmproxy, HTTP Toolkit) sit outside the browser and say nothing about it: 'unknown'.
 */
export function detectBrowser(creatorName: string | undefined, browserName: string | undefined): Browser {
  for (const raw of [browserName, creatorName]) {
    if (raw === undefined) continue;
    const name = raw.toLowerCase();
    // WebKit first: "WebKit Web Inspector" would otherwise look like Chrome's "WebInspector".
    if (name.includes('webkit') || name.includes('safari')) return 'unknown';
    if (name.includes('firefox') || name.includes('gecko')) return 'firefox';
    if (
      name === 'webinspector' ||
      name.includes('chrom') || // chrome, chromium, chrome-headless-shell
      name.includes('edge') ||
      name.includes('electron') ||
      name.includes('brave') ||
      name.includes('opera')
    ) {
      return 'chromium';
    }
  }
  return 'unknown';
}
