/**
 * One-line messages for everything that can go wrong between us and the API server, each naming
 * the server and what to fix. The transport errors are Node's (`ECONNREFUSED`, TLS codes...);
 * the HTTP ones carry the server's metav1.Status message, as kubectl prints it.
 */
import { InputError } from '../../failures.ts';
import { formatDuration } from '../../kubernetes/duration.ts';

/** What a message needs to name: where we went, as whom, for what. */
export interface RequestContext {
  server: string;
  context: string;
  cluster: string;
  user: string;
  path: string;
  timeoutMs: number;
}

/** The API server answered, with an error status. `serverMessage` is metav1.Status.message. */
export class ApiError extends InputError {
  /** The client already asked again (it honoured the server's Retry-After): not worth another try. */
  retried = false;

  constructor(
    message: string,
    readonly status: number,
    readonly reason: string,
    readonly serverMessage: string,
  ) {
    super(message);
  }
}

export class RequestTimeout extends Error {}

/**
 * No answer from the API server. `transient` when the same request may well succeed at once: a
 * timeout or a connection cut mid-request (client-go's `IsProbableEOF` / `net.Error.Timeout()`
 * cases, which its request retry treats as retriable); refused, unresolvable or TLS failures are not.
 */
export class TransportFailure extends InputError {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/** A failure worth one more try: a 5xx or 429 from the server, or a transient transport failure. */
export function isTransient(err: unknown): boolean {
  if (err instanceof ApiError) return !err.retried && (err.status === 429 || err.status >= 500);
  return err instanceof TransportFailure && err.transient;
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE', 'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
]);

export function transportFailure(err: unknown, ctx: RequestContext): TransportFailure {
  const where = `the API server ${ctx.server} (context "${ctx.context}")`;
  if (err instanceof RequestTimeout) {
    return new TransportFailure(`${where} did not answer GET ${ctx.path} within ${formatDuration(ctx.timeoutMs)} (--request-timeout): it is overloaded or unreachable; retry, or raise --request-timeout`, true);
  }
  const e = err as NodeJS.ErrnoException;
  const code = e.code ?? '';
  // Node appends advice of its own ("; if the root CA is installed locally, try running Node.js with --use-system-ca").
  const text = e.message.split('; ')[0] ?? e.message;
  const detail = code && !text.includes(code) ? `${code}: ${text}` : text;
  const serverField = `check "server" of cluster "${ctx.cluster}" in your kubeconfig`;
  if (code === 'ECONNREFUSED') return new TransportFailure(`cannot connect to ${where}: connection refused; is the cluster up? ${serverField}`, false);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new TransportFailure(`cannot resolve the host of ${where}: ${detail}; ${serverField} (or your DNS/VPN)`, false);
  if (['EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EADDRNOTAVAIL'].includes(code)) {
    return new TransportFailure(`cannot reach ${where}: ${detail}; check your network/VPN, or ${serverField}`, false);
  }
  if (TLS_CODES.has(code) || /certificate|SSL|TLS/i.test(e.message)) return new TransportFailure(`TLS failure with ${where}: ${detail}; ${tlsHint(code, ctx)}`, false);
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|closed/i.test(e.message)) {
    const tlsHint = ctx.server.startsWith('http:') ? ' (if it serves HTTPS, "server" must start with https://)' : '';
    return new TransportFailure(`${where} closed the connection during GET ${ctx.path} (${detail}); retry, and if it persists check the API server or a proxy/load balancer in front of it${tlsHint}`, true);
  }
  return new TransportFailure(`request to ${where} failed: GET ${ctx.path}: ${detail}`, false);
}

function tlsHint(code: string, ctx: RequestContext): string {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `the certificate does not name this host: fix "server", or set tls-server-name of cluster "${ctx.cluster}"`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return 'the certificate is outside its validity period: check the certificate, and this machine\'s clock';
  if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') return `the server does not speak TLS on that port: check the scheme and port of "server" of cluster "${ctx.cluster}"`;
  if (/ALERT|CERTIFICATE_REQUIRED|BAD_CERTIFICATE/.test(code)) return `the server refused our client certificate: check client-certificate-data of user "${ctx.user}"`;
  return `check certificate-authority(-data) of cluster "${ctx.cluster}" in your kubeconfig`;
}

export function statusFailure(status: number, reason: string, serverMessage: string, ctx: RequestContext): ApiError {
  const where = `the API server ${ctx.server} (context "${ctx.context}")`;
  const said = serverMessage ? `: ${serverMessage}` : '';
  let message: string;
  if (status === 401 && ctx.user === '--token') message = `${where} rejected the token given with --token (401 Unauthorized)`;
  else if (status === 401) message = `${where} rejected the credentials of user "${ctx.user}" (401 Unauthorized): log in again, or refresh the token in your kubeconfig`;
  else if (status === 403 || status === 404) message = serverMessage || `${status} ${reason} for GET ${ctx.path}`;
  else if (status === 429) message = `${where} is throttling us (429 TooManyRequests) on GET ${ctx.path}${said}; retry in a moment`;
  else if (status >= 500) message = `${where} answered ${status} ${reason} to GET ${ctx.path}${said}; retry, or check the API server's health`;
  else message = `${where} answered ${status} ${reason} to GET ${ctx.path}${said}`;
  return new ApiError(message, status, reason, serverMessage);
}
