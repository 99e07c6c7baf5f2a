/**
 * The API group and version of every document kubectl-slices writes (`explain -o json|yaml`,
 * `list -o json|yaml`, `rules -o json|yaml`, the NDJSON lines of `watch`, and the Capture record
 * that ends a `snapshot` bundle), so a script can tell what it reads and which contract it follows.
 *
 * The group is a DNS name the project controls, as Kubernetes asks of any API group that is not
 * its own: the `kubectl-slices` GitHub organisation that hosts the project owns
 * `kubectl-slices.github.io`. A name under k8s.io or kubernetes.io would claim to be Kubernetes';
 * a domain nobody here owns (say, slices.kubectl.dev) could one day be someone else's group.
 * `v1alpha1` until the contract is frozen: fields may be added within a version, never renamed or
 * removed; a change that breaks a reader gets a new version.
 *
 * At the bottom of the import graph, like failures.ts: the core, the sources and the renderers
 * all write these names.
 */
export const API_GROUP = 'kubectl-slices.github.io';
export const API_VERSION = `${API_GROUP}/v1alpha1` as const;

export const KIND = {
  /** `explain -o json|yaml`: one Service. */
  explanation: 'ServiceExplanation',
  /** `explain` of several Services (-l, several names, a pod or a workload): their ServiceExplanations in `items`. */
  explanationList: 'ServiceExplanationList',
  /** `list -o json|yaml`. */
  listing: 'ServiceListing',
  /** `rules -o json|yaml`. */
  rules: 'NodeRules',
  /** The last item of a `snapshot` bundle: what was captured, from where, and what could not be read. */
  capture: 'Capture',
  /** One NDJSON line of `watch` (and `explain --watch`, `demo`): a pod, slice or Endpoints transition. */
  transition: 'Transition',
  /** The last NDJSON line of a watch: `{"summary": ...}`. */
  watchSummary: 'WatchSummary',
} as const;
