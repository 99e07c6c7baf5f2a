/**
 * Which mode a node's dataplane agent runs in, from what the API shows (never guessed):
 * - kube-proxy: with `--config FILE`, every other flag but logging is ignored and the mode is the
 *   file's `mode:` (cmd/kube-proxy/app/options.go `Complete`: the loaded config replaces the
 *   flag-parsed one); the file comes from the ConfigMap mounted at its directory (kubeadm:
 *   ConfigMap `kube-proxy`, key `config.conf`, mounted at /var/lib/kube-proxy). Without
 *   `--config`, the `--proxy-mode` flag. Empty or absent means iptables on Linux and kernelspace
 *   on Windows (cmd/kube-proxy/app/server_linux.go / server_windows.go `platformApplyDefaults`).
 * - Cilium: `cilium-dbg status` prints `KubeProxyReplacement:` (cilium PR #10059): `True`/`False`
 *   since 1.14, `Strict`/`Partial`/`Probe`/`Disabled` before.
 */
import type { KubeObject } from '../kubernetes/objects.ts';

export type ProxyMode = 'iptables' | 'nftables' | 'ipvs' | 'kernelspace';

export type ModeFinding = { known: true; mode: ProxyMode; evidence: string } | { known: false; missing: string };

export type ConfigMapRead = { state: 'read'; data: Record<string, string> } | { state: 'absent' } | { state: 'unknown'; why: string };

/** How the caller looks up a ConfigMap it fetched (namespace, name). */
export type ConfigMapLookup = (namespace: string, name: string) => ConfigMapRead;

interface ContainerShape {
  name: string;
  command?: string[];
  args?: string[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}

interface PodShape {
  metadata?: { namespace?: string; name?: string };
  spec?: { containers?: ContainerShape[]; volumes?: { name: string; configMap?: { name: string; items?: { key: string; path: string }[] } }[] };
}

/** The ConfigMap and key behind `--config`, or the path when no ConfigMap volume holds it. */
export type ConfigSource = { from: 'configmap'; configMap: string; key: string; path: string } | { from: 'file'; path: string };

export function kubeProxyMode(pod: KubeObject, container: string, configMaps: ConfigMapLookup, os = 'linux'): ModeFinding {
  const name = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  const flags = commandLineOf(pod, container);
  const config = flagValue(flags, 'config');
  if (config === null) {
    const mode = flagValue(flags, 'proxy-mode');
    return fromModeText(mode ?? '', os, mode === null ? `pod ${name} runs kube-proxy without --config or --proxy-mode` : `pod ${name} runs kube-proxy --proxy-mode=${mode}`);
  }
  const source = configSource(pod, container, config);
  if (source.from === 'file') return { known: false, missing: `the file ${config} that pod ${name} gives to --config is not from a ConfigMap volume` };
  const namespace = pod.metadata?.namespace ?? '';
  const read = configMaps(namespace, source.configMap);
  const where = `ConfigMap ${namespace}/${source.configMap} key ${source.key}`;
  if (read.state === 'unknown') return { known: false, missing: `${where} could not be read (${read.why})` };
  if (read.state === 'absent' || read.data[source.key] === undefined) return { known: false, missing: `${where}, which pod ${name} reads with --config, does not exist` };
  const mode = configFileMode(read.data[source.key] ?? '');
  if (mode === null) return { known: false, missing: `${where} sets mode in a way this reader does not follow (it reads a top-level "mode:" line)` };
  return fromModeText(mode, os, `${where}: mode: ${mode === '' ? '""' : mode}`);
}

function fromModeText(mode: string, os: string, evidence: string): ModeFinding {
  if (mode === '') {
    const fallback: ProxyMode = os === 'windows' ? 'kernelspace' : 'iptables';
    return { known: true, mode: fallback, evidence: `${evidence} (empty means ${fallback} on ${os === 'windows' ? 'Windows' : 'Linux'})` };
  }
  if (mode === 'iptables' || mode === 'nftables' || mode === 'ipvs' || mode === 'kernelspace') return { known: true, mode, evidence };
  return { known: false, missing: `${evidence}: "${mode}" is not a kube-proxy mode this tool knows` };
}

/** The container's command and args as words; a `sh -c "..."` script is split on blanks. */
export function commandLineOf(pod: KubeObject, container: string): string[] {
  const c = (pod as PodShape).spec?.containers?.find((x) => x.name === container);
  const words = [...(c?.command ?? []), ...(c?.args ?? [])];
  const script = words.findIndex((w, i) => w === '-c' && /(^|\/)(ba)?sh$/.test(words[i - 1] ?? ''));
  return script >= 0 ? (words[script + 1] ?? '').split(/\s+/).filter(Boolean) : words;
}

/** `--name=value` or `--name value` (pflag accepts both); the last one wins, as in pflag. null: absent. */
export function flagValue(words: readonly string[], name: string): string | null {
  let value: string | null = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w.startsWith(`--${name}=`)) value = w.slice(name.length + 3);
    else if (w === `--${name}` && i + 1 < words.length) value = words[i + 1] ?? null;
  }
  return value;
}

