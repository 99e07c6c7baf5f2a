// Written by `npm run wasm` (scripts/wasm/scan.ts) from scan.wat, which says what it does; do not edit.
/** The 277 bytes of the WebAssembly module of scan.wat, in base64. */
export const SCAN_WASM_BASE64 =
  'AGFzbQEAAAABDAFgB39/f39/f38BfwMCAQAFBAEBEhIHEQIGbWVtb3J5AgAEZmluZAAACt8BAdwBAgV/A3sgASADayEHIAAg' +
  'B0oEQEF/DwsgAiAEai0AAP0PIQwgAiAFai0AAP0PIQ0gAiAGai0AAP0PIQ4gACEIA0AgCCAEav0ABAAgDP0jIAggBWr9AAQA' +
  'IA39I/1OIAggBmr9AAQAIA79I/1O/WQhCyALBEADQCAIIAtoaiEJIAkgB0oEQEF/DwtBACEKAkADQCAKIANPBEAgCQ8LIAkg' +
  'CmotAAAgAiAKai0AAEcNASAKQQFqIQoMAAsLIAsgC0EBa3EhCyALDQALCyAIQRBqIQggCCAHTA0AC0F/Cw==';
