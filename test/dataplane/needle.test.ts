/**
 * The shared byte search (src/dataplane/needle.ts) finds exactly what a plain Buffer#indexOf walk
 * finds, whichever window of the needle tuning picked, at the edges of the buffer and of a span;
 * and so does the vector search (scan.wat) on bytes in the scan memory.
 */
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Needle, type Span } from '../../src/dataplane/needle.ts';
import { inScanMemory as isInScanMemory, leaseChunkBuffer } from '../../src/dataplane/scanMemory.ts';
import { lineChunks, type ReadBytes } from '../../src/kubeproxy/iptables/chunks.ts';

/** Every start of `needle` in `bytes` within `span` (overlaps included): the plain answer. */
function plainHits(bytes: Buffer, needle: string, span: Span | null): number[] {
  const start = span?.start ?? 0;
  const end = span?.end ?? bytes.length;
  const encoded = Buffer.from(needle);
  const hits: number[] = [];
  if (encoded.length === 0) return hits;
  for (let hit = bytes.indexOf(encoded, start); hit >= 0 && hit + encoded.length <= end; hit = bytes.indexOf(encoded, hit + 1)) hits.push(hit);
  return hits;
}

function hits(needle: Needle, bytes: Buffer, span: Span | null): number[] {
  const found: number[] = [];
  needle.forEach(bytes, span, (hit) => found.push(hit));
  return found;
}

const dump = Buffer.from(
  [
    '-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -j KUBE-SVC-TCOU7JCQXEZGVUNU',
    '-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 10.244.0.2:53" -j KUBE-SEP-IT2ZTR26TO4XFPTO',
    '-A KUBE-SEP-IT2ZTR26TO4XFPTO -p udp -m comment --comment "kube-system/kube-dns:dns" -j DNAT --to-destination 10.244.0.2:53',
    '-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -j KUBE-SVC-NPX46M4PTMTKRN6Y',
    '',
  ].join('\n'),
);

