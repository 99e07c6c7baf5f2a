;; The vector byte search of src/dataplane/scanMemory.ts, for needles whose bytes are all common
;; in the dump (an address or a port in an ipvsadm or Cilium listing: digits, dots and colons
;; everywhere; `\ntable` in an nft listing, whose first byte ends every line). Buffer#indexOf
;; stops at every occurrence of a needle's first byte (memchr); here 64 positions at a time are
;; tested on two bytes of the needle, and only the positions where both match are compared whole.
;;
;; Measured on the bench dumps, each searched as it is read in 1 MiB chunks (ms for the whole
;; dump, first and fourth run in a process), against the same loop testing three bytes 16
;; positions at a time: ipvsadm -Ln `10.97.232.72:` 2.3 and 1.9 against 5.6 and 4.4, nft `\ntable`
;; 3.5 and 2.9 against 6.6 and 6.1, nft `ns-53/svc-5000` 4.6 and 3.6 against 11.1 and 6.6.
;;
;; The bytes of src/dataplane/scanWasm.ts are this file assembled by `npm run wasm`
;; (scripts/wasm/scan.ts, with wabt); test/dataplane/scanWasm.test.ts assembles it again and
;; compares.
(module
  ;; Page 0 holds the needle; pages 1 to 16 the chunk of the dump being searched (1 MiB, the
  ;; chunk size of src/kubeproxy/iptables/chunks.ts); page 17 is slack: the vector loads at the
  ;; last positions read up to 63 bytes past the last position plus the needle's length. The
  ;; memory never grows, so a Buffer over it stays valid.
  (memory (export "memory") 18 18)
  ;; The first position q in [from, end - len] where memory[q .. q + len) equals
  ;; memory[needle .. needle + len), or -1. The needle's bytes at o1 and o2 (each below len)
  ;; filter the positions.
  (func (export "find") (param $from i32) (param $end i32) (param $needle i32) (param $len i32)
        (param $o1 i32) (param $o2 i32) (result i32)
    (local $last i32) (local $p i32) (local $a i32) (local $b i32) (local $q i32) (local $i i32)
    (local $m i64) (local $c1 v128) (local $c2 v128)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local.set $last (i32.sub (local.get $end) (local.get $len)))
    (if (i32.gt_s (local.get $from) (local.get $last)) (then (return (i32.const -1))))
    (local.set $c1 (i8x16.splat (i32.load8_u (i32.add (local.get $needle) (local.get $o1)))))
    (local.set $c2 (i8x16.splat (i32.load8_u (i32.add (local.get $needle) (local.get $o2)))))
    (local.set $p (local.get $from))
    (loop $scan
      ;; Byte k of $vN is all ones where position p + 16N + k matches the needle at o1 and o2.
      (local.set $a (i32.add (local.get $p) (local.get $o1)))
      (local.set $b (i32.add (local.get $p) (local.get $o2)))
      (local.set $v0 (v128.and (i8x16.eq (v128.load (local.get $a)) (local.get $c1))
                               (i8x16.eq (v128.load (local.get $b)) (local.get $c2))))
      (local.set $v1 (v128.and (i8x16.eq (v128.load offset=16 (local.get $a)) (local.get $c1))
                               (i8x16.eq (v128.load offset=16 (local.get $b)) (local.get $c2))))
      (local.set $v2 (v128.and (i8x16.eq (v128.load offset=32 (local.get $a)) (local.get $c1))
                               (i8x16.eq (v128.load offset=32 (local.get $b)) (local.get $c2))))
      (local.set $v3 (v128.and (i8x16.eq (v128.load offset=48 (local.get $a)) (local.get $c1))
                               (i8x16.eq (v128.load offset=48 (local.get $b)) (local.get $c2))))
      (if (v128.any_true (v128.or (v128.or (local.get $v0) (local.get $v1)) (v128.or (local.get $v2) (local.get $v3))))
        (then
          ;; Bit 16N + k of $m: the candidates among these 64 positions, in ascending order.
          (local.set $m
            (i64.or
              (i64.or (i64.extend_i32_u (i8x16.bitmask (local.get $v0)))
                      (i64.shl (i64.extend_i32_u (i8x16.bitmask (local.get $v1))) (i64.const 16)))
              (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (local.get $v2))) (i64.const 32))
                      (i64.shl (i64.extend_i32_u (i8x16.bitmask (local.get $v3))) (i64.const 48)))))
          (loop $candidates
            (local.set $q (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $m)))))
            ;; One past the last position ends the search: the rest are further still.
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
            ;; Clear the lowest set bit: the next candidate.
            (local.set $m (i64.and (local.get $m) (i64.sub (local.get $m) (i64.const 1))))
            (br_if $candidates (i64.ne (local.get $m) (i64.const 0))))))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (br_if $scan (i32.le_s (local.get $p) (local.get $last))))
    (i32.const -1)))