/** Which ConfigMap key is the file at `path`: the volume mounted at the path's directory (or above). */
export function configSource(pod: KubeObject, container: string, path: string): ConfigSource {
  const spec = (pod as PodShape).spec;
  const mounts = spec?.containers?.find((c) => c.name === container)?.volumeMounts ?? [];
  const mount = mounts
    .filter((m) => !m.subPath && path.startsWith(`${m.mountPath.replace(/\/+$/, '')}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  const volume = mount && spec?.volumes?.find((v) => v.name === mount.name)?.configMap;
  if (!mount || !volume) return { from: 'file', path };
  const relative = path.slice(mount.mountPath.replace(/\/+$/, '').length + 1);
  const key = volume.items?.find((item) => item.path === relative)?.key ?? relative;
  return { from: 'configmap', configMap: volume.name, key, path };
}

/**
 * The top-level `mode:` of a KubeProxyConfiguration (YAML or JSON): "" when empty or absent, null
 * when it cannot be read with certainty (flow style, anchors, a multi-line value).
 */
export function configFileMode(text: string): string | null {
  if (text.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { mode?: unknown };
      return typeof parsed.mode === 'string' ? parsed.mode : parsed.mode === undefined ? '' : null;
    } catch {
      return null;
    }
  }
  const lines = text.split('\n').filter((l) => /^mode\s*:/.test(l));
  if (lines.length > 1) return null;
  if (lines.length === 0) return '';
  const value = (lines[0] ?? '').replace(/^mode\s*:/, '').replace(/\s+#.*$/, '').trim();
  const unquoted = /^"([^"]*)"$|^'([^']*)'$/.exec(value);
  if (unquoted) return unquoted[1] ?? unquoted[2] ?? '';
  return /^[A-Za-z]*$/.test(value) ? value : null;
}

export type ReplacementFinding =
  | { known: true; value: string; replacesKubeProxy: 'yes' | 'no' | 'partly'; evidence: string }
  | { known: false; missing: string };

/** `KubeProxyReplacement:    True   [eth0 ...]` from `cilium-dbg status`. */
export function ciliumKubeProxyReplacement(statusText: string): ReplacementFinding {
  const line = /^KubeProxyReplacement:\s+(\S+)/m.exec(statusText);
  if (!line) return { known: false, missing: 'cilium-dbg status printed no KubeProxyReplacement line' };
  const value = line[1] ?? '';
  const evidence = `cilium-dbg status: KubeProxyReplacement: ${value}`;
  const v = value.toLowerCase();
  if (v === 'true' || v === 'strict') return { known: true, value, replacesKubeProxy: 'yes', evidence };
  if (v === 'false' || v === 'disabled') return { known: true, value, replacesKubeProxy: 'no', evidence };
  if (v === 'partial' || v === 'probe') return { known: true, value, replacesKubeProxy: 'partly', evidence };
  return { known: false, missing: `${evidence}, a value this tool does not know` };
}
