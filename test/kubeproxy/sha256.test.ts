/** Our SHA-256 (src/kubeproxy/sha256.ts) is node:crypto's, for the FIPS examples and any string. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { sha256 } from '../../src/kubeproxy/sha256.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

test('the FIPS 180-4 examples: "abc", the empty string and the two-block message', () => {
  assert.equal(hex(sha256('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(hex(sha256('')), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(hex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
});

test('every length around the block and padding boundaries', () => {
  for (let length = 0; length <= 200; length++) assert.equal(hex(sha256('k'.repeat(length))), nodeSha256('k'.repeat(length)), `length ${length}`);
});

test('any string, in UTF-8, as node:crypto hashes it', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => hex(sha256(text)) === nodeSha256(text)), { numRuns: 500 });
});
