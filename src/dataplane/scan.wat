;; The vector byte search of src/dataplane/scanMemory.ts, for needles made only of bytes that are
;; common in the dump (an address or a port in an ipvsadm or Cilium listing: digits, dots and
;; colons everywhere). Buffer#indexOf stops at every occurrence of a needle's first byte (memchr);
;; here 16 positions are tested at once on three bytes of the needle, and only the positions where
;; all three match are compared whole.
;;
;; The bytes of src/dataplane/scanWasm.ts are this file assembled by `npm run wasm`
;; (scripts/scan-wasm.mjs, with wabt); test/dataplane/scanWasm.test.ts assembles it again and
;; compares.
(module
  ;; Page 0 holds the needle; pages 1 to 16 the chunk of the dump being searched (1 MiB, the
  ;; chunk size of src/kubeproxy/iptables/chunks.ts); page 17 is slack: the vector loads at the
  ;; last positions read up to 15 bytes past a chunk's end. The memory never grows, so a Buffer
  ;; over it stays valid.
  (memory (export "memory") 18 18)
  ;; The first position q in [from, end - len] where memory[q .. q + len) equals
  ;; memory[needle .. needle + len), or -1. The needle's bytes at o1, o2 and o3 filter the
  ;; positions (each offset below len).
  (func (export "find") (param $from i32) (param $end i32) (param $needle i32) (param $len i32)
        (param $o1 i32) (param $o2 i32) (param $o3 i32) (result i32)
    (local $last i32) (local $p i32) (local $q i32) (local $i i32) (local $m i32)
    (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local.set $last (i32.sub (local.get $end) (local.get $len)))
    (if (i32.gt_s (local.get $from) (local.get $last)) (then (return (i32.const -1))))
    (local.set $c1 (i8x16.splat (i32.load8_u (i32.add (local.get $needle) (local.get $o1)))))
    (local.set $c2 (i8x16.splat (i32.load8_u (i32.add (local.get $needle) (local.get $o2)))))
    (local.set $c3 (i8x16.splat (i32.load8_u (i32.add (local.get $needle) (local.get $o3)))))
    (local.set $p (local.get $from))
    (loop $scan
      ;; Bit k of $m: position p + k matches the needle at o1, o2 and o3.
      (local.set $m
        (i8x16.bitmask
          (v128.and
            (v128.and
              (i8x16.eq (v128.load (i32.add (local.get $p) (local.get $o1))) (local.get $c1))
              (i8x16.eq (v128.load (i32.add (local.get $p) (local.get $o2))) (local.get $c2)))
            (i8x16.eq (v128.load (i32.add (local.get $p) (local.get $o3))) (local.get $c3)))))
      (if (local.get $m)
        (then
          (loop $candidates
            (local.set $q (i32.add (local.get $p) (i32.ctz (local.get $m))))
            ;; Candidates come in ascending order: one past the last position ends the search.
            (if (i32.gt_s (local.get $q) (local.get $last)) (then (return (i32.const -1))))
            (local.set $i (i32.const 0))
            (block $mismatch
              (loop $compare
                (if (i32.ge_u (local.get $i) (local.get $len)) (then (return (local.get $q))))
                (br_if $mismatch
                  (i32.ne (i32.load8_u (i32.add (local.get $q) (local.get $i)))
                          (i32.load8_u (i32.add (local.get $needle) (local.get $i)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $compare)))
            ;; Clear the lowest set bit: the next candidate of these 16.
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            (br_if $candidates (local.get $m)))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $scan (i32.le_s (local.get $p) (local.get $last))))
    (i32.const -1)))
