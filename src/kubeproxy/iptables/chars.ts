/** Byte values the dump scanners compare against (iptables-save output is ASCII). */
export const TAB = 9;
export const NEWLINE = 10;
export const CR = 13;
export const SPACE = 32;
export const DOUBLE_QUOTE = 34;
export const HASH = 35;
export const SINGLE_QUOTE = 39;
export const STAR = 42;
export const DASH = 45;
export const COLON = 58;
export const UPPER_A = 65;
export const UPPER_C = 67;
export const OPEN_BRACKET = 91;
export const BACKSLASH = 92;
export const CLOSE_BRACKET = 93;
