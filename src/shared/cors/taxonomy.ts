/**
 * The two browsers' own names for CORS failures, complete, including values older versions still send,
 * so that a verdict read from a browser can always be typed.
 */

/**
 * Chromium's `Network.CorsError` (CDP), from services/network/public/mojom/cors.mojom and
 * devtools-protocol's browser_protocol.pdl. The Private Network Access names were renamed to Local
 * Network Access in 2025; both are kept because older Chromium still sends the old ones.
 */
export const CHROMIUM_CORS_ERRORS = [
  'DisallowedByMode',
  'InvalidResponse',
  'WildcardOriginNotAllowed',
  'MissingAllowOriginHeader',
  'MultipleAllowOriginValues',
  'InvalidAllowOriginValue',
  'AllowOriginMismatch',
  'InvalidAllowCredentials',
  'CorsDisabledScheme',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
  'PreflightWildcardOriginNotAllowed',
  'PreflightMissingAllowOriginHeader',
  'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch',
  'PreflightInvalidAllowCredentials',
  'PreflightMissingAllowExternal',
  'PreflightInvalidAllowExternal',
  'PreflightMissingAllowPrivateNetwork',
  'PreflightInvalidAllowPrivateNetwork',
  'InvalidAllowMethodsPreflightResponse',
  'InvalidAllowHeadersPreflightResponse',
  'MethodDisallowedByPreflightResponse',
  'HeaderDisallowedByPreflightResponse',
  'RedirectContainsCredentials',
  'InsecurePrivateNetwork',
  'InvalidPrivateNetworkAccess',
  'UnexpectedPrivateNetworkAccess',
  'NoCorsRedirectModeNotFollow',
  'PreflightMissingPrivateNetworkAccessId',
  'PreflightMissingPrivateNetworkAccessName',
  'PrivateNetworkAccessPermissionUnavailable',
  'PrivateNetworkAccessPermissionDenied',
  'InsecureLocalNetwork',
  'InvalidLocalNetworkAccess',
  'LocalNetworkAccessPermissionDenied',
] as const;
export type ChromiumCorsError = (typeof CHROMIUM_CORS_ERRORS)[number];

/**
 * Firefox's reasons: the `security.properties` keys it logs to the console (the category of the
 * nsIScriptError), as listed on MDN's "Reason:" pages. Suffixed keys replaced older ones whose text
 * changed; the older keys are kept for older Firefox versions.
 */
export const FIREFOX_CORS_REASONS = [
  'CORSDisabled',
  'CORSDidNotSucceed2',
  'CORSDidNotSucceed',
  'CORSOriginHeaderNotAdded',
  'CORSExternalRedirectNotAllowed',
  'CORSRequestNotHttp',
  'CORSMissingAllowOrigin2',
  'CORSMissingAllowOrigin',
  'CORSMultipleAllowOriginNotAllowed',
  'CORSAllowOriginNotMatchingOrigin',
  'CORSNotSupportingCredentials',
  'CORSMethodNotFound',
  'CORSMissingAllowCredentials',
  'CORSInvalidAllowMethod',
  'CORSInvalidAllowHeader',
  'CORSMissingAllowHeaderFromPreflight2',
  'CORSMissingAllowHeaderFromPreflight',
  'CORSPreflightDidNotSucceed3',
  'CORSPreflightDidNotSucceed2',
  'CORSPreflightDidNotSucceed',
  'CORSAllowHeaderFromPreflightDeprecation',
] as const;
export type FirefoxCorsReason = (typeof FIREFOX_CORS_REASONS)[number];

export function isChromiumCorsError(s: unknown): s is ChromiumCorsError {
  return typeof s === 'string' && (CHROMIUM_CORS_ERRORS as readonly string[]).includes(s);
}
export function isFirefoxCorsReason(s: unknown): s is FirefoxCorsReason {
  return typeof s === 'string' && (FIREFOX_CORS_REASONS as readonly string[]).includes(s);
}