describe('Needle', () => {
  const cases: { name: string; needle: string; span?: Span }[] = [
    { name: 'a service name, longer than the 6-byte window', needle: 'kube-system/kube-dns' },
    { name: 'a chain hash that also appears inside longer chain names', needle: 'TCOU7JCQXEZGVUNU' },
    { name: 'a rule prefix starting with a common byte', needle: '-A KUBE-SEP-' },
    { name: 'a needle no longer than the window', needle: '-A K' },
    { name: 'a needle at the very start of the buffer', needle: '-A KUBE-SERVICES -d 10.96.0.10/32' },
    { name: 'a needle that ends the buffer', needle: 'NPX46M4PTMTKRN6Y\n' },
    { name: 'a needle that is nowhere', needle: 'ns-53/svc-5000' },
    { name: 'overlapping occurrences', needle: 'aaaaaaa' },
    { name: 'within a span that cuts an occurrence in half', needle: 'kube-system/kube-dns', span: { start: 60, end: 250 } },
    { name: 'an empty needle, which names nothing', needle: '' },
  ];
  const text = Buffer.concat([dump, Buffer.from('aaaaaaaaaaaa\n')]);
  for (const c of cases) {
    it(`finds what a plain search finds: ${c.name}`, () => {
      const expected = plainHits(text, c.needle, c.span ?? null);
      assert.deepEqual(hits(new Needle(c.needle), text, c.span ?? null), expected, 'untuned');
      assert.deepEqual(hits(new Needle(c.needle).tune(text), text, c.span ?? null), expected, 'tuned on the text');
      assert.deepEqual(hits(new Needle(c.needle).tune(Buffer.from(c.needle.slice(1))), text, c.span ?? null), expected, 'tuned on a sample that favours a late window');
    });
  }

  it('find returns the first whole occurrence from a position, or -1', () => {
    const needle = new Needle('KUBE-SEP-IT2ZTR26TO4XFPTO').tune(dump);
    const first = dump.indexOf('KUBE-SEP-IT2ZTR26TO4XFPTO');
    assert.equal(needle.find(dump, 0), first);
    assert.equal(needle.find(dump, first + 1), dump.indexOf('KUBE-SEP-IT2ZTR26TO4XFPTO', first + 1));
    assert.equal(needle.find(dump, 0, first + 5), -1, 'an occurrence that would end past `end` is not one');
    assert.equal(needle.find(dump, dump.length), -1);
  });

  it('tunes on stretches from across the sample, not its head alone', () => {
    // An nft listing's head is the cluster-ips set (addresses only): there no window of a service
    // name occurs, and only the first bytes' frequencies would decide. Across the sample, `/svc-`
    // is in every chain line and `vc-500` in a few: the rarer one is chosen.
    const head = '\t\t\t     10.96.0.1, 10.96.0.2,\n'.repeat(1200);
    // Long lines (a rule's comment), so that no byte stops so often that the vector search is the cheaper.
    const rest = Array.from({ length: 3000 }, (_, i) => `\tchain endpoint-X-ns-53/svc-${i}/tcp/http__10.0.0.1/80 { comment "${'#'.repeat(1500)}"\n`).join('');
    const sample = Buffer.from(head + rest);
    assert.ok(sample.length > 64 * 1024, 'longer than the 16 KiB that are sampled');
    assert.equal(new Needle('ns-53/svc-5000').tune(sample).stopsAt, 'vc-500');
    assert.notEqual(new Needle('ns-53/svc-5000').tune(sample.subarray(0, 16 * 1024)).stopsAt, 'vc-500', 'the head alone cannot tell');
  });

  describe('tuning along a pass (a dump\'s head is unlike its body)', () => {
    // An iptables-save's head declares chains (no `/`); its rules (here Calico's, as in the bench's
    // dump) have a `/` in every line, and ids where every letter and digit is common.
    const head = Buffer.from(':KUBE-SVC-ABCDEFGHIJKLMNOP - [0:0]\n'.repeat(2000));
    let seed = 7;
    const id = (length: number) =>
      Array.from({ length }, () => '0123456789abcdefghijklmnopqrstuvwxyz'[((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % 36]).join('');
    const rule = (i: number) => `-A cali-pi-_${id(12)} -m comment --comment "cali:${id(16)}" -m set --match-set cali40s:${id(22)} src -m multiport --dports ${8000 + i} -j MARK --set-xmark 0x10000/0x10000\n`;
    const body = Buffer.from(Array.from({ length: 800 }, (_, i) => rule(i)).join(''));
    const engineOn = (chunks: Buffer[]) => {
      const needle = new Needle('ns-53/svc-5000');
      return chunks.map((chunk) => needle.tuneAlong(chunk).engine);
    };

    it('the head picks a window and the body the vector search', () => {
      assert.equal(new Needle('ns-53/svc-5000').tune(head).engine, 'window');
      assert.equal(new Needle('ns-53/svc-5000').tune(body).engine, 'vector');
    });

    it('tunes on chunk 0, then on chunks 4, 16, 64 while a window is chosen', () => {
      const bodyFrom = (first: number) => Array.from({ length: 70 }, (_, i) => (i >= first ? body : head));
      const switchesAt = (first: number) => engineOn(bodyFrom(first)).indexOf('vector');
      assert.deepEqual([1, 4, 5, 16, 17, 64].map(switchesAt), [4, 4, 16, 16, 64, 64]);
    });

    it('keeps the vector search once chosen, whatever comes after', () => {
      const engines = engineOn(Array.from({ length: 70 }, (_, i) => (i === 4 ? body : head)));
      assert.deepEqual(engines.slice(0, 4), ['window', 'window', 'window', 'window']);
      assert.ok(engines.slice(4).every((engine) => engine === 'vector'));
    });
  });

  it('takes bytes as well as text, and says its length in bytes', () => {
    const needle = new Needle(Buffer.from('kube-dns'));
    assert.equal(needle.length, 8);
    assert.equal(new Needle('ключ').length, 8, 'UTF-8 bytes, not characters');
    assert.deepEqual(hits(needle, dump, null), plainHits(dump, 'kube-dns', null));
  });
});

describe('the vector search (scan.wat), on bytes read into the scan memory', () => {
  /** Runs `body` with `text` in a leased chunk buffer, as a pass reads a dump. */
  function inScanMemory<T>(text: Buffer, body: (bytes: Buffer) => T): T {
    const lease = leaseChunkBuffer(text.length);
    assert.ok(lease, 'the scan memory is free');
    try {
      text.copy(lease.bytes);
      return body(lease.bytes);
    } finally {
      lease.release();
    }
  }
  /**
   * A needle tuned on text where each of its bytes is common (every byte of the alphabet below, in
   * turn, as digits, dots and colons are in an ipvsadm listing): every window stops often, and the
   * vector search is chosen.
   */
  const dense = Buffer.from(Array.from({ length: 20_000 }, (_, i) => '0123456789.:\n >-'[(i * 7 + (i >> 4)) % 16]).join(''));
  const tuned = (needle: string) => new Needle(needle).tune(dense);

  it('is chosen where every window of the needle stops often, and not for a rare one', () => {
    assert.equal(tuned('10.97.232.72:80').engine, 'vector');
    assert.equal(tuned('ns-53/svc-5000').engine, 'window', 'a `/` or `s` is rare in addresses');
  });

  it('finds what a plain search finds, for any needle, text and span', () => {
    const alphabet = fc.constantFrom(...'0123456789.:\n >-'.split(''));
    // size 'max': fast-check's arrays are otherwise a few elements long, far shorter than a chunk's 16-byte steps.
    const text = fc.array(alphabet, { minLength: 0, maxLength: 300, size: 'max' }).map((chars) => chars.join(''));
    const position = fc.nat({ max: 10_000 });
    const scenario = fc.tuple(text, position, fc.integer({ min: 1, max: 40 }), position, position).map(([t, at, length, a, b]) => {
      // Most needles are taken from the text, so that there are hits; the rest are random.
      const needle = t.length > 0 && at % 4 !== 0 ? t.slice(at % t.length, (at % t.length) + length) : '10.9'.repeat(length).slice(0, length);
      const [start, end] = [a % (t.length + 2), b % (t.length + 2)].sort((x, y) => x - y);
      return { text: t, needle, span: { start: start ?? 0, end: Math.min(end ?? 0, t.length) } };
    });
    fc.assert(
      fc.property(scenario, ({ text, needle, span }) => {
        const bytes = Buffer.from(text);
        const searched = tuned(needle);
        if (needle.length > 0) assert.equal(searched.engine, 'vector');
        const found = inScanMemory(bytes, (chunk) => hits(searched, chunk, span));
        assert.deepEqual(found, plainHits(bytes, needle, span));
      }),
      { numRuns: 3_000 },
    );
  });

  it('at the very end of a chunk, where the vector loads read past it', () => {
    const text = Buffer.from('TCP  10.96.0.1:80 rr\n  -> 10.244.1.5:8080 Masq 1 0 0\nTCP  10.97.232.72:80');
    const needle = tuned('10.97.232.72:80');
    inScanMemory(text, (chunk) => {
      assert.equal(needle.find(chunk, 0), text.length - 15);
      assert.equal(needle.find(chunk, 0, text.length - 1), -1, 'an occurrence cut by `end` is not one');
      assert.equal(needle.find(chunk.subarray(0, text.length - 1), 0), -1, 'nor one cut by the end of the bytes');
    });
  });

  it('one pass at a time: a pass inside a pass reads into its own buffer, and the memory is free again after either', () => {
    const lease = leaseChunkBuffer(1024);
    assert.ok(lease);
    assert.equal(leaseChunkBuffer(1024), null, 'taken');
    lease.release();
    const reader = (text: string): ReadBytes => {
      const bytes = Buffer.from(text);
      let at = 0;
      return (into, offset, length) => {
        const count = bytes.copy(into, offset, at, Math.min(bytes.length, at + length));
        at += count;
        return count;
      };
    };
    for (const outer of lineChunks(reader('a\nb\n'), 0, 64)) {
      assert.ok(isInScanMemory(outer.bytes), 'the outer pass reads into the scan memory');
      for (const inner of lineChunks(reader('c\n'), 0, 64)) assert.ok(!isInScanMemory(inner.bytes), 'the inner one cannot');
      break; // a pass left early frees the memory too
    }
    const again = leaseChunkBuffer(1024);
    assert.ok(again, 'free again');
    again.release();
  });
});
