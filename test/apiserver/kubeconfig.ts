/** A kubeconfig pointing at the test server, as kubectl and client-node read it. */
import { dump } from 'js-yaml';

export interface KubeconfigOptions {
  /** The context's default namespace (none when absent, so clients use "default"). */
  namespace?: string;
  /** Context name; the cluster and user are named after it. Default "test-apiserver". */
  context?: string;
}

export interface ClusterAccess {
  url: string;
  /** PEM of the serving CA; absent for plain HTTP. */
  ca?: string;
  token?: string;
}

export function kubeconfigYaml(access: ClusterAccess, opts: KubeconfigOptions = {}): string {
  const name = opts.context ?? 'test-apiserver';
  const cluster: Record<string, unknown> = { server: access.url };
  if (access.ca) cluster['certificate-authority-data'] = Buffer.from(access.ca).toString('base64');
  // client-node refuses http:// servers unless told to skip TLS verification.
  else cluster['insecure-skip-tls-verify'] = true;
  const context: Record<string, unknown> = { cluster: name, user: name };
  if (opts.namespace) context.namespace = opts.namespace;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    contexts: [{ name, context }],
    'current-context': name,
    users: [{ name, user: access.token ? { token: access.token } : {} }],
    preferences: {},
  };
  return dump(config, { lineWidth: -1 });
}
