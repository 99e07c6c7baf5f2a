/**
 * The IPVS table as an ipvsadm dump shows it: virtual services, each with its real servers. Both
 * dump forms (`ipvsadm -Ln` listings and `ipvsadm -Sn` rules) read into this one model.
 */
import type { L4Protocol } from '../../dataplane/types.ts';

export interface RealServer {
  ip: string;
  port: number;
  /** Masq, Route, Tunnel or Local; null where the columns shown have no forward method. */
  forward: string | null;
  /** null where the columns shown have no weight (`--stats`, `--rate`, `--thresholds`). */
  weight: number | null;
  connections: { active: number; inactive: number } | null;
}

export interface VirtualService {
  protocol: L4Protocol;
  ip: string;
  port: number;
  /** null where the columns shown have no scheduler (`--stats`, `--rate`). */
  scheduler: string | null;
  /** `persistent N` / `-p N`: ClientIP session affinity, in seconds. */
  persistent: number | null;
  reals: RealServer[];
  /**
   * Whether every real server of the service is in the dump: the listing is ipvsadm's own
   * contiguous output (its title lines are there), or in rule form the `-A` line is there, which
   * any grep for the virtual address keeps along with all its `-a` lines.
   */
  whole: boolean;
  /** Offset of the line that introduced the service, for warnings. */
  offset: number;
}

export function serviceKey(protocol: string, ip: string, port: number): string {
  return `${protocol} ${ip.includes(':') ? `[${ip}]` : ip}:${port}`;
}

/** Virtual services in dump order; a service listed again replaces the earlier listing. */
export class IpvsTable {
  readonly services = new Map<string, VirtualService>();
  /** The `IP Virtual Server version` line of a whole `ipvsadm -Ln`. */
  sawVersion = false;

  /** Adds a service; returns the earlier one it replaces, if any. */
  add(service: VirtualService): VirtualService | undefined {
    const key = serviceKey(service.protocol, service.ip, service.port);
    const earlier = this.services.get(key);
    if (earlier !== undefined) this.services.delete(key);
    this.services.set(key, service);
    return earlier;
  }

  get(protocol: string, ip: string, port: number): VirtualService | undefined {
    return this.services.get(serviceKey(protocol, ip, port));
  }
}
