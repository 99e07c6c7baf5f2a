/** Builds one platform's release into a test's folder, as `npm run release` would, reusing the Node binary cache. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Platform } from '../../scripts/release/platforms.ts';
import { DEFAULT_RELEASE_TIME, release, type ReleasedPlatform } from '../../scripts/release/release.ts';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export async function releaseOne(platform: Platform, outDir: string): Promise<ReleasedPlatform> {
  const [released] = await release({ tag: 'v0.1.0', platforms: [platform], projectDir: root, outDir, cacheDir: join(root, '.cache', 'node-binaries'), mtime: DEFAULT_RELEASE_TIME });
  if (!released) throw new Error('release built nothing');
  return released;
}
