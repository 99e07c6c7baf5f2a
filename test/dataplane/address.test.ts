/**
 * Addresses in the one canonical text form both inet_ntop (ipvsadm) and Go's netip.Addr.String
 * (Cilium, kube-proxy) print, so that a dump's address compares equal to the API's (RFC 5952).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalIp, parseAddressPort } from '../../src/dataplane/address.ts';
import { evenShares, weightedShares } from '../../src/dataplane/share.ts';

describe('canonicalIp', () => {
  const cases: [string, string | null][] = [
    ['10.96.0.1', '10.96.0.1'],
    ['255.255.255.255', '255.255.255.255'],
    ['256.1.1.1', null],
    ['010.1.1.1', null],
    ['1.2.3', null],
    ['FD00::1', 'fd00::1'],
    ['fd00:0:0:0:0:0:0:1', 'fd00::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329'],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:0:3:4:5:6:7:8', '1:0:3:4:5:6:7:8'],
    ['::', '::'],
    ['::1', '::1'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
    ['::ffff:a00:1', '::ffff:10.0.0.1'],
    ['1::2::3', null],
    ['1:2:3:4:5:6:7:8:9', null],
    ['fe80::1%eth0', null],
    ['12345::1', null],
    ['host.example', null],
    ['', null],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => assert.equal(canonicalIp(input), expected));
  }
});

describe('parseAddressPort', () => {
  const cases: [string, { ip: string; port: number; rest: string } | null][] = [
    ['10.96.0.10:53', { ip: '10.96.0.10', port: 53, rest: '' }],
    ['10.96.0.10:53/TCP', { ip: '10.96.0.10', port: 53, rest: '/TCP' }],
    ['10.96.0.10:53/UDP/i', { ip: '10.96.0.10', port: 53, rest: '/UDP/i' }],
    ['10.0.0.2:80:TCP', { ip: '10.0.0.2', port: 80, rest: ':TCP' }],
    ['[fd00::10]:443/TCP', { ip: 'fd00::10', port: 443, rest: '/TCP' }],
    ['[FD00:0::10]:443', { ip: 'fd00::10', port: 443, rest: '' }],
    ['fd00::10:443', null],
    ['10.0.0.1:https', null],
    ['10.0.0.1:70000', null],
    ['10.0.0.1', null],
    ['[fd00::1]', null],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)}`, () => assert.deepEqual(parseAddressPort(input), expected));
  }
});

describe('shares', () => {
  it('evenShares: 1/n among the chosen', () => assert.deepEqual(evenShares([true, false, true, true]), [1 / 3, 0, 1 / 3, 1 / 3]));
  it('evenShares: none chosen, none routed', () => assert.deepEqual(evenShares([false, false]), [0, 0]));
  it('weightedShares: w / sum', () => assert.deepEqual(weightedShares([1, 3, 0]), [0.25, 0.75, 0]));
  it('weightedShares: all zero routes nothing', () => assert.deepEqual(weightedShares([0, 0]), [0, 0]));
});
