/**
 * The gate a run joins when `--gate` is not given: one per API origin (scheme, host and port), so
 * runs against the same server share its quota whatever path they post to. An origin may hold
 * braces (`http://a{b}/` parses), which the store refuses in a name: they are percent-encoded.
 */
export function defaultGateName(url: string | undefined): string {
  let origin = url ?? '';
  try {
    origin = new URL(origin).origin;
  } catch {
    // A bad --url is reported on its own; the name only has to be valid.
  }
  return `pooled-map:${origin.replace(/\{/g, '%7B').replace(/\}/g, '%7D')}`;
}
