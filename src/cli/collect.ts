/**
 * `--collect-dataplane[=all|INTERVAL]`, `--nodes` and `--collect-timeout`, shared by explain,
 * snapshot and watch, made into one typed config once. Opt-in, never the default: it is the only
 * thing that makes this tool run commands in the cluster (exec into the kube-proxy or Cilium
 * agent pods, README "What --collect-dataplane needs").
 */
import type { Command } from 'commander';
import type { NodeCapture } from '../dataplane/capture.ts';
import { namesWithoutNode, serviceNodes } from '../dataplane/nodes.ts';
import { familiesOf } from '../dataplane/readcommands.ts';
import { UsageError } from '../failures.ts';
import type { NodeObject } from '../kubernetes/objects.ts';
import { parseDuration } from '../kubernetes/duration.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { printable } from '../render/printable.ts';
import type { ClusterConnection } from '../sources/cluster/connect.ts';
import { durationFlag } from './durations.ts';
import type { CliIO } from './io.ts';
import { USER_AGENT } from './kubeflags.ts';
import { systemClock } from './watch/clock.ts';

export interface CollectFlags {
  /** true (bare flag), "all", or a watch interval. */
  collectDataplane?: string | true;
  nodes: string[];
  collectTimeout: string;
}

export interface CollectConfig {
  /** service: the nodes of the Service's pods and endpoints plus `nodes`; all: every Node. */
  scope: 'service' | 'all';
  nodes: string[];
  nodeTimeoutMs: number;
  /** watch: how often the rules are read again. */
  intervalMs: number;
}

/** Nodes read at once (each one an exec or three on the API server). */
export const COLLECT_CONCURRENCY = 8;
export const DEFAULT_COLLECT_TIMEOUT = '20s';
/** watch: a few seconds by default; at least 1 s (each read is several execs per node), at most 5 m. */
const DEFAULT_INTERVAL_MS = 5000;
const INTERVAL_BOUNDS = { min: 1000, max: 300_000 };

const collectNodes = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((n) => n.trim()).filter(Boolean)];

export function collectFlags(command: Command, valueHelp: string): Command {
  return command
    .option(`--collect-dataplane [${valueHelp}]`, "read each relevant node's rules by exec into its kube-proxy or Cilium agent pod (needs pods/exec in kube-system; write the value after =)")
    .option('--nodes <names>', 'with --collect-dataplane: read these nodes too (comma-separated, repeatable)', collectNodes, [])
    .option('--collect-timeout <duration>', 'with --collect-dataplane: give up on a node after this long (its rules are then unknown)', DEFAULT_COLLECT_TIMEOUT);
}

/** null when --collect-dataplane is not given; `interval`: whether this command reads at an interval (watch). */
export function collectConfig(flags: CollectFlags, command: Command, interval: boolean): CollectConfig | null {
  const value = flags.collectDataplane;
  if (value === undefined) {
    const stray = (['nodes', 'collectTimeout'] as const).filter((key) => command.getOptionValueSource(key) === 'cli');
    if (stray.length > 0) throw new UsageError(`${stray.map((k) => (k === 'nodes' ? '--nodes' : '--collect-timeout')).join(' and ')} only ${stray.length > 1 ? 'apply' : 'applies'} with --collect-dataplane`);
    return null;
  }
  const config: CollectConfig = { scope: 'service', nodes: flags.nodes, nodeTimeoutMs: durationFlag('--collect-timeout', flags.collectTimeout), intervalMs: DEFAULT_INTERVAL_MS };
  if (value === true) return config;
  if (value === 'all') return { ...config, scope: 'all' };
  const ms = parseDuration(value);
  const forms = interval ? '"all" or an interval (5s, 1m)' : '"all"';
  if (ms === null) throw new UsageError(`--collect-dataplane=${value}: expected ${forms}; the value goes after = (--collect-dataplane svc/web reads "svc/web" as the value)`);
  if (!interval) throw new UsageError(`--collect-dataplane=${value}: an interval applies to a watch (add --watch); here the value is "all" or nothing`);
  if (ms < INTERVAL_BOUNDS.min || ms > INTERVAL_BOUNDS.max) throw new UsageError(`--collect-dataplane=${value}: the interval must be between 1s and 5m`);
  return { ...config, intervalMs: ms };
}

