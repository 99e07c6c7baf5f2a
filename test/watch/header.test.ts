/**
 * The watch header's counts say what explain's summary says: pods known to receive, and the unknown
 * ones apart (never painted as an outage).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain } from '../../src/explain/explain.ts';
import { headerLines } from '../../src/render/watch/headerText.ts';
import { initialWatchState } from '../../src/watch/state.ts';
import { endpointFor, pod, service, slice, snapshot } from '../explain/builders.ts';
import { LIVE_KINDS } from './fixtures.ts';

const a = pod('web-1-aaaaa');
const b = pod('web-1-bbbbb', { ready: false });

function counts(input: Parameters<typeof snapshot>[0]) {
  const state = { ...initialWatchState({ name: 'web', namespace: 'default' }, LIVE_KINDS), explanation: explain(snapshot(input)) };
  return headerLines(state, { frozen: null, keys: false })[1]?.[0];
}

describe('watch header: the counts line', () => {
  it('all receive: ok', () => assert.deepEqual(counts({ service: service(), pods: [a], endpointSlices: [slice('web-x', [endpointFor(a)])] }), { text: '1/1 pods receive traffic', tone: 'ok' }));
  it('one known not to: warn', () => assert.deepEqual(counts({ service: service(), pods: [a, b], endpointSlices: [slice('web-x', [endpointFor(a), endpointFor(b)])] }), { text: '1/2 pods receive traffic', tone: 'warn' }));
  it('slices not listed: the unknown pods said apart, muted, not an outage', () => {
    assert.deepEqual(counts({ service: service(), pods: [a, b], unknown: [{ kind: 'EndpointSlice', why: 'not listed yet' }] }), { text: '0/2 pods receive traffic, 2 unknown', tone: 'muted' });
  });
});
