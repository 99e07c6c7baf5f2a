/** The Node as the explain rules read it: its conditions, taints, and what a pod tolerates of them. */
import type { KubeObject, ObjectMeta } from './objects.ts';

/** A pod's toleration of a node taint (core/v1 Toleration). */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

export interface NodeObject extends KubeObject {
  kind: 'Node';
  metadata: ObjectMeta & { name: string };
  spec?: { unschedulable?: boolean; podCIDR?: string; podCIDRs?: string[]; taints?: Taint[] };
  status?: { conditions?: NodeCondition[]; addresses?: { type: string; address: string }[] };
}
