/**
 * Feeds a dump's lines to the reader of their form: `nft list` output or kube-proxy's transaction
 * form, told apart line by line (a paste can hold both). Comment lines (`# svc1` in kube-proxy's
 * test expectations), grep's `--` separators and blank lines carry nothing.
 */
import type { WarningLog } from '../iptables/warningLog.ts';
import { ListingReader } from './listing.ts';
import type { DumpModel } from './model.ts';
import { isSeparator, withoutHandle } from './text.ts';
import { isTransactionLine, readTransactionLine } from './transaction.ts';

export class DumpReader {
  readonly listing: ListingReader;

  constructor(
    private readonly model: DumpModel,
    private readonly log: WarningLog,
  ) {
    this.listing = new ListingReader(model, log);
  }

  /** One line of the dump, starting at byte `offset`, without its newline. */
  line(offset: number, raw: string): void {
    const trimmed = withoutHandle(raw.trim());
    if (trimmed === '' || trimmed.startsWith('#') || isSeparator(trimmed)) return;
    if (isTransactionLine(trimmed)) return readTransactionLine(this.model, offset, trimmed, this.log);
    this.listing.line(offset, trimmed);
  }

  /** Every line of `text`; offsets are UTF-16 positions in it. */
  text(text: string): void {
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      this.line(start, text.slice(start, end));
      start = end + 1;
    }
  }
}
