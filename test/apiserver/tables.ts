/**
 * Server-side printing: the `meta.k8s.io/v1` Table kubectl asks for (`Accept: ...;as=Table`)
 * when it prints columns, with kube-apiserver's columns for each served resource.
 */
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { EVENT_PRINTER, NAMESPACE_PRINTER, NODE_PRINTER } from './clusterprinters.ts';
import { column, NAME, nameOf, type Cell, type Printer, type TableColumn } from './columns.ts';
import { INGRESS_CLASS_PRINTER, INGRESS_PRINTER, REFERENCE_GRANT_PRINTER, ROUTE_PRINTER } from './networkprinters.ts';
import { POD_PRINTER } from './podprinter.ts';
import type { ResourceType } from './resources.ts';
import { ENDPOINTS_PRINTER, ENDPOINTSLICE_PRINTER, SERVICE_PRINTER } from './serviceprinters.ts';

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumn[];
  rows: { cells: Cell[]; object?: KubeObject }[];
}

/** `includeObject` query parameter: what each row embeds. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function toTable(type: ResourceType, objects: KubeObject[], metadata: Table['metadata'], include: IncludeObject, now = new Date()): Table {
  const printer = PRINTERS[type.name] ?? DEFAULT_PRINTER;
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata,
    columnDefinitions: printer.columns,
    rows: objects.map((obj) => {
      const row: Table['rows'][number] = { cells: printer.cells(obj, now) };
      const embedded = embed(obj, include);
      if (embedded) row.object = embedded;
      return row;
    }),
  };
}

function embed(obj: KubeObject, include: IncludeObject): KubeObject | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

/** The generic table the server prints for resources without their own columns. */
const DEFAULT_PRINTER: Printer = {
  columns: [NAME, column('Created At', 'CreationTimestamp is a timestamp representing the server time when this object was created.', 0, 'date')],
  cells: (obj) => [nameOf(obj), obj.metadata?.creationTimestamp ?? ''],
};

const PRINTERS: Record<string, Printer> = {
  pods: POD_PRINTER, services: SERVICE_PRINTER, endpoints: ENDPOINTS_PRINTER, endpointslices: ENDPOINTSLICE_PRINTER,
  nodes: NODE_PRINTER, namespaces: NAMESPACE_PRINTER, events: EVENT_PRINTER,
  ingresses: INGRESS_PRINTER, ingressclasses: INGRESS_CLASS_PRINTER, httproutes: ROUTE_PRINTER, grpcroutes: ROUTE_PRINTER, referencegrants: REFERENCE_GRANT_PRINTER,
};
