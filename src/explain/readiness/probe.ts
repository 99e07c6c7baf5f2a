import type { Probe } from '../../kubernetes/objects.ts';

/** A probe the way a person names it: `"cat /tmp/healthy"`, `GET :8080/healthz`, `tcp :5432`. */
export function describeProbe(probe: Probe): string {
  if (probe.exec) return `"${(probe.exec.command ?? []).join(' ')}"`;
  if (probe.httpGet) {
    const scheme = probe.httpGet.scheme === 'HTTPS' ? 'HTTPS ' : '';
    return `${scheme}GET :${probe.httpGet.port}${probe.httpGet.path ?? '/'}`;
  }
  if (probe.tcpSocket) return `tcp :${probe.tcpSocket.port}`;
  if (probe.grpc) return `grpc :${probe.grpc.port}${probe.grpc.service ? `/${probe.grpc.service}` : ''}`;
  return '(no handler)';
}
