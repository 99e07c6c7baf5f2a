/**
 * krew's plugin manifest, as kubernetes-sigs/krew `pkg/index/types.go` declares it (`Plugin`,
 * `PluginSpec`, `Platform`, `FileOperation`, with `metav1.LabelSelector` for selectors), and the
 * constants krew checks it against (`pkg/constants/constants.go`).
 */

/** `constants.CurrentAPIVersion`: the only apiVersion krew accepts (`isSupportedAPIVersion`). */
export const API_VERSION = 'krew.googlecontainertools.github.com/v1alpha2';
/** `constants.PluginKind`. */
export const PLUGIN_KIND = 'Plugin';
/** `constants.ManifestExtension`: index manifests are `<name>.yaml`, never `.yml`. */
export const MANIFEST_EXTENSION = '.yaml';

/** `index.FileOperation`: copy what `from` (a Go `filepath.Glob` pattern) matches to `to`. */
export interface FileOperation {
  from: string;
  to: string;
}

/** `metav1.LabelSelectorRequirement`. */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** `metav1.LabelSelector`, matched against the labels `{os, arch}` of the installing machine. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** `index.Platform`: one archive and how to install it on the platforms its selector matches. */
export interface Platform {
  /** Required by krew's validation; absent only in a manifest that fails it. */
  selector?: LabelSelector;
  /** The `.tar.gz` or `.zip` archive (krew sniffs the content, not the extension). */
  uri: string;
  /** sha256 of the archive, 64 lowercase hex digits. */
  sha256: string;
  /** Path of the executable, relative to the installation folder, once `files` are applied. */
  bin: string;
  /** Omitted means `[{from: '*', to: '.'}]` (`installation.applyDefaults`). */
  files?: FileOperation[];
}

/** `index.PluginSpec`. */
export interface PluginSpec {
  /** Semantic version with a leading `v`. */
  version: string;
  homepage?: string;
  /** One line; the `kubectl krew search` tagline. */
  shortDescription: string;
  description?: string;
  /** Shown once, after installation. */
  caveats?: string;
  platforms: Platform[];
}

/** `index.Plugin`: `metav1.TypeMeta`, `metav1.ObjectMeta` and the spec. */
export interface Plugin {
  apiVersion: typeof API_VERSION;
  kind: typeof PLUGIN_KIND;
  metadata: { name: string; [field: string]: unknown };
  spec: PluginSpec;
}

/** An (os, arch) pair, named as Go's GOOS/GOARCH (krew's `installation.OSArchPair`). */
export interface OsArch {
  os: string;
  arch: string;
}

/**
 * Every (os, arch) krew is distributed for: `allPlatforms()` in kubernetes-sigs/krew
 * `cmd/validate-krew-manifest/main.go`, the list krew-index CI checks each selector against.
 */
export const SUPPORTED_PLATFORMS: readonly OsArch[] = [
  { os: 'windows', arch: '386' },
  { os: 'windows', arch: 'amd64' },
  { os: 'windows', arch: 'arm64' },
  { os: 'linux', arch: '386' },
  { os: 'linux', arch: 'amd64' },
  { os: 'linux', arch: 'arm' },
  { os: 'linux', arch: 'arm64' },
  { os: 'linux', arch: 'ppc64le' },
  { os: 'darwin', arch: '386' },
  { os: 'darwin', arch: 'amd64' },
  { os: 'darwin', arch: 'arm64' },
];