/** The node reads of one command (nodeCollector). */
export interface NodeCollector {
  /** The captures of the nodes that matter to `snapshot`'s Service (or of every node). */
  read(snapshot: Snapshot): Promise<NodeCapture[]>;
  /** `=all`: every Node, listed once, before any Service is read (their names are then known nodes); otherwise none. */
  listed(): Promise<NodeObject[]>;
}

/**
 * The node reads of one command, within the connection its snapshots are read on. A node already
 * read (or being read) for the same IP families is not read again, so `explain svc/a svc/b
 * --collect-dataplane` execs into a node the two Services share once, and `=all` lists and reads
 * every node once. Loads the exec client only when it is first needed.
 */
export function nodeCollector(cluster: ClusterConnection, config: CollectConfig, io: CliIO): NodeCollector {
  const captures = new Map<string, Promise<NodeCapture | undefined>>();
  const exec = () => import('../sources/cluster/exec/dataplanes.ts');
  const clock = io.clock ?? systemClock();
  // Every Node, listed once; null when Nodes cannot be listed (each Service's nodes are read then).
  let every: Promise<NodeObject[] | null> | undefined;
  const everyNodes = () =>
    (every ??= exec().then(async ({ everyNode }) => {
      const listing = await everyNode(cluster, []);
      if (listing.note === null) return listing.nodes.filter((n): n is NodeObject => typeof n !== 'string');
      io.stderr.write(`warning: ${printable(listing.note)}\n`);
      return null;
    }));
  return {
    listed: async () => (config.scope === 'all' ? ((await everyNodes()) ?? []) : []),
    read: async (snapshot) => {
      const { DataplaneReader, rfc3339 } = await exec();
      const absent = new Set(namesWithoutNode(config.nodes, snapshot) ?? []);
      const named = serviceNodes(snapshot, config.nodes).filter((name) => !absent.has(name));
      const chosen = (config.scope === 'all' ? await everyNodes() : null) ?? withObjects(named, snapshot.nodes);
      const families = familiesOf(snapshot.service.spec?.ipFamilies);
      const key = (name: string) => `${families.join(',')} ${name}`;
      const nameOf = (node: NodeObject | string) => (typeof node === 'string' ? node : node.metadata.name);
      const unread = chosen.filter((node) => !captures.has(key(nameOf(node))));
      if (unread.length > 0) {
        const limits = { concurrency: COLLECT_CONCURRENCY, nodeTimeoutMs: config.nodeTimeoutMs, timeoutName: '--collect-timeout', after: clock.after };
        const reader = new DataplaneReader(cluster, { userAgent: USER_AGENT, limits, now: clock.now });
        const reading = reader.read(unread, families).finally(() => reader.close());
        for (const node of unread) captures.set(key(nameOf(node)), reading.then((read) => read.find((c) => c.node === nameOf(node))));
      }
      const at = rfc3339(clock.now());
      const missing = [...absent].map((node): NodeCapture => ({ node, capturedAt: at, status: 'unknown', reason: `there is no Node named ${node} (--nodes)` }));
      const read = await Promise.all(chosen.map((node) => captures.get(key(nameOf(node)))));
      return [...read.filter((c): c is NodeCapture => c !== undefined), ...missing];
    },
  };
}

/** The Node objects already read, by name; a name the snapshot has no Node for stays a name. */
function withObjects(names: readonly string[], nodes: readonly NodeObject[]): (NodeObject | string)[] {
  const byName = new Map(nodes.map((n) => [n.metadata.name, n] as const));
  return names.map((name) => byName.get(name) ?? name);
}
