/** Splits a chunked watch body into complete lines: a JSON event may arrive split across chunks. */
export class LineDecoder {
  private pending = '';

  push(chunk: Buffer | string): string[] {
    const text = this.pending + chunk.toString();
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.filter((l) => l.trim() !== '');
  }
}
