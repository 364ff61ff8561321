import type { Exchange, Hop, Outcome, PreflightRecord, RequestRecord, ResponseRecord } from '../model';
import type { HarEntryFacts, HarLogFacts } from './entry-facts';
import { EntryOrder } from './entry-order';
import { headerNameList, headerValue, originOf } from './headers';
import { detectInitiator } from './initiator';
import { pairPreflights } from './preflight-pairing';
import { chainRedirects } from './redirect-chains';

/** One Exchange and what the import had to infer or could not find to build it. */
export interface ImportedExchange {
  exchange: Exchange;
  /** Indexes into `log.entries` folded into this exchange: hops first, then their preflights. */
  entries: number[];
  /** Plain sentences about the import itself (a rebuilt request, a redirect target not in the file...). */
  notes: string[];
}

export interface HarImport {
  /** `log.creator.name`, e.g. "WebInspector", "Firefox", "Playwright", "mitmproxy". */
  creator: string | undefined;
  browser: Exchange['browser'];
  /** One per non-preflight entry that starts a chain, plus one per preflight whose request is missing. */
  exchanges: ImportedExchange[];
}

export interface ImportOptions {
  /** Prefix of Exchange ids, so that exchanges from several files stay distinct. Default "har-". */
  idPrefix?: string;
}

function requestRecord(e: HarEntryFacts, browser: Exchange['browser']): RequestRecord {
  const r: RequestRecord = { method: e.method, url: e.url, headers: e.requestHeaders };
  if (e.corsight?.headersComplete !== undefined) r.headersComplete = e.corsight.headersComplete;
  // A tool that recorded no header omitted them; Chromium's DevTools shows only the "provisional"
  // headers (those the page set) for a request that got no answer. Either way the list is incomplete.
  else if (!e.requestHeadersRecorded || (browser === 'chromium' && e.status === null && e.responseRecorded)) {
    r.headersComplete = false;
  }
  return r;
}

function responseRecord(e: HarEntryFacts): ResponseRecord | undefined {
  if (e.status === null) return undefined;
  const r: ResponseRecord = { status: e.status, headers: e.responseHeaders };
  if (e.statusText !== undefined) r.statusText = e.statusText;
  if (e.serverIPAddress !== undefined) r.remoteAddress = e.serverIPAddress;
  if (e.fromCache) r.fromCache = true;
  return r;
}

function preflightRecord(pf: HarEntryFacts, browser: Exchange['browser']): PreflightRecord {
  const p: PreflightRecord = { request: requestRecord(pf, browser) };
  const response = responseRecord(pf);
  if (response) p.response = response;
  // A net error belongs to a preflight that got no answer; with an answer the failure is a CORS one
  // the engine works out from the headers.
  else p.error = pf.error ?? 'unknown network error';
  return p;
}

/** How the last hop ended: no answer or a recorded error means the browser reported a failure. */
function outcomeOf(last: HarEntryFacts): Outcome {
  if (last.corsight?.outcome) return last.corsight.outcome;
  if (last.error !== undefined) return { kind: 'failed', error: last.error };
  if (!last.responseRecorded) return { kind: 'unknown' };
  if (last.status === null) return { kind: 'failed', error: 'unknown network error' };
  return { kind: 'completed' };
}

/**
 * A Cookie header on a request to another origin than the initiator's can only have been sent with
 * credentials mode "include". Its absence proves nothing (sanitized exports strip it), so the field
 * stays undefined then and the engine weighs both hypotheses.
 */
function observedCredentials(hops: readonly HarEntryFacts[], initiator: string | undefined): 'include' | undefined {
  if (initiator === undefined) return undefined;
  for (const h of hops) {
    if (originOf(h.url) !== initiator && headerValue(h.requestHeaders, 'cookie') !== undefined) return 'include';
  }
  return undefined;
}

function describeInitiator(source: string, origin: string): string | undefined {
  if (source === 'referer') return `The initiator ${origin} was taken from the Referer header (the request has no Origin header).`;
  if (source === 'page') return `The initiator ${origin} was taken from the page the HAR files the request under.`;
  return undefined;
}

/**
 * A preflight whose request is not in the HAR still shows what the server answered. This happens when a
 * proxy (mitmproxy, HTTP Toolkit) recorded the traffic and the preflight failed, so the browser never
 * sent the request, or when the export was filtered. The request is rebuilt from what the preflight
 * announces: the method from Access-Control-Request-Method and the header names from
 * Access-Control-Request-Headers, with unknown (empty) values; its outcome is unknown.
 */
