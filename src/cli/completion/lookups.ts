/**
 * Names that live in the cluster (Services, namespaces) or the kubeconfig (contexts), looked up
 * through the same kubeconfig loading and client as every live command, so `--kubeconfig`,
 * `KUBECONFIG`, `--context` and `-n` mean what they mean to kubectl. kubectl drops its own global
 * flags before calling a plugin's completer (`SetupPluginCompletion` resets them), so these are
 * the plugin's own flags, read off the line being completed. A shell waits on completion: every
 * lookup has a short deadline, and this module is imported only when a lookup is needed.
 */
import { InputError } from '../../failures.ts';
import { withCluster } from '../kubeflags.ts';
import type { CliIO } from '../io.ts';
import type { Lookup } from './candidates.ts';
import type { Candidate } from './protocol.ts';

/** Per API request, and for the whole lookup (a slow exec credential plugin, several pages). */
export const LOOKUP_TIMEOUT = { requestMs: 2000, totalMs: 3000 };

const SERVICE_KINDS = ['svc', 'service', 'services'];

export async function lookupCandidates(lookup: Lookup, io: CliIO): Promise<Candidate[]> {
  const names = await withDeadline(namesOf(lookup, io), LOOKUP_TIMEOUT.totalMs);
  // `explain svc/we<TAB>`: offer `svc/web`, in the form being typed (parseServiceRef takes both).
  const slash = lookup.toComplete.indexOf('/');
  const kind = slash >= 0 ? lookup.toComplete.slice(0, slash) : '';
  const prefix = lookup.kind === 'services' && SERVICE_KINDS.includes(kind.toLowerCase()) ? `${kind}/` : '';
  return [...new Set(names)].sort().map((name) => ({ value: prefix + name }));
}

async function namesOf(lookup: Lookup, io: CliIO): Promise<string[]> {
  const { kubeconfig, context, namespace } = lookup.flags;
  if (lookup.kind === 'contexts') {
    const { loadKubeconfig } = await import('../../sources/cluster/kubeconfig.ts');
    return loadKubeconfig({ path: kubeconfig, env: io.env }).kc.getContexts().map((c) => c.name);
  }
  const requestTimeout = `${LOOKUP_TIMEOUT.requestMs}ms`;
  return withCluster({ kubeconfig, context, namespace, requestTimeout }, io, async ({ client, namespace: resolved }) => {
    const { listAll } = await import('../../sources/cluster/paging.ts');
    const { paths } = await import('../../sources/cluster/paths.ts');
    const path = lookup.kind === 'services' ? paths.services(resolved) : '/api/v1/namespaces';
    return (await listAll(client, path)).map((o) => o.metadata?.name ?? '').filter(Boolean);
  });
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InputError(`no answer within ${ms / 1000}s`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
