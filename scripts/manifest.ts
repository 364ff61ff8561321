// Per-browser view of the one source manifest (public/manifest.json). Pure, so unit tests can check it without
// a build. @crxjs/vite-plugin then replaces `background` with its loader file: `service_worker` for Chromium,
// `scripts` (event page) for Firefox.

/**
 * `chrome-verified` is the Chromium build with browser-verified mode: chrome.debugger, whose permission
 * Chrome refuses to make optional ("debugger" is on its list of permissions that cannot be optional,
 * https://developer.chrome.com/docs/extensions/reference/api/permissions; measured in Chromium 156:
 * permissions.request answers "Only permissions specified in the manifest may be requested"). The
 * default build does without it, so installing corsight never asks for the debugger.
 */
export type Target = 'chrome' | 'chrome-verified' | 'firefox';

export type Manifest = Record<string, unknown> & {
  manifest_version: number;
  name: string;
  version: string;
  background?: { service_worker?: string; scripts?: string[]; type?: 'module' };
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  browser_specific_settings?: Record<string, unknown>;
};

/** Permissions Firefox does not implement; web-ext lint reports them and Firefox ignores them with a warning. */
export const CHROMIUM_ONLY_PERMISSIONS: readonly string[] = ['debugger'];

/** What the browser-verified build adds, and how it names itself so that nobody mistakes one for the other. */
export const VERIFIED_PERMISSIONS: readonly string[] = ['debugger'];
export const VERIFIED_NAME_SUFFIX = ' (browser-verified)';

/** Keys only one browser understands (the other warns "unrecognized manifest key" on load). */
const CHROMIUM_ONLY_KEYS = ['key', 'minimum_chrome_version'] as const;
const FIREFOX_ONLY_KEYS = ['browser_specific_settings'] as const;

export function manifestFor(source: Manifest, target: Target): Manifest {
  const manifest: Manifest = structuredClone(source);
  if (target === 'chrome' || target === 'chrome-verified') {
    for (const key of FIREFOX_ONLY_KEYS) delete manifest[key];
    if (manifest.background) delete manifest.background.scripts;
    if (target === 'chrome-verified') {
      manifest.permissions = [...(manifest.permissions ?? []), ...VERIFIED_PERMISSIONS];
      manifest.name += VERIFIED_NAME_SUFFIX;
    }
    return manifest;
  }
  for (const key of CHROMIUM_ONLY_KEYS) delete manifest[key];
  if (manifest.background) delete manifest.background.service_worker;
  for (const field of ['permissions', 'optional_permissions'] as const) {
    const list = manifest[field]?.filter((p) => !CHROMIUM_ONLY_PERMISSIONS.includes(p));
    if (list === undefined) continue;
    if (list.length > 0) manifest[field] = list;
    else delete manifest[field];
  }
  return manifest;
}
