// Types of what the tests import from build-plugins.mjs (the build itself runs it as plain JavaScript).
export declare const OFFLINE_LOADED_CLUSTER_MODULES: readonly string[];
export declare const liveCodeApart: {
  name: string;
  transform(code: string): { code: string; map: null; moduleSideEffects: 'no-treeshake' } | null;
};
export declare function moduleRegions(code: string): { paths: string[]; ownAt(position: number): boolean };
