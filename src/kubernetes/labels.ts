/** A Service selector is a plain map: a pod matches when it carries every key with the same value. */
export function matchesSelector(labels: Record<string, string> | undefined, selector: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector)) {
    if (labels?.[key] !== value) return false;
  }
  return true;
}

/** `app=web,tier=front`, the form kubectl and the API's labelSelector use. */
export function formatSelector(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
