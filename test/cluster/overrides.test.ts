/** kubectl's connection flags over a kubeconfig entry, rule by rule (clientcmd client_config.go). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cluster, User } from '@kubernetes/client-node/dist/config_types.js';
import { impersonationHeaders, impersonationOf, overrideCluster, overrideUser, type ConnectionOverrides } from '../../src/sources/cluster/overrides.ts';

const cluster: Cluster = { name: 'c', server: 'https://10.0.0.1:6443', caData: 'Q0E=', skipTLSVerify: false, tlsServerName: 'api.internal' };
const user: User = { name: 'u', token: 'from-kubeconfig', certData: 'Y2VydA==', keyData: 'a2V5', exec: { command: 'aws' } };

describe('overrideCluster (getCluster)', () => {
  const cases: { name: string; flags: ConnectionOverrides; expect: Partial<Cluster> }[] = [
    { name: 'no flag: the entry as it is', flags: {}, expect: cluster },
    { name: '--server replaces the server and clears the entry\'s tls-server-name', flags: { server: 'https://lb:443/' }, expect: { ...cluster, server: 'https://lb:443', tlsServerName: undefined } },
    { name: '--server with --tls-server-name keeps the flag\'s name', flags: { server: 'https://lb:443', tlsServerName: 'api' }, expect: { ...cluster, server: 'https://lb:443', tlsServerName: 'api' } },
    { name: '--tls-server-name alone', flags: { tlsServerName: 'other' }, expect: { ...cluster, tlsServerName: 'other' } },
    { name: '--certificate-authority replaces CA data and skip-verify', flags: { certificateAuthority: '/ca.pem' }, expect: { ...cluster, caFile: '/ca.pem', caData: undefined, skipTLSVerify: false } },
    { name: '--insecure-skip-tls-verify clears the entry\'s CA', flags: { insecureSkipTlsVerify: true }, expect: { ...cluster, caFile: undefined, caData: undefined, skipTLSVerify: true } },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(overrideCluster(cluster, c.flags), c.expect));
});

describe('overrideUser (getAuthInfo and the token\'s precedence)', () => {
  it('--token wins over the entry\'s token, and its exec plugin is not run', () => {
    const merged = overrideUser(user, 'u', { token: 'flag' });
    assert.deepEqual([merged.token, merged.exec, merged.certData], ['flag', undefined, 'Y2VydA==']);
  });
  it('--client-certificate and --client-key replace file and inline data', () => {
    const merged = overrideUser(user, 'u', { clientCertificate: '/c.pem', clientKey: '/k.pem' });
    assert.deepEqual([merged.certFile, merged.certData, merged.keyFile, merged.keyData], ['/c.pem', undefined, '/k.pem', undefined]);
  });
  it('no user entry (a context without one): the flags alone', () => assert.deepEqual(overrideUser(null, 'none', { token: 't' }).token, 't'));
  it('--token beside a username and password: refused as client-go refuses it', () => {
    assert.throws(() => overrideUser({ name: 'b', username: 'admin', password: 'x' }, 'b', { token: 't' }), /username\/password or bearer token may be set, but not both/);
  });
});

describe('impersonation: kubectl\'s headers', () => {
  it('--as, --as-group twice, --as-uid: one Impersonate-Group per group', () => {
    const who = impersonationOf(user, undefined, { as: 'jane', asGroups: ['dev', 'ops'], asUid: '42' }, 'u');
    assert.deepEqual(impersonationHeaders(who), { 'Impersonate-User': 'jane', 'Impersonate-Uid': '42', 'Impersonate-Group': ['dev', 'ops'] });
  });
  it('the kubeconfig user\'s as, as-groups and as-uid, the flags winning field by field', () => {
    const who = impersonationOf({ ...user, impersonateUser: 'bot' }, { groups: ['g1'], uid: '7' }, { asUid: '8' }, 'u');
    assert.deepEqual(who, { user: 'bot', groups: ['g1'], uid: '8' });
  });
  it('groups or a uid without a user: client-go\'s error, naming the kubeconfig user', () => {
    assert.throws(() => impersonationOf(user, undefined, { asGroups: ['dev'] }, 'test-apiserver'), { message: 'requesting uid, groups or user-extra for test-apiserver without impersonating a user' });
  });
  it('nobody to act as: no header', () => assert.deepEqual(impersonationHeaders(impersonationOf(user, undefined, {}, 'u')), {}));
});