function exchangeFromLonePreflight(pf: HarEntryFacts, log: HarLogFacts, id: string): ImportedExchange {
  const method = headerValue(pf.requestHeaders, 'access-control-request-method')?.trim() || 'GET';
  const headers = [];
  const origin = headerValue(pf.requestHeaders, 'origin');
  if (origin !== undefined) headers.push({ name: 'Origin', value: origin });
  for (const name of headerNameList(headerValue(pf.requestHeaders, 'access-control-request-headers'))) {
    headers.push({ name, value: '' });
  }
  const browser = pf.corsight?.browser ?? log.browser;
  const hop: Hop = {
    request: { method, url: pf.url, headers, headersComplete: false },
    preflight: preflightRecord(pf, browser),
  };
  const exchange: Exchange = {
    id,
    browser,
    hops: [hop],
    outcome: { kind: 'unknown' },
    preflightCached: false,
    startedAt: pf.startedAt,
  };
  const initiator = detectInitiator(pf, log.pages);
  if (initiator) exchange.initiator = initiator.origin;
  return {
    exchange,
    entries: [pf.index],
    notes: [
      `The HAR has this preflight but not the ${method} request it was sent for; the request was rebuilt ` +
        'from Access-Control-Request-Method and -Headers (header values unknown). If the preflight failed, ' +
        'the browser never sent the request.',
    ],
  };
}

/** Turns a validated HAR into Exchanges: preflights folded into their requests, redirect hops chained. */
export function harToExchanges(log: HarLogFacts, options: ImportOptions = {}): HarImport {
  const prefix = options.idPrefix ?? 'har-';
  const order = new EntryOrder();
  const { preflightOf, unpaired } = pairPreflights(log.entries, order);
  const { chains, danglingTargets } = chainRedirects(log.entries, order);
  const at = (i: number): HarEntryFacts => log.entries[i] as HarEntryFacts;

  const imported: ImportedExchange[] = [];
  for (const chain of chains) {
    const hopsFacts = chain.map(at);
    const first = hopsFacts[0] as HarEntryFacts;
    const last = hopsFacts[hopsFacts.length - 1] as HarEntryFacts;
    const notes: string[] = [];
    const entries = [...chain];
    let paired = false;
    const meta = first.corsight;
    const browser = meta?.browser ?? log.browser;
    const hops: Hop[] = hopsFacts.map((e) => {
      const hop: Hop = { request: requestRecord(e, browser) };
      const response = responseRecord(e);
      if (response) hop.response = response;
      const pfIndex = preflightOf.get(e.index);
      if (pfIndex !== undefined) {
        hop.preflight = preflightRecord(at(pfIndex), browser);
        entries.push(pfIndex);
        paired = true;
      }
      return hop;
    });
    const exchange: Exchange = {
      id: meta?.exchangeId ?? `${prefix}${first.index}`,
      browser,
      hops,
      outcome: outcomeOf(last),
      startedAt: first.startedAt,
    };
    const initiator = detectInitiator(first, log.pages);
    if (initiator) {
      exchange.initiator = initiator.origin;
      const note = describeInitiator(initiator.source, initiator.origin);
      if (note) notes.push(note);
    }
    if (meta?.mode) exchange.mode = meta.mode;
    const credentials = meta?.credentials ?? observedCredentials(hopsFacts, exchange.initiator);
    if (credentials) exchange.credentials = credentials;
    if (meta?.preflightCached !== undefined) exchange.preflightCached = meta.preflightCached;
    else if (paired) exchange.preflightCached = false;
    if (first.resourceType !== undefined) exchange.resourceType = first.resourceType;
    const dangling = danglingTargets.get(last.index);
    if (dangling !== undefined) {
      notes.push(`The response redirects to ${dangling}, but the HAR has no entry for that request.`);
    }
    imported.push({ exchange, entries, notes });
  }
  for (const pf of unpaired) {
    imported.push(exchangeFromLonePreflight(pf, log, pf.corsight?.exchangeId ?? `${prefix}${pf.index}`));
  }
  // Chronological, whatever order the file lists entries in.
  imported.sort((a, b) => (a.exchange.startedAt ?? 0) - (b.exchange.startedAt ?? 0) || order.compare(at(a.entries[0] ?? 0), at(b.entries[0] ?? 0)));
  return { creator: log.creator, browser: log.browser, exchanges: imported };
}
