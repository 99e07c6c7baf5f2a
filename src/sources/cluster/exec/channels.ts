/**
 * The channel protocol of exec over WebSocket, receiving side. Every binary message starts with
 * one byte naming its channel (apimachinery `wsstream/conn.go`): 0 stdin, 1 stdout, 2 stderr,
 * 3 error (a JSON metav1.Status in v4 and v5), 4 resize; v5 adds 255, CLOSE, whose second byte
 * names the channel the sender has finished with (client-go `tools/remotecommand/websocket.go`
 * `stream.Close`, `remotecommand.StreamClose`).
 *
 * Pure and bounded: it is fed messages and says when they break the protocol or the size limit.
 */

/** Newest first: wsstream's handshake picks the first protocol the client offers that it serves. */
export const OFFERED_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
export type ExecProtocol = (typeof OFFERED_PROTOCOLS)[number];

export function isOfferedProtocol(protocol: string): protocol is ExecProtocol {
  return (OFFERED_PROTOCOLS as readonly string[]).includes(protocol);
}

export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const CLOSE = 255;

/** The error channel carries one small Status; more than this is not one. */
const MAX_STATUS_BYTES = 64 * 1024;

export type Violation = { kind: 'too-large'; bytes: number } | { kind: 'protocol'; detail: string };

export class ChannelCollector {
  private readonly stdoutChunks: Buffer[] = [];
  private readonly stderrChunks: Buffer[] = [];
  private readonly statusChunks: Buffer[] = [];
  private outputBytes = 0;
  private statusBytes = 0;

  /** `maxOutputBytes` bounds stdout and stderr together. */
  constructor(private readonly maxOutputBytes: number) {}

  /** Takes one binary message; a Violation means stop reading. */
  accept(message: Buffer): Violation | null {
    if (message.length === 0) return { kind: 'protocol', detail: 'an empty message (no channel byte)' };
    const channel = message[0];
    const data = message.subarray(1);
    if (channel === STDOUT || channel === STDERR) {
      this.outputBytes += data.length;
      if (this.outputBytes > this.maxOutputBytes) return { kind: 'too-large', bytes: this.outputBytes };
      // The container runtime's legacy server opens with an empty stdout message, "the connection is
      // established" (kubelet cri/streaming/remotecommand/websocket.go createWebSocketStreams).
      if (data.length > 0) (channel === STDOUT ? this.stdoutChunks : this.stderrChunks).push(Buffer.from(data));
      return null;
    }
    if (channel === ERROR) {
      this.statusBytes += data.length;
      if (this.statusBytes > MAX_STATUS_BYTES) return { kind: 'protocol', detail: `more than ${MAX_STATUS_BYTES} bytes on the error channel` };
      this.statusChunks.push(Buffer.from(data));
      return null;
    }
    // CLOSE [255, n]: the server is done with channel n. The socket's own close ends the exec, as
    // in client-go, whose readers end only when the connection does.
    if (channel === CLOSE) return null;
    return { kind: 'protocol', detail: `a message on channel ${channel}, which an exec without stdin or a terminal does not use` };
  }

  stdout(): string {
    return Buffer.concat(this.stdoutChunks).toString('utf8');
  }

  stderr(): string {
    return Buffer.concat(this.stderrChunks).toString('utf8');
  }

  /** The error channel's bytes; empty when the server sent none. */
  statusText(): string {
    return Buffer.concat(this.statusChunks).toString('utf8');
  }
}
