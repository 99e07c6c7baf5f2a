/**
 * A throwaway CA and a serving certificate for 127.0.0.1, made with the `openssl` CLI (no
 * extra dependency). Generated once per process; undefined when openssl is missing or fails,
 * in which case the server falls back to plain HTTP.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServingCertificate {
  /** PEM of the CA that signed `cert`: what kubeconfig's certificate-authority-data carries. */
  ca: string;
  cert: string;
  key: string;
  /** A client certificate (CN test-client, clientAuth) signed by the same CA, for --client-certificate tests. */
  clientCert: string;
  clientKey: string;
}

let cached: ServingCertificate | null | undefined;

export function servingCertificate(): ServingCertificate | undefined {
  if (cached === undefined) cached = generate() ?? null;
  return cached ?? undefined;
}

function generate(): ServingCertificate | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'apiserver-tls-'));
  const file = (name: string): string => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    openssl(['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '3650',
      '-subj', '/CN=test-apiserver-ca', '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    openssl(['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=kube-apiserver']);
    writeFileSync(file('ext.cnf'), [
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
    ].join('\n'));
    openssl(['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'),
      '-CAcreateserial', '-out', file('server.crt'), '-days', '3650', '-extfile', file('ext.cnf')]);
    openssl(['req', ...ec, '-keyout', file('client.key'), '-out', file('client.csr'), '-subj', '/CN=test-client/O=testers']);
    writeFileSync(file('client.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
    openssl(['x509', '-req', '-in', file('client.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'),
      '-CAcreateserial', '-out', file('client.crt'), '-days', '3650', '-extfile', file('client.cnf')]);
    const read = (name: string): string => readFileSync(file(name), 'utf8');
    return { ca: read('ca.crt'), cert: read('server.crt'), key: read('server.key'), clientCert: read('client.crt'), clientKey: read('client.key') };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore', timeout: 10_000 });
}
