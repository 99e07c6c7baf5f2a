/**
 * The lines of an ipvsadm dump that can concern the frontends asked about: the version and title
 * lines (they say whether the table is whole and which columns follow), every line
 * naming one of the addresses (a listing's virtual service line, or a rule's `-A` / `-a` line),
 * and the `->` real server lines under each virtual service line taken.
 *
 * The same pass checks, by bytes, that every virtual service line of the listing has a numeric
 * address: without `-n` ipvsadm prints host and port names, the service asked about may be one of
 * them, and the table read would then not be the whole table.
 */
import { Buffer } from 'node:buffer';
import { takeBlocks, type TakenLine } from '../../dataplane/blocks.ts';
import { frontendNeedles, type FrontendFilter } from '../../dataplane/frontendFilter.ts';
import type { DumpChunk, DumpPass } from '../iptables/chunks.ts';

/** The version line and the title, whose second line comes along as a continuation. */
const HEADER_NEEDLES = ['IP Virtual Server version', 'Prot LocalAddress:Port'];

export interface IpvsSelection {
  lines: TakenLine[];
  /** A listing's virtual service line names an address that is not numeric. */
  namedService: boolean;
}

export function readIpvsFrontends(pass: DumpPass, frontends: FrontendFilter): IpvsSelection {
  let namedService = false;
  const shape = {
    continues: (line: string) => line.trimStart().startsWith('->'),
    visit: (chunk: DumpChunk) => {
      namedService ||= hasNamedService(chunk.bytes);
    },
  };
  const lines = takeBlocks(pass, [...frontendNeedles(frontends), ...HEADER_NEEDLES], shape);
  return { lines, namedService };
}

/** `TCP  `, `UDP  `, `SCTP ` at a line start: ipvsadm's "%-4s %s" virtual service prefix. */
const SERVICE_PREFIXES = ['\nTCP  ', '\nUDP  ', '\nSCTP '].map((prefix) => Buffer.from(prefix));

function hasNamedService(bytes: Buffer): boolean {
  for (const prefix of SERVICE_PREFIXES) {
    for (let hit = bytes.indexOf(prefix); hit >= 0; hit = bytes.indexOf(prefix, hit + prefix.length)) {
      if (!numericAddressAt(bytes, hit + prefix.length)) return true;
    }
  }
  return false;
}

/** Whether `address:port` at `pos` is made of address characters and ends in a decimal port. */
function numericAddressAt(bytes: Buffer, pos: number): boolean {
  let lastColon = -1;
  let end = pos;
  for (; end < bytes.length; end++) {
    const code = bytes[end] ?? 0;
    if (code === 32 || code === 10 || code === 13) break;
    if (code === 58) lastColon = end;
    else if (!isAddressByte(code)) return false;
  }
  if (lastColon < 0 || lastColon + 1 >= end) return false;
  for (let i = lastColon + 1; i < end; i++) {
    const code = bytes[i] ?? 0;
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** Digits, hex letters, dots and IPv6 brackets. */
function isAddressByte(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70) || code === 46 || code === 91 || code === 93;
}
