/**
 * The executable's stdout (src/cli/stdout.ts): written straight to descriptor 1 for a file,
 * /dev/null or a pipe, through process.stdout for a terminal, a socket or Windows; and whatever the
 * path, every byte arrives, in order.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateDump } from '../../bench/generate-dump.ts';
import { openStdout } from '../../src/cli/stdout.ts';

const DEV_NULL = 0x103; // the rdev the fake /dev/null has

interface Descriptor {
  kind: 'file' | 'fifo' | 'char' | 'socket';
  rdev?: number;
}

/** fs with descriptor 1 of the given kind; writeSync takes at most `perCall` bytes, then fails as `fail` says. */
function fakeFs(fd1: Descriptor | 'closed', write: { perCall?: number; failAfter?: number; code?: string } = {}) {
  const written: Buffer[] = [];
  let total = 0;
  const stat = (d: Descriptor) => ({
    isFile: () => d.kind === 'file',
    isFIFO: () => d.kind === 'fifo',
    isCharacterDevice: () => d.kind === 'char',
    rdev: d.rdev ?? 0,
  });
  const fs = {
    fstatSync: () => {
      if (fd1 === 'closed') throw Object.assign(new Error('EBADF'), { code: 'EBADF' });
      return stat(fd1);
    },
    statSync: () => stat({ kind: 'char', rdev: DEV_NULL }),
    writeSync: (_fd: number, buffer: Uint8Array, offset: number, length: number) => {
      if (write.failAfter !== undefined && total >= write.failAfter) throw Object.assign(new Error(write.code ?? 'EIO'), { code: write.code ?? 'EIO' });
      const n = Math.min(length, write.perCall ?? length, write.failAfter === undefined ? length : write.failAfter - total);
      written.push(Buffer.from(buffer.subarray(offset, offset + n)));
      total += n;
      return n;
    },
  };
  return { fs: fs as unknown as Parameters<typeof openStdout>[0], text: () => Buffer.concat(written).toString('utf8') };
}

/** A stand-in for process.stdout that records what it was given. */
function nodeStdout() {
  const chunks: string[] = [];
  const stream = { write: (chunk: string | Uint8Array) => (chunks.push(Buffer.from(chunk).toString('utf8')), true), writableLength: 0 };
  return { get: () => stream as unknown as NodeJS.WriteStream, text: () => chunks.join(''), used: () => chunks.length > 0 };
}

describe('which stdout a command gets', () => {
  const cases: [string, Descriptor | 'closed', NodeJS.Platform, 'direct' | 'process.stdout'][] = [
    ['a regular file (Node writes it with writeSync too)', { kind: 'file' }, 'linux', 'direct'],
    ['a pipe (a blocking write, as kubectl writes)', { kind: 'fifo' }, 'linux', 'direct'],
    ['/dev/null (a character device Node calls a file)', { kind: 'char', rdev: DEV_NULL }, 'darwin', 'direct'],
    ['a terminal (colours and width come from process.stdout)', { kind: 'char', rdev: 0x8800 }, 'linux', 'process.stdout'],
    ['a socket', { kind: 'socket' }, 'linux', 'process.stdout'],
    ['any descriptor on Windows', { kind: 'file' }, 'win32', 'process.stdout'],
    ['no descriptor 1 at all', 'closed', 'linux', 'process.stdout'],
  ];
  for (const [name, fd1, platform, expected] of cases) {
    it(`${name}: ${expected}`, () => {
      const { fs, text } = fakeFs(fd1);
      const node = nodeStdout();
      const stdout = openStdout(fs, platform, node.get, () => assert.fail('no broken pipe here'));
      stdout.stream.write('héllo\n');
      assert.equal(expected === 'direct' ? text() : node.text(), 'héllo\n');
      assert.equal(node.used(), expected === 'process.stdout');
      assert.equal(stdout.stream.isTTY === true, false, 'a direct stdout is never a terminal; process.stdout says for itself');
    });
  }
});

