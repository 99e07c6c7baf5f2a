/** Building blocks of server-side printing: column definitions and the cells every table shares. */
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { humanDuration } from './duration.ts';

export interface TableColumn { name: string; type: string; format: string; description: string; priority: number }
export type Cell = string | number;

/** One resource's columns and how to fill them from an object. */
export interface Printer { columns: TableColumn[]; cells: (obj: KubeObject, now: Date) => Cell[] }

/** Priority 0 columns show by default; priority 1 only with `-o wide`. */
export function column(name: string, description: string, priority = 0, type = 'string', format = ''): TableColumn {
  return { name, type, format, description, priority };
}

export const NAME = column('Name', 'Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', 0, 'string', 'name');
export const AGE = column('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

export function nameOf(obj: KubeObject): string {
  return obj.metadata?.name ?? '';
}

export function age(obj: KubeObject, now: Date): string {
  return since(obj.metadata?.creationTimestamp, now);
}

/** The AGE-style cell for a timestamp ("<unknown>" when absent). */
export function since(timestamp: string | null | undefined, now: Date): string {
  return timestamp ? humanDuration(now.getTime() - Date.parse(timestamp)) : '<unknown>';
}

/** "a,b,c + 2 more..." as the Endpoints and EndpointSlice printers shorten long lists. */
export function firstThree(values: string[]): string {
  if (values.length === 0) return '<none>';
  const shown = values.slice(0, 3).join(',');
  return values.length > 3 ? `${shown} + ${values.length - 3} more...` : shown;
}
