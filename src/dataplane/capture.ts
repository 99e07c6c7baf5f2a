/**
 * What `--collect-dataplane` read on one node: the agent it asked, the mode it found, and each
 * command's output exactly as printed, with when it was read; or why nothing could be read there.
 * The same record feeds the live explanation, a snapshot bundle (one `NodeDataplane` item per
 * node, bundle.ts), its offline replay and each read of a watch: all of them decode the outputs
 * with the one dump decoder (replay.ts), so they give the same per-node answer.
 *
 * Pure data: the exec client (sources/cluster/exec/) fills it.
 */
import type { AgentKind } from './agentpods.ts';
import type { IpFamily } from './readcommands.ts';
import type { Dataplane } from './types.ts';

/** One command's output. */
export interface CapturedOutput {
  /** The argv that ran (the fallback's, when the first binary was missing). */
  command: string[];
  /** What the output is ("iptables nat table (IPv4)"). */
  reads: string;
  /** The decoder for it; 'status' for `cilium-dbg status`, which is read for the mode only. */
  decoder: Dataplane | 'status';
  family: IpFamily | null;
  text: string;
}

export interface CapturedAgent {
  kind: AgentKind;
  namespace: string;
  pod: string;
  container: string;
  /** The mode and its evidence, in words ("iptables (ConfigMap kube-system/kube-proxy: mode \"\")"). */
  mode: string;
  /** Cilium: whether it replaces kube-proxy, as `cilium-dbg status` says; absent when not known. */
  replacesKubeProxy?: 'yes' | 'no' | 'partly';
  outputs: CapturedOutput[];
  /** What was not read and why (an optional step that failed, a fallback binary, IPVS). */
  notes: string[];
}

export type NodeCapture =
  | { node: string; capturedAt: string; status: 'read'; agents: CapturedAgent[] }
  /** Nothing usable was read: the reason says what stopped it (forbidden, no agent pod, timeout...). */
  | { node: string; capturedAt: string; status: 'unknown'; reason: string };

/** A node whose dataplane was asked for and could not be read: unknown, never "no rules". */
export interface UnreadNode {
  node: string;
  why: string;
}
