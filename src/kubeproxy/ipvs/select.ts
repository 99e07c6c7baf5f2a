/**
 * The lines of an ipvsadm dump that can concern the frontends asked about: the version and title
 * lines (they say whether the table is whole and which columns follow), every line naming one of
 * the addresses (a listing's virtual service line, or a rule's `-A` / `-a` line), and the `->`
 * real server lines under each virtual service line taken.
 *
 * An address is searched without its port, so that ipvsadm's output without `-n`, which prints
 * well-known ports by name (`10.96.0.1:https`), is taken, reported as a skipped line and makes
 * the table read partial, instead of looking like a table without that service. (A cluster IP
 * printed as a host name, which needs a reverse DNS record for it, is not found this way.)
 */
import { takeBlocks, type TakenLine } from '../../dataplane/blocks.ts';
import { frontendNeedles, type FrontendFilter } from '../../dataplane/frontendFilter.ts';
import type { DumpPass } from '../iptables/chunks.ts';

/** The version line and the title, whose second line comes along as a continuation. */
const HEADER_NEEDLES = ['IP Virtual Server version', 'Prot LocalAddress:Port'];

const REAL_SERVERS = { continues: (line: string) => line.trimStart().startsWith('->') };

export function readIpvsFrontends(pass: DumpPass, frontends: FrontendFilter): TakenLine[] {
  return takeBlocks(pass, frontendNeedles(frontends, true), REAL_SERVERS, HEADER_NEEDLES);
}
