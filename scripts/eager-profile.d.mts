// Types of what the tests import from eager-profile.mjs (the build runs it as plain JavaScript).
export declare const EAGER_FUNCTIONS_FILE: string;
export declare const PROFILED_COMMANDS: readonly (readonly string[])[];
export declare function ownFunctionNames(code: string): string[];
export declare function calledFunctions(): string[];
export declare function readEagerFunctions(): string[];
