/**
 * `kubectl slices snapshot`: the objects one explanation used, as the `List` that
 * `kubectl get -o json` prints, so `explain -f bundle.json` replays it offline.
 *
 * A plain List cannot say "captured, and there were none" (a healthy Service has no Warning
 * events) or "forbidden" (RBAC hid the pods): `explain -f` would report such a kind as "not in the
 * input files" and the replay would differ from the live run. So the bundle ends with one
 * `kubectl-slices.github.io/v1alpha1 Capture` record: which Service, from where, when, and what
 * was unknown. The file parser keeps it like any object; `captureFor` finds it again, in this
 * form or in the undotted `kubectl-slices/v1` that bundles written before the documents were
 * versioned carry.
 *
 * Secrets in the objects (env values, arguments, annotations) are redacted unless asked not to
 * (redact.ts), and the record says how many were.
 */
import { InputError } from '../../failures.ts';
import type { KubeObject } from '../../kubernetes/objects.ts';
import { firstProblem, list, obj, required, str } from '../../kubernetes/shape.ts';
import type { Snapshot, UnknownResource } from '../../model/snapshot.ts';
import type { NodeCapture } from '../../dataplane/capture.ts';
import { dataplaneRecords } from './dataplaneRecords.ts';
import type { RedactionCounts } from './redact.ts';
import { API_VERSION, KIND } from '../../schema.ts';

export const CAPTURE_API_VERSION = API_VERSION;
/** The group bundles were written with before the documents were versioned; still read. */
export const LEGACY_CAPTURE_API_VERSION = 'kubectl-slices/v1';
export const CAPTURE_KIND = KIND.capture;

export interface CaptureRecord extends KubeObject {
  apiVersion: typeof CAPTURE_API_VERSION | typeof LEGACY_CAPTURE_API_VERSION;
  kind: typeof CAPTURE_KIND;
  metadata: { name: string; namespace: string };
  capturedAt: string;
  server: string;
  context: string;
  /** Resources that could not be read (empty: every kind was read, even if none exist). */
  unknown: UnknownResource[];
  /** What was redacted; `redacted: false` when the bundle was written with --redact=false. */
  redaction: ({ redacted: true } & RedactionCounts) | { redacted: false };
}

export interface CaptureSource {
  server: string;
  context: string;
  capturedAt: Date;
}

export interface KubeList {
  apiVersion: 'v1';
  kind: 'List';
  metadata: { resourceVersion: string };
  items: KubeObject[];
}

export interface Bundle {
  list: KubeList;
  /** What was redacted; null with --redact=false. */
  redacted: RedactionCounts | null;
}

/** What redacts a bundle's objects (redact.ts's `redactObjects`, loaded only by `snapshot`); null keeps them. */
export type Redactor = (objects: readonly KubeObject[]) => { objects: KubeObject[]; counts: RedactionCounts };

/** `captures`: what --collect-dataplane read on the nodes, kept byte for byte after the (redacted) objects. */
export function bundleOf(snapshot: Snapshot, source: CaptureSource, redactor: Redactor | null, captures: readonly NodeCapture[] = []): Bundle {
  const { service } = snapshot;
  const objects: KubeObject[] = [
    service,
    ...snapshot.endpointSlices,
    ...(snapshot.endpoints ? [snapshot.endpoints] : []),
    ...snapshot.pods,
    // The namespace's other pods, read only when the selector matched none: the replay names the same near misses.
    ...(snapshot.namespacePods ?? []),
    ...snapshot.nodes,
    ...snapshot.events,
    ...(snapshot.namespace ? [snapshot.namespace] : []),
    ...snapshot.ingresses,
    ...snapshot.ingressClasses,
  ];
  const redacted = redactor ? redactor(objects) : null;
  const capture: CaptureRecord = {
    apiVersion: CAPTURE_API_VERSION,
    kind: CAPTURE_KIND,
    metadata: { name: service.metadata.name, namespace: service.metadata.namespace ?? 'default' },
    capturedAt: source.capturedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    server: source.server,
    context: source.context,
    unknown: snapshot.unknown,
    redaction: redacted ? { redacted: true, ...redacted.counts } : { redacted: false },
  };
  const items = [...(redacted?.objects ?? objects), ...dataplaneRecords(captures), capture];
  return { list: { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items }, redacted: redacted?.counts ?? null };
}

const CAPTURE_SHAPE = obj({ unknown: required(list(obj({ kind: required(str), why: required(str) }))) });

/** The capture record of this Service in objects read from files, if they came from `snapshot`. */
export function captureFor(objects: readonly KubeObject[], service: { name: string; namespace?: string }): CaptureRecord | undefined {
  const capture = objects.find(
    (o): o is CaptureRecord =>
      (o.apiVersion === CAPTURE_API_VERSION || o.apiVersion === LEGACY_CAPTURE_API_VERSION) && o.kind === CAPTURE_KIND && o.metadata?.name === service.name && (o.metadata?.namespace ?? 'default') === (service.namespace ?? 'default'),
  );
  const problem = capture ? firstProblem(capture, CAPTURE_SHAPE) : null;
  if (problem) throw new InputError(`the ${CAPTURE_KIND} record of ${service.namespace ?? 'default'}/${service.name}: ${problem.path} ${problem.problem}`);
  return capture;
}