describe('the direct stdout', () => {
  it('writes on after a short write, and keeps multi-byte characters whole', () => {
    const { fs, text } = fakeFs({ kind: 'fifo' }, { perCall: 3 });
    const stdout = openStdout(fs, 'linux', nodeStdout().get, () => assert.fail('no broken pipe'));
    stdout.stream.write('10.96.0.1 → μs ✓\n');
    stdout.stream.write('second line\n');
    assert.equal(text(), '10.96.0.1 → μs ✓\nsecond line\n');
    assert.deepEqual(stdout.queued(), [], 'nothing is left to wait for');
  });

  it('hands the rest to process.stdout when a non-blocking pipe is full (EAGAIN), and everything after it too', () => {
    const { fs, text } = fakeFs({ kind: 'fifo' }, { failAfter: 5, code: 'EAGAIN' });
    const node = nodeStdout();
    const stdout = openStdout(fs, 'linux', node.get, () => assert.fail('no broken pipe'));
    stdout.stream.write('first line\n');
    stdout.stream.write('second line\n');
    assert.equal(text() + node.text(), 'first line\nsecond line\n');
    assert.equal(text(), 'first');
    assert.deepEqual(stdout.queued(), [node.get()], 'the exit waits for what process.stdout holds');
  });

  it('a reader that went away (EPIPE) ends the process quietly, as `| head` does', () => {
    const { fs } = fakeFs({ kind: 'fifo' }, { failAfter: 0, code: 'EPIPE' });
    let broken = 0;
    const stdout = openStdout(fs, 'linux', nodeStdout().get, () => (broken += 1));
    stdout.stream.write('lost\n');
    assert.equal(broken, 1);
  });

  it('any other write error is thrown', () => {
    const { fs } = fakeFs({ kind: 'file' }, { failAfter: 0, code: 'ENOSPC' });
    const stdout = openStdout(fs, 'linux', nodeStdout().get, () => assert.fail('no broken pipe'));
    assert.throws(() => stdout.stream.write('x\n'), { code: 'ENOSPC' });
  });
});

describe('the bundle: the same bytes on a socket and a pipe as in a file (573 KB of rules -o json)', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  // One synchronous burst far beyond a pipe's 64 KiB: on a socket most of it is still queued in
  // process.stdout when the command returns, and an exit that did not wait for it cut it short
  // (checked); on a shell pipe it goes out with blocking writes.
  const dir = mkdtempSync(join(tmpdir(), 'slices-stdout-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const dump = generateDump(join(dir, 'iptables-save.txt'), { services: 600, lines: 1 });
  const command = [process.execPath, join(root, 'dist/kubectl-slices.mjs'), 'rules', dump.path, '-o', 'json'];
  const inFile = (): string => {
    const file = join(dir, 'rules.json');
    const fd = openSync(file, 'w');
    try {
      assert.equal(spawnSync(command[0] as string, command.slice(1), { stdio: ['ignore', fd, 'ignore'] }).status, 0);
    } finally {
      closeSync(fd);
    }
    return readFileSync(file, 'utf8');
  };
  const cases: [name: string, run: () => SpawnSyncReturns<string>][] = [
    // spawnSync's pipes are sockets: process.stdout, whose queue the exit waits for.
    ['a socket (process.stdout)', () => spawnSync(command[0] as string, command.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20 })],
    // sh's pipe is a FIFO: the direct stdout.
    ['a shell pipe, `| cat` (the direct stdout)', () => spawnSync('sh', ['-c', `${command.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ')} | cat`], { encoding: 'utf8', maxBuffer: 64 << 20 })],
  ];
  for (const [name, run] of cases) {
    it(name, () => {
      const piped = run();
      assert.equal(piped.status, 0, piped.stderr);
      assert.ok(piped.stdout.length > 500_000, `output of ${piped.stdout.length} bytes`);
      assert.equal(piped.stdout, inFile());
    });
  }
});
