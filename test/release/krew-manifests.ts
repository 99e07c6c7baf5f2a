/** Manifests and assertions shared by the krew validation and review tests. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Platform, Plugin } from '../../scripts/release/krew/manifest.ts';

export const sha = (text: string) => createHash('sha256').update(text).digest('hex');

export function platform(os: string, arch: string): Platform {
  const exe = os === 'windows' ? '.exe' : '';
  const archive = os === 'windows' ? 'zip' : 'tar.gz';
  return {
    selector: { matchLabels: { os, arch } },
    uri: `https://github.com/example/kubectl-slices/releases/download/v0.1.0/kubectl-slices_${os}_${arch}.${archive}`,
    sha256: sha(`${os}/${arch}`),
    bin: `kubectl-slices${exe}`,
    files: [
      { from: `kubectl-slices${exe}`, to: '.' },
      { from: 'LICENSE', to: '.' },
    ],
  };
}

/** The manifest the release ships, in shape: five platforms, one archive each. */
export function goodManifest(): Plugin {
  return {
    apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
    kind: 'Plugin',
    metadata: { name: 'slices' },
    spec: {
      version: 'v0.1.0',
      homepage: 'https://github.com/example/kubectl-slices',
      shortDescription: 'Explain which pods a Service sends traffic to',
      description: 'Joins a Service, its EndpointSlices, its Endpoints, its Pods and the\nkube-proxy rules of each node, and explains pod by pod why not.\n',
      platforms: [platform('linux', 'amd64'), platform('linux', 'arm64'), platform('darwin', 'amd64'), platform('darwin', 'arm64'), platform('windows', 'amd64')],
    },
  };
}

/** Exactly one violation, one line, matching `expected`. */
export function assertOnly(violations: string[], expected: RegExp): void {
  assert.equal(violations.length, 1, `expected one violation, got:\n${violations.join('\n')}`);
  assert.match(violations[0] as string, expected);
  assert.doesNotMatch(violations[0] as string, /\n/);
}
