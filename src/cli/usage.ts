export const USAGE = `Usage: corsight analyze <file.har>... [--json | --markdown] [--failing] [--include-secrets]
       corsight --help | --version

Explains why the browser blocked each cross-origin request in a HAR file and which
response header fixes it. Works offline. Reads HARs from Chrome, Edge and Firefox
DevTools, Playwright's recordHar, mitmproxy, HTTP Toolkit and corsight's own HAR export,
and the JSON report the corsight panel exports (re-diagnosed with this version).
Use - to read from standard input.

Options:
  --json             print the report as JSON (schema corsight-report/1)
  --markdown         print the report as Markdown
  --failing          list only blocked requests (totals still count all)
  --include-secrets  keep Cookie, Set-Cookie, Authorization and token values
                     (redacted by default)
  -h, --help         show this help
  -v, --version      show the version

Exit status: 0 when every file was analysed (whatever the verdicts), 2 for bad usage
or a file that cannot be read as a HAR or a panel report.
`;
