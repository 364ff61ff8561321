/**
 * The few CDP Network events the conformance suite reads, typed down to the fields it uses
 * (playwright-core does not export its protocol types).
 */
export type CdpHeaders = Record<string, string>;

export interface CdpResponse {
  url: string;
  status: number;
  statusText: string;
  headers: CdpHeaders;
  remoteIPAddress?: string;
}

export interface RequestWillBeSent {
  requestId: string;
  request: { url: string; method: string; headers: CdpHeaders };
  initiator: { type: string; requestId?: string };
  redirectResponse?: CdpResponse;
  wallTime: number;
  type?: string;
}

export interface RequestWillBeSentExtraInfo {
  requestId: string;
  headers: CdpHeaders;
}

export interface ResponseReceived {
  requestId: string;
  response: CdpResponse;
  type?: string;
}

export interface ResponseReceivedExtraInfo {
  requestId: string;
  statusCode: number;
  headers: CdpHeaders;
  /** The raw response head, when Chromium has it (HTTP/1.x): keeps duplicate lines and their order. */
  headersText?: string;
}

export interface CorsErrorStatus {
  corsError: string;
  failedParameter: string;
}

export interface LoadingFailed {
  requestId: string;
  errorText: string;
  canceled?: boolean;
  blockedReason?: string;
  corsErrorStatus?: CorsErrorStatus;
}

export interface LoadingFinished {
  requestId: string;
}

export type NetworkEvent =
  | { method: 'Network.requestWillBeSent'; params: RequestWillBeSent }
  | { method: 'Network.requestWillBeSentExtraInfo'; params: RequestWillBeSentExtraInfo }
  | { method: 'Network.responseReceived'; params: ResponseReceived }
  | { method: 'Network.responseReceivedExtraInfo'; params: ResponseReceivedExtraInfo }
  | { method: 'Network.loadingFailed'; params: LoadingFailed }
  | { method: 'Network.loadingFinished'; params: LoadingFinished };

export const NETWORK_EVENTS: ReadonlyArray<NetworkEvent['method']> = [
  'Network.requestWillBeSent',
  'Network.requestWillBeSentExtraInfo',
  'Network.responseReceived',
  'Network.responseReceivedExtraInfo',
  'Network.loadingFailed',
  'Network.loadingFinished',
];

/** The id of the page's request: the first non-preflight request whose URL starts with `url`. */
export function mainRequestId(events: readonly NetworkEvent[], url: string): string | undefined {
  return eventsOf(events, 'Network.requestWillBeSent').find((e) => e.initiator.type !== 'preflight' && e.request.url.startsWith(url))
    ?.requestId;
}

type ParamsOf<M extends NetworkEvent['method']> = Extract<NetworkEvent, { method: M }>['params'];

/** The params of the events of one kind, in the order they arrived. */
export function eventsOf<M extends NetworkEvent['method']>(events: readonly NetworkEvent[], method: M): Array<ParamsOf<M>> {
  const out: Array<ParamsOf<M>> = [];
  for (const e of events) if (e.method === method) out.push(e.params as ParamsOf<M>);
  return out;
}
