;; The WebAssembly SIMD kernels: the operations of the JavaScript functions
;; (exp.ts, log.ts, sigmoid.ts, softplus.ts, logSigmoid.ts, logit.ts,
;; sigmoidCrossEntropyWithLogits.ts, expSum.ts, softmax.ts), in the same order,
;; on two doubles at a time (f64x2), so that both give the same bits. IEEE
;; add, sub, mul and div round the same way in both; there is no fused
;; multiply-add here (nor in JavaScript).
;;
;; scripts/wasm.ts assembles this file into eight modules
;; (src/internal/kernelsWasm.ts), so that a bundle carries only the kernels it
;; calls: each is what comes before the first ";; @module" line (the memory
;; and the macros), then the sections whose ";; @module" line names it, each up
;; to the next such line. It writes in place of each name in double braces the
;; exact value of the constant of that name in exp.ts, log.ts, expSum.ts or
;; float.ts (as a hex float). Before that it writes out the blocks between
;; ";; @define NAME" and ";; @end" where ";; @use NAME X" lines stand (with X
;; after the names of locals that end in @), and the blocks between
;; ";; @each A B ..." and ";; @end" once per letter (expandMacros there says
;; how): V8 does not inline WebAssembly calls, and the hot loops run a third
;; faster with exp written out four times in a row.
;;
;; Memory: in the modules with exp, bytes 0-511 hold 2^(j/32) as 32 pairs
;; (hi, lo), written there from exp.ts's table on instantiation (as data they
;; would cost the bundle 0.5 kB); the constants' table, the rest sums'
;; records and the caller's data follow (see wasm.ts). Each nonzero
;; v128.const here becomes a load from the constants' table, written by the
;; module's data segments (scripts/wasm.ts, constantTable): V8 builds a
;; v128.const anew at each use, in three or four instructions.
(module

  ;; expOf's steps for both lanes of $d@ into $e@, where both results are
  ;; normal doubles (d in [EXP_NORMAL_LO, EXP_NORMAL_HI], NaN not): there the
  ;; clamp is not needed and the scaling by 2^e is an addition to the exponent
  ;; field, the exact product, as the two multiplications of $exp2wide give it
  ;; (the same bits), in a quarter of the operations. Written out where it is
  ;; used (scripts/wasm.ts), with the locals of expLocals and the constants of
  ;; expConstants.
  ;; @define expLocals
    (local $sh@ v128) (local $kf@ v128) (local $r@ v128) (local $r2@ v128) (local $p@ v128)
    (local $row0@ v128) (local $row1@ v128) (local $th@ v128) (local $et@ v128) (local $es@ v128) (local $tail@ v128)
  ;; @end
  ;; @define expConstantLocals
    (local $INV_L v128) (local $SHIFT v128) (local $L_HI v128) (local $L_LO v128)
    (local $C2 v128) (local $C3 v128) (local $C4 v128) (local $C5 v128) (local $C6 v128)
  ;; @end
  ;; @define expConstants
    (local.set $INV_L (v128.const f64x2 {{INV_L}} {{INV_L}}))
    (local.set $SHIFT (v128.const f64x2 {{SHIFT}} {{SHIFT}}))
    (local.set $L_HI (v128.const f64x2 {{L_HI}} {{L_HI}}))
    (local.set $L_LO (v128.const f64x2 {{L_LO}} {{L_LO}}))
    (local.set $C2 (v128.const f64x2 {{C2}} {{C2}}))
    (local.set $C3 (v128.const f64x2 {{C3}} {{C3}}))
    (local.set $C4 (v128.const f64x2 {{C4}} {{C4}}))
    (local.set $C5 (v128.const f64x2 {{C5}} {{C5}}))
    (local.set $C6 (v128.const f64x2 {{C6}} {{C6}}))
  ;; @end
  ;; @define expNormal
        (local.set $sh@ (f64x2.add (f64x2.mul (local.get $d@) (local.get $INV_L)) (local.get $SHIFT)))
        (local.set $kf@ (f64x2.sub (local.get $sh@) (local.get $SHIFT)))
        (local.set $r@
          (f64x2.sub
            (f64x2.sub (local.get $d@) (f64x2.mul (local.get $kf@) (local.get $L_HI)))
            (f64x2.mul (local.get $kf@) (local.get $L_LO))))
        (local.set $row0@ (v128.load (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $sh@)) (i32.const 31)) (i32.const 4))))
        (local.set $row1@ (v128.load (i32.shl (i32.and (i32x4.extract_lane 2 (local.get $sh@)) (i32.const 31)) (i32.const 4))))
        (local.set $th@ (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $row0@) (local.get $row1@)))
        (local.set $r2@ (f64x2.mul (local.get $r@) (local.get $r@)))
        (local.set $p@
          (f64x2.add
            (f64x2.add (local.get $C4) (f64x2.mul (local.get $r@) (local.get $C5)))
            (f64x2.mul (local.get $r2@) (local.get $C6))))
        (local.set $p@
          (f64x2.add
            (f64x2.add (local.get $C2) (f64x2.mul (local.get $r@) (local.get $C3)))
            (f64x2.mul (local.get $r2@) (local.get $p@))))
        (local.set $p@ (f64x2.add (local.get $r@) (f64x2.mul (local.get $r2@) (local.get $p@))))
        (local.set $et@
          (f64x2.add
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $row0@) (local.get $row1@))
            (f64x2.mul (local.get $th@) (local.get $p@))))
        (local.set $es@ (f64x2.add (local.get $th@) (local.get $et@)))
        (local.set $e@ (i64x2.add (local.get $es@) (i64x2.shl (i32x4.shr_s (local.get $sh@) (i32.const 5)) (i32.const 52))))
  ;; @end

  ;; After expNormal, its tail into $tail@, as expOf of exp.ts: the
  ;; rounding error of hi + t, (hi − s) + t (Fast2Sum), times 2^e (a
  ;; product, not an addition to the exponent field: the tail may be
  ;; subnormal, or 0), 2^e built from its bits, (e + 1023) << 52.
  ;; @define expTail
        (local.set $tail@
          (f64x2.mul
            (f64x2.add (f64x2.sub (local.get $th@) (local.get $es@)) (local.get $et@))
            (i64x2.shl (i32x4.add (i32x4.shr_s (local.get $sh@) (i32.const 5)) (v128.const i32x4 1023 1023 1023 1023)) (i32.const 52))))
  ;; @end

  ;; shortRows's term of another element than the maximum, $o@ into $full@:
  ;; e + (e · twoSumError(o, −m, d) + tail) with e = e^d, d = o − m, and
  ;; tail exp's.
  ;; @define otherTerm
        (local.set $d@ (f64x2.sub (local.get $o@) (local.get $m)))
        ;; @use expNormal @
        ;; @use expTail @
        (local.set $bd@ (f64x2.sub (local.get $d@) (local.get $o@)))
        (local.set $full@
          (f64x2.add
            (local.get $e@)
            (f64x2.add
              (f64x2.mul
                (local.get $e@)
                (f64x2.add
                  (f64x2.sub (local.get $o@) (f64x2.sub (local.get $d@) (local.get $bd@)))
                  (f64x2.sub (local.get $negm) (local.get $bd@))))
              (local.get $tail@))))
  ;; @end

  ;; shortRows's log-probability of $x@ into $y@: (x − m) − lh, plus
  ;; (twoSumError(d, −lh, q) + twoSumError(x, −m, d)) − ll.
  ;; @define logProbability
        (local.set $d@ (f64x2.sub (local.get $x@) (local.get $m)))
        (local.set $bd@ (f64x2.sub (local.get $d@) (local.get $x@)))
        (local.set $q@ (f64x2.sub (local.get $d@) (local.get $lh)))
        (local.set $bq@ (f64x2.sub (local.get $q@) (local.get $d@)))
        (local.set $y@
          (f64x2.add
            (local.get $q@)
            (f64x2.sub
              (f64x2.add
                (f64x2.add
                  (f64x2.sub (local.get $d@) (f64x2.sub (local.get $q@) (local.get $bq@)))
                  (f64x2.sub (local.get $neglh) (local.get $bq@)))
                (f64x2.add
                  (f64x2.sub (local.get $x@) (f64x2.sub (local.get $d@) (local.get $bd@)))
                  (f64x2.sub (local.get $negm) (local.get $bd@))))
              (local.get $ll))))
  ;; @end

  ;; s = 1 + u for both lanes of $u, and c, the exact rounding error of that
  ;; sum (TwoSum) divided by s, as log1pUnit and log1pWide of log.ts: log1p's
  ;; first steps, in logRests and $log1p01 (onePlus) and in $log1pPlus
  ;; (onePlusError: it takes the error where k = 1 only, and adds exp's tail
  ;; before the division).
  ;; @define onePlusError
    (local.set $s (f64x2.add (v128.const f64x2 1 1) (local.get $u)))
    (local.set $b (f64x2.sub (local.get $s) (v128.const f64x2 1 1)))
    (local.set $c
      (f64x2.add
        (f64x2.sub (v128.const f64x2 1 1) (f64x2.sub (local.get $s) (local.get $b)))
        (f64x2.sub (local.get $u) (local.get $b))))
  ;; @end
  ;; @define onePlus
    ;; @use onePlusError
    (local.set $c (f64x2.div (local.get $c) (local.get $s)))
  ;; @end

  ;; logPlus's reduction of log.ts for both lanes of a positive normal $y:
  ;; y = 2^ex · m with m in [√½, √2), ex its exponent plus 1 where the high
  ;; word's fraction is above 0x6a09e (a lane mask of −1 subtracted), and
  ;; f = m − 1 with m = y · 2^-ex exactly; in logRests and logit.
  ;; @define reduceBits
    (local.set $ex
      (i64x2.sub
        (i64x2.sub (i64x2.shr_u (local.get $y) (i32.const 52)) (v128.const i64x2 1023 1023))
        (i64x2.gt_s
          (v128.and (i64x2.shr_u (local.get $y) (i32.const 32)) (v128.const i64x2 0xfffff 0xfffff))
          (v128.const i64x2 0x6a09e 0x6a09e))))
    (local.set $f
      (f64x2.sub
        (f64x2.mul
          (local.get $y)
          (i64x2.shl (i64x2.sub (v128.const i64x2 1023 1023) (local.get $ex)) (i32.const 52)))
        (v128.const f64x2 1 1)))
  ;; @end

  ;; log(m) + k · ln 2 + c as logReduced of log.ts, for both lanes of $f@ = m − 1
  ;; (m in [√½, √2)), $k@ and $c@, left on the stack; with the locals $t@ $z@
  ;; $w@ $r@ $hfsq@. Written out in log1p and in logit.
  ;; @define logReduced
    ;; @use logSeries @
    ;; k · LN2_HI − (hfsq − (t · (hfsq + r) + (k · LN2_LO + c)) − f)
    (f64x2.sub
      (f64x2.mul (local.get $k@) (v128.const f64x2 {{LN2_HI}} {{LN2_HI}}))
      (f64x2.sub
        (f64x2.sub
          (local.get $hfsq@)
          (f64x2.add
            (f64x2.mul (local.get $t@) (f64x2.add (local.get $hfsq@) (local.get $r@)))
            (f64x2.add (f64x2.mul (local.get $k@) (v128.const f64x2 {{LN2_LO}} {{LN2_LO}})) (local.get $c@))))
        (local.get $f@)))
  ;; @end
  ;; logReduced's series (seriesOf of log.ts) and hfsq, into its locals.
  ;; @define logSeries
    ;; t = f / (2 + f), z = t², w = z²
    (local.set $t@ (f64x2.div (local.get $f@) (f64x2.add (v128.const f64x2 2 2) (local.get $f@))))
    (local.set $z@ (f64x2.mul (local.get $t@) (local.get $t@)))
    (local.set $w@ (f64x2.mul (local.get $z@) (local.get $z@)))
    ;; r = z · (LG1 + w · (LG3 + w · (LG5 + w · LG7))) + w · (LG2 + w · (LG4 + w · LG6))
    (local.set $r@
      (f64x2.add
        (f64x2.mul
          (local.get $z@)
          (f64x2.add (v128.const f64x2 {{LG1}} {{LG1}})
            (f64x2.mul (local.get $w@)
              (f64x2.add (v128.const f64x2 {{LG3}} {{LG3}})
                (f64x2.mul (local.get $w@)
                  (f64x2.add (v128.const f64x2 {{LG5}} {{LG5}}) (f64x2.mul (local.get $w@) (v128.const f64x2 {{LG7}} {{LG7}}))))))))
        (f64x2.mul
          (local.get $w@)
          (f64x2.add (v128.const f64x2 {{LG2}} {{LG2}})
            (f64x2.mul (local.get $w@)
              (f64x2.add (v128.const f64x2 {{LG4}} {{LG4}}) (f64x2.mul (local.get $w@) (v128.const f64x2 {{LG6}} {{LG6}}))))))))
    ;; hfsq = 0.5 · f · f
    (local.set $hfsq@ (f64x2.mul (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $f@)) (local.get $f@)))
  ;; @end

  ;; The record at byte rec of the row of n doubles from byte ptr on, for
  ;; restRows and scaledRows (written out in both: a call per row cost rows of
  ;; 3 to 64 6% more): the index of its first largest element (sliceArgmax,
  ;; NaN ignored) and its value m, with the sums of restPart zeroed, and
  ;; $finite set; or, where that maximum is not finite, top −1 and $finite 0
  ;; (the row is then left as it is). $end is set to the row's end. With the
  ;; locals of rowLocals ($zero is never set: locals start at 0, and a
  ;; local.get is 16 bytes shorter than a v128.const).
  ;; @define rowLocals
    (local $p i32) (local $end i32) (local $top i32) (local $finite i32) (local $m f64) (local $v f64) (local $zero v128)
  ;; @end
  ;; @define rowRecord
        (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 3))))
        (local.set $m (f64.const -inf))
        (local.set $top (i32.const -1))
        (local.set $p (local.get $ptr))
        (block $found
          (loop $next
            (br_if $found (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $v (f64.load (local.get $p)))
            (if (f64.gt (local.get $v) (local.get $m))
              (then
                (local.set $m (local.get $v))
                (local.set $top (i32.shr_u (i32.sub (local.get $p) (local.get $ptr)) (i32.const 3)))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (br $next)))
        (local.set $finite (i32.and (i32.ge_s (local.get $top) (i32.const 0)) (f64.lt (local.get $m) (f64.const inf))))
        (if (local.get $finite)
          (then
            (f64.store (local.get $rec) (f64.convert_i32_s (local.get $top)))
            (f64.store offset=8 (local.get $rec) (local.get $m))
            (v128.store offset=16 (local.get $rec) (local.get $zero))
            (v128.store offset=32 (local.get $rec) (local.get $zero))
            (f64.store offset=48 (local.get $rec) (f64.const 0)))
          (else (f64.store (local.get $rec) (f64.const -1))))
  ;; @end

  ;; restPart's and scaledPart's steps for one pair at ptr, any terms: the
  ;; pair as $x, the last of an odd n (up to byte end) with m in lane 1, whose
  ;; term is skipped as the maximum's ($skip) and not stored ($last);
  ;; @define pairLoad
        (local.set $x (v128.load (local.get $ptr)))
        (local.set $last (i32.gt_u (i32.add (local.get $ptr) (i32.const 16)) (local.get $end)))
        (if (local.get $last)
          (then
            (local.set $x (f64x2.replace_lane 1 (local.get $x) (f64x2.extract_lane 0 (local.get $m))))
            (local.set $skip (v128.const i64x2 0 -1))))
  ;; @end
  ;; $e@ = e^$d@ and its tail $tail@, $exp2's steps written out (d ≤ 0:
  ;; only the lower bound is tested, NaN fails it), which saves the call and
  ;; the constants it sets up (rows of 3 take two such pairs);
  ;; @define pairExp
        (if (i64x2.all_true (f64x2.ge (local.get $d@) (local.get $normalLo)))
          (then
            ;; @use expNormal @
            ;; @use expTail @
          )
          (else (call $exp2wide (local.get $d@)) (local.set $tail@) (local.set $e@)))
  ;; @end
  ;; and the pair's $term (e + (e · t + tail)) stored and added to the lanes' sums
  ;; ($zero is a local never set).
  ;; @define pairSum
        ;; e < MIN_NORMAL (NaN is not): the term is not added to the lane's sum
        (local.set $small (f64x2.lt (local.get $e@) (v128.const f64x2 {{MIN_NORMAL}} {{MIN_NORMAL}})))
        (if (v128.any_true (local.get $small))
          (then
            ;; term = e === 0 ? 0 : e + (e · t + tail) (t is NaN for x = −∞)
            (local.set $term (v128.andnot (local.get $term) (f64x2.eq (local.get $e@) (local.get $zero))))
            ;; subnormal terms with d > TINY_FLOOR (the exponent, d or z):
            ;; scaledTinyTerm, into tiny in the order of the slice (lane 0,
            ;; then lane 1)
            (local.set $few (v128.and (local.get $small) (f64x2.gt (local.get $d@) (v128.const f64x2 {{TINY_FLOOR}} {{TINY_FLOOR}}))))
            (if (v128.any_true (local.get $few))
              (then
                (local.set $w (call $scaledTinyTerm2 (local.get $d@) (local.get $t)))
                (if (i64.ne (i64x2.extract_lane 0 (local.get $few)) (i64.const 0))
                  (then (local.set $tiny (f64.add (local.get $tiny) (f64x2.extract_lane 0 (local.get $w))))))
                (if (i64.ne (i64x2.extract_lane 1 (local.get $few)) (i64.const 0))
                  (then (local.set $tiny (f64.add (local.get $tiny) (f64x2.extract_lane 1 (local.get $w))))))))))
        (if (local.get $last)
          (then (v128.store64_lane 0 (local.get $ptr) (local.get $term)))
          (else (v128.store (local.get $ptr) (local.get $term))))
        ;; hi + add with its error (TwoSum) into lo; add = 0 for the maximum
        (local.set $add
          (v128.andnot (local.get $term) (v128.or (v128.or (local.get $small) (local.get $skip)) (i64x2.eq (local.get $idx) (local.get $top)))))
        (local.set $s (f64x2.add (local.get $hi) (local.get $add)))
        (local.set $bv (f64x2.sub (local.get $s) (local.get $hi)))
        (local.set $lo
          (f64x2.add
            (local.get $lo)
            (f64x2.add
              (f64x2.sub (local.get $hi) (f64x2.sub (local.get $s) (local.get $bv)))
              (f64x2.sub (local.get $add) (local.get $bv)))))
        (local.set $hi (local.get $s))
        (local.set $idx (i64x2.add (local.get $idx) (v128.const i64x2 2 2)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
  ;; @end

  ;; The memory: the modules' own, but the second pass's, the temperature's
  ;; and the short rows' two, which work on the rest module's data and its
  ;; exp table, and import that module's memory.
  ;; @module elementwise rest sigmoidLoss logit
  (memory (export "memory") 4)
  ;; @module secondPass scaled shortRows laneRows
  (import "rest" "memory" (memory 4))

  ;; @module elementwise sigmoidLoss

  ;; e^d for both lanes of d, and its tail (expOf of exp.ts): expNormal
  ;; where it applies, else $exp2wide. (In expNormal: s = hi + (lo + hi · p),
  ;; with e = k >> 5 added to its exponent field as (k >> 5) << 52, a 64-bit
  ;; shift that keeps only e's low 12 bits, all the field needs, negative e
  ;; included, and drops the other i32 lane.)
  (func $exp2 (param $d v128) (result v128 v128)
    (local $e v128)
    ;; @use expLocals
    ;; @use expConstantLocals
    (if (result v128 v128)
      (i64x2.all_true
        (v128.and
          (f64x2.ge (local.get $d) (v128.const f64x2 {{EXP_NORMAL_LO}} {{EXP_NORMAL_LO}}))
          (f64x2.le (local.get $d) (v128.const f64x2 {{EXP_NORMAL_HI}} {{EXP_NORMAL_HI}}))))
      (then
        ;; @use expConstants
        ;; @use expNormal
        ;; @use expTail
        (local.get $e) (local.get $tail))
      (else (call $exp2wide (local.get $d)))))

  ;; @module elementwise rest sigmoidLoss scaled

  ;; e^x for both lanes of x, any x, and its tail: expOf of exp.ts,
  ;; step for step (the tail dropped where it is not used). Its constants
  ;; are splats of f64.const, 7 bytes fewer each than v128.const (the modules
  ;; are near the 4 kB limit; this is the slow path).
  (func $exp2wide (param $x v128) (result v128 v128)
    (local $y v128) (local $t v128) (local $kf v128) (local $r v128) (local $r2 v128) (local $e v128)
    (local $e1 v128) (local $p v128) (local $a v128) (local $b v128) (local $hi v128)
    (local $q v128) (local $s v128) (local $f1 v128) (local $f2 v128)
    ;; y = x clamped to [EXP_UNDERFLOW, EXP_OVERFLOW]; pmax and pmin keep NaN,
    ;; as the comparisons of exp.ts do
    (local.set $y
      (f64x2.pmin
        (f64x2.pmax (local.get $x) (f64x2.splat (f64.const {{EXP_UNDERFLOW}})))
        (f64x2.splat (f64.const {{EXP_OVERFLOW}}))))
    ;; t = y · INV_L + SHIFT holds k in its low bits; kf = t − SHIFT
    (local.set $t
      (f64x2.add (f64x2.mul (local.get $y) (f64x2.splat (f64.const {{INV_L}}))) (f64x2.splat (f64.const {{SHIFT}}))))
    (local.set $kf (f64x2.sub (local.get $t) (f64x2.splat (f64.const {{SHIFT}}))))
    ;; r = y − kf · L_HI − kf · L_LO
    (local.set $r
      (f64x2.sub
        (f64x2.sub (local.get $y) (f64x2.mul (local.get $kf) (f64x2.splat (f64.const {{L_HI}}))))
        (f64x2.mul (local.get $kf) (f64x2.splat (f64.const {{L_LO}})))))
    ;; the table rows (hi, lo) of j = k & 31, 16 bytes each: k is the low
    ;; 32 bits of each lane of t (i32 lanes 0 and 2)
    (local.set $a (v128.load (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $t)) (i32.const 31)) (i32.const 4))))
    (local.set $b (v128.load (i32.shl (i32.and (i32x4.extract_lane 2 (local.get $t)) (i32.const 31)) (i32.const 4))))
    (local.set $hi (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b)))
    ;; e = k >> 5 and e1 = e >> 1, in i32 lanes 0 and 2 (the others are
    ;; not used): 32-bit shifts, which x64 has for vectors, 64-bit
    ;; arithmetic shifts it has not
    (local.set $e (i32x4.shr_s (local.get $t) (i32.const 5)))
    (local.set $e1 (i32x4.shr_s (local.get $e) (i32.const 1)))
    ;; p = r + r2 · (C2 + r · C3 + r2 · (C4 + r · C5 + r2 · C6))
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $p
      (f64x2.add
        (f64x2.add (f64x2.splat (f64.const {{C4}})) (f64x2.mul (local.get $r) (f64x2.splat (f64.const {{C5}}))))
        (f64x2.mul (local.get $r2) (f64x2.splat (f64.const {{C6}})))))
    (local.set $p
      (f64x2.add
        (f64x2.add (f64x2.splat (f64.const {{C2}})) (f64x2.mul (local.get $r) (f64x2.splat (f64.const {{C3}}))))
        (f64x2.mul (local.get $r2) (local.get $p))))
    (local.set $p (f64x2.add (local.get $r) (f64x2.mul (local.get $r2) (local.get $p))))
    ;; s = hi + q with q = lo + hi · p, and its tail (hi − s) + q, each
    ;; times 2^e1 and 2^(e − e1), each built from its bits: (e + 1023) << 20
    ;; in the high word, a 64-bit shift by 32 moving it there from the low one
    (local.set $q
      (f64x2.add
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b))
        (f64x2.mul (local.get $hi) (local.get $p))))
    (local.set $s (f64x2.add (local.get $hi) (local.get $q)))
    (local.set $f1 (i64x2.shl (i32x4.shl (i32x4.add (local.get $e1) (v128.const i32x4 1023 1023 1023 1023)) (i32.const 20)) (i32.const 32)))
    (local.set $f2
      (i64x2.shl
        (i32x4.shl (i32x4.add (i32x4.sub (local.get $e) (local.get $e1)) (v128.const i32x4 1023 1023 1023 1023)) (i32.const 20))
        (i32.const 32)))
    (f64x2.mul (f64x2.mul (local.get $s) (local.get $f1)) (local.get $f2))
    (f64x2.mul
      (f64x2.mul (f64x2.add (f64x2.sub (local.get $hi) (local.get $s)) (local.get $q)) (local.get $f1))
      (local.get $f2)))

  ;; @module elementwise sigmoidLoss

  ;; What the elementwise kernels and the sigmoid loss share: exp of four
  ;; pairs at once, with their tails (which the loss drops).


  ;; e^x for each lane of the four pairs dA…dD, and then their tails:
  ;; expNormal and expTail for all of them, written out, where all are in
  ;; range (tested once), else $exp2 for each. Four in a row overlap their
  ;; chains of dependent operations: a quarter faster than four calls of
  ;; $exp2.
  (func $exp8 (param $dA v128) (param $dB v128) (param $dC v128) (param $dD v128) (result v128 v128 v128 v128 v128 v128 v128 v128)
    ;; @use expConstantLocals
    ;; @each A B C D
    (local $e@ v128)
    ;; @use expLocals @
    ;; @end
    (if (i64x2.all_true
          (v128.and
            (v128.and
              (v128.and
                (f64x2.ge (local.get $dA) (v128.const f64x2 {{EXP_NORMAL_LO}} {{EXP_NORMAL_LO}}))
                (f64x2.le (local.get $dA) (v128.const f64x2 {{EXP_NORMAL_HI}} {{EXP_NORMAL_HI}})))
              (v128.and
                (f64x2.ge (local.get $dB) (v128.const f64x2 {{EXP_NORMAL_LO}} {{EXP_NORMAL_LO}}))
                (f64x2.le (local.get $dB) (v128.const f64x2 {{EXP_NORMAL_HI}} {{EXP_NORMAL_HI}}))))
            (v128.and
              (v128.and
                (f64x2.ge (local.get $dC) (v128.const f64x2 {{EXP_NORMAL_LO}} {{EXP_NORMAL_LO}}))
                (f64x2.le (local.get $dC) (v128.const f64x2 {{EXP_NORMAL_HI}} {{EXP_NORMAL_HI}})))
              (v128.and
                (f64x2.ge (local.get $dD) (v128.const f64x2 {{EXP_NORMAL_LO}} {{EXP_NORMAL_LO}}))
                (f64x2.le (local.get $dD) (v128.const f64x2 {{EXP_NORMAL_HI}} {{EXP_NORMAL_HI}}))))))
      (then
        ;; @use expConstants
        ;; @each A B C D
        ;; @use expNormal @
        ;; @use expTail @
        ;; @end
      )
      (else
        ;; @each A B C D
        (call $exp2 (local.get $d@))
        (local.set $tail@)
        (local.set $e@)
        ;; @end
      ))
    (local.get $eA) (local.get $eB) (local.get $eC) (local.get $eD)
    (local.get $tailA) (local.get $tailB) (local.get $tailC) (local.get $tailD))

  ;; @module elementwise

  ;; a + log1p(u + tail) for a ≥ 0, u in [0, 1] or NaN and exp's tail, for
  ;; both lanes: log1pUnitPlus of log.ts, step for step. Where s = 1 + u is
  ;; below LOG_SPLIT the series takes f = u itself (k = 0), else
  ;; f = s · 0.5 − 1 (k = 1) with the rounding error of s (only there) and
  ;; the tail, over s, as the correction c; a joins f in a TwoSum (sum, and
  ;; its error in $b, 0 where the sum is not finite).
  (func $log1pPlus (param $a v128) (param $u v128) (param $tail v128) (result v128)
    (local $s v128) (local $b v128) (local $c v128) (local $high v128) (local $k v128) (local $f v128)
    (local $t v128) (local $z v128) (local $w v128) (local $r v128) (local $hfsq v128) (local $sum v128)
    ;; @use onePlusError
    (local.set $high (f64x2.ge (local.get $s) (v128.const f64x2 {{LOG_SPLIT}} {{LOG_SPLIT}})))
    (local.set $k (v128.and (local.get $high) (v128.const f64x2 1 1)))
    (local.set $c (f64x2.div (f64x2.add (v128.and (local.get $c) (local.get $high)) (local.get $tail)) (local.get $s)))
    (local.set $f
      (v128.bitselect
        (f64x2.sub (f64x2.mul (local.get $s) (v128.const f64x2 0.5 0.5)) (v128.const f64x2 1 1))
        (local.get $u)
        (local.get $high)))
    ;; @use logSeries
    (local.set $sum (f64x2.add (local.get $a) (local.get $f)))
    ;; twoSumError(a, f, sum) into $b: bv = sum − a, av = sum − bv, (a − av) + (f − bv)
    (local.set $b (f64x2.sub (local.get $sum) (local.get $a)))
    (local.set $b
      (v128.and
        (f64x2.add
          (f64x2.sub (local.get $a) (f64x2.sub (local.get $sum) (local.get $b)))
          (f64x2.sub (local.get $f) (local.get $b)))
        (f64x2.lt (local.get $sum) (v128.const f64x2 inf inf))))
    ;; k · LN2_HI − (hfsq − (t · (hfsq + r) + (k · LN2_LO + c)) − error − sum)
    (f64x2.sub
      (f64x2.mul (local.get $k) (v128.const f64x2 {{LN2_HI}} {{LN2_HI}}))
      (f64x2.sub
        (f64x2.sub
          (f64x2.sub
            (local.get $hfsq)
            (f64x2.add
              (f64x2.mul (local.get $t) (f64x2.add (local.get $hfsq) (local.get $r)))
              (f64x2.add (f64x2.mul (local.get $k) (v128.const f64x2 {{LN2_LO}} {{LN2_LO}})) (local.get $c))))
          (local.get $b))
        (local.get $sum))))

  ;; The elementwise kernels work in place on the n doubles from byte ptr on:
  ;; four pairs at a time while four remain (exp of all eight from one call
  ;; of $exp8), then one pair at a time (an odd n also computes the double
  ;; after the last).
  ;; e^x.
  (func (export "exp") (param $ptr i32) (param $n i32)
    (local $end i32) (local $eA v128) (local $eB v128) (local $eC v128) (local $eD v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (if (i32.le_u (i32.add (local.get $ptr) (i32.const 64)) (local.get $end))
          (then
            (call $exp8
              (v128.load (local.get $ptr)) (v128.load offset=16 (local.get $ptr))
              (v128.load offset=32 (local.get $ptr)) (v128.load offset=48 (local.get $ptr)))
            (drop) (drop) (drop) (drop)
            ;; @each D C B A
            (local.set $e@)
            ;; @end
            (v128.store (local.get $ptr) (local.get $eA))
            (v128.store offset=16 (local.get $ptr) (local.get $eB))
            (v128.store offset=32 (local.get $ptr) (local.get $eC))
            (v128.store offset=48 (local.get $ptr) (local.get $eD))
            (local.set $ptr (i32.add (local.get $ptr) (i32.const 64)))
            (br $next)))
        (call $exp2 (v128.load (local.get $ptr)))
        (drop)
        (local.set $eA)
        (v128.store (local.get $ptr) (local.get $eA))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
        (br $next))))

  ;; σ(x): sigmoidOf of sigmoid.ts, step for step. With e = e^(−|x|) and
  ;; s = 1 + e rounded, σ = (x < 0 ? e : 1) / s, corrected for the rounding
  ;; of s, e − (s − 1), and for exp's tail.
  (func (export "sigmoid") (param $ptr i32) (param $n i32)
    (local $end i32) (local $x v128)
    (local $xA v128) (local $xB v128) (local $xC v128) (local $xD v128)
    (local $eA v128) (local $eB v128) (local $eC v128) (local $eD v128)
    (local $tA v128) (local $tB v128) (local $tC v128) (local $tD v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (if (i32.le_u (i32.add (local.get $ptr) (i32.const 64)) (local.get $end))
          (then
            ;; @each A B C D
            (local.set $x@ (v128.load offset=@16 (local.get $ptr)))
            ;; @end
            (call $exp8
              (f64x2.neg (f64x2.abs (local.get $xA))) (f64x2.neg (f64x2.abs (local.get $xB)))
              (f64x2.neg (f64x2.abs (local.get $xC))) (f64x2.neg (f64x2.abs (local.get $xD))))
            ;; @each D C B A
            (local.set $t@)
            ;; @end
            ;; @each D C B A
            (local.set $e@)
            ;; @end
            ;; @each A B C D
            (v128.store offset=@16 (local.get $ptr) (call $sigmoidOf2 (local.get $x@) (local.get $e@) (local.get $t@)))
            ;; @end
            (local.set $ptr (i32.add (local.get $ptr) (i32.const 64)))
            (br $next)))
        (local.set $x (v128.load (local.get $ptr)))
        (v128.store (local.get $ptr) (call $sigmoidOf2 (local.get $x) (call $exp2 (f64x2.neg (f64x2.abs (local.get $x))))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
        (br $next))))

  ;; σ(x) from x, e = e^(−|x|) and its tail t, for both lanes: with
  ;; err = (e − (s − 1)) + t, q + ((x < 0 ? t : 0) − q · err) / s. (For
  ;; x ≥ 0 sigmoidOf's m · t is ±0 where this is +0: the same sum, q ≠ 0.)
  (func $sigmoidOf2 (param $x v128) (param $e v128) (param $t v128) (result v128)
    (local $s v128) (local $q v128) (local $negative v128)
    (local.set $s (f64x2.add (v128.const f64x2 1 1) (local.get $e)))
    (local.set $negative (f64x2.lt (local.get $x) (v128.const f64x2 0 0)))
    (local.set $q
      (f64x2.div
        (v128.bitselect (local.get $e) (v128.const f64x2 1 1) (local.get $negative))
        (local.get $s)))
    (f64x2.add
      (local.get $q)
      (f64x2.div
        (f64x2.sub
          (v128.and (local.get $t) (local.get $negative))
          (f64x2.mul
            (local.get $q)
            (f64x2.add (f64x2.sub (local.get $e) (f64x2.sub (local.get $s) (v128.const f64x2 1 1))) (local.get $t))))
        (local.get $s))))

  ;; softplus(x): softplusOf of softplus.ts, step for step (our exp, then our
  ;; log1p). logSigmoid, log σ(x) = −softplus(−x) as logSigmoidOf of
  ;; logSigmoid.ts, is this with the signs turned.
  (func (export "softplus") (param $ptr i32) (param $n i32)
    (call $softplusLoop (local.get $ptr) (local.get $n) (v128.const i64x2 0 0)))
  (func (export "logSigmoid") (param $ptr i32) (param $n i32)
    (call $softplusLoop (local.get $ptr) (local.get $n) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))

  ;; softplus(x · sign) · sign for each double, where sign is 1 or −1 as the
  ;; sign bit in each lane of $sign (a sign change is exact).
  (func $softplusLoop (param $ptr i32) (param $n i32) (param $sign v128)
    (local $end i32) (local $x v128)
    (local $xA v128) (local $xB v128) (local $xC v128) (local $xD v128)
    (local $eA v128) (local $eB v128) (local $eC v128) (local $eD v128)
    (local $tA v128) (local $tB v128) (local $tC v128) (local $tD v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (if (i32.le_u (i32.add (local.get $ptr) (i32.const 64)) (local.get $end))
          (then
            ;; @each A B C D
            (local.set $x@ (v128.xor (v128.load offset=@16 (local.get $ptr)) (local.get $sign)))
            ;; @end
            (call $exp8
              (f64x2.neg (f64x2.abs (local.get $xA))) (f64x2.neg (f64x2.abs (local.get $xB)))
              (f64x2.neg (f64x2.abs (local.get $xC))) (f64x2.neg (f64x2.abs (local.get $xD))))
            ;; @each D C B A
            (local.set $t@)
            ;; @end
            ;; @each D C B A
            (local.set $e@)
            ;; @end
            ;; @each A B C D
            (v128.store offset=@16 (local.get $ptr)
              (v128.xor (call $softplusOf2 (local.get $x@) (local.get $e@) (local.get $t@)) (local.get $sign)))
            ;; @end
            (local.set $ptr (i32.add (local.get $ptr) (i32.const 64)))
            (br $next)))
        (local.set $x (v128.xor (v128.load (local.get $ptr)) (local.get $sign)))
        (v128.store (local.get $ptr)
          (v128.xor (call $softplusOf2 (local.get $x) (call $exp2 (f64x2.neg (f64x2.abs (local.get $x))))) (local.get $sign)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
        (br $next))))

  ;; softplus(x) = (x > 0 ? x : 0) + log1p(e + t) from x, e = e^(−|x|) and its
  ;; tail t, for both lanes.
  (func $softplusOf2 (param $x v128) (param $e v128) (param $t v128) (result v128)
    (call $log1pPlus
      (v128.and (local.get $x) (f64x2.gt (local.get $x) (v128.const f64x2 0 0)))
      (local.get $e)
      (local.get $t)))

  ;; @module rest

  ;; The rest sum of restSum in expSum.ts for `rows` rows of n doubles from
  ;; byte ptr on, one after the other, each with its record of 8 doubles from
  ;; byte rec on (64 bytes apart): the index of the row's first largest element
  ;; (sliceArgmax, NaN ignored), or −1 where it is not finite (the row is then
  ;; left as it is), its value m, then the row's rest as finishRest leaves it
  ;; (bytes 16 to 39), which saves the JavaScript side a step per row. The
  ;; second pass's logRests may then write the rest's log at bytes 40 to 55.
  (func (export "restRows") (param $ptr i32) (param $rows i32) (param $n i32) (param $rec i32)
    ;; @use rowLocals
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        ;; @use rowRecord
        (if (local.get $finite)
          (then
            (call $restPart (local.get $ptr) (local.get $n) (local.get $rec))
            (call $finishRest (local.get $rec))))
        (local.set $ptr (local.get $end))
        (local.set $rec (i32.add (local.get $rec) (i32.const 64)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; restSum's loop over the n doubles from byte ptr on, two at a time (lane 0
  ;; the even positions, lane 1 the odd ones, as restSum's two sums), each
  ;; replaced by its term e^(x − m) (1 at the maximum). The record at byte rec
  ;; holds the maximum's index among these n (any other value if it is not
  ;; among them) and m, and carries from call to call the lanes' sums hi (bytes
  ;; 16-31) and lo (32-47) and the scaled sum of the subnormal terms, tiny (48).
  ;;
  ;; The maximum is left out of the sum by comparing each pair's positions with
  ;; its own (its term, exactly 1, is stored as the others). For an odd n, the
  ;; last pair's lane 1, past the end, is m in the register, its term skipped
  ;; (as the maximum's) and not stored: the double there, the next row's
  ;; first, is left as it is. (−∞ written there and restored after the loop
  ;; sent the pair down exp's slow path and the subnormal terms' branch: rows
  ;; of odd length took twice the time. The maximum set to −∞ in memory made
  ;; the loop faster on long rows, but rows of 2 took 2.5 times as long: the
  ;; load of a pair just written in part waits for the store.)
  (func $restPart (export "restPart") (param $ptr i32) (param $n i32) (param $rec i32)
    (local $end i32) (local $last i32) (local $top v128) (local $idx v128)
    (local $m v128) (local $negm v128) (local $hi v128) (local $lo v128) (local $tiny f64)
    (local $x v128) (local $d v128) (local $e v128) (local $t v128) (local $bv v128) (local $term v128)
    (local $small v128) (local $add v128) (local $s v128) (local $few v128) (local $w v128) (local $normalLo v128)
    ;; $skip is set for the last pair of an odd n; $zero is never set (locals start at 0)
    (local $skip v128) (local $zero v128)
    ;; @use expLocals
    ;; @use expConstantLocals
    ;; @each A B C D
    (local $x@ v128) (local $d@ v128) (local $e@ v128) (local $t@ v128) (local $bv@ v128) (local $term@ v128)
    (local $add@ v128) (local $s@ v128)
    ;; @use expLocals @
    ;; @end
    ;; @use expConstants
    (local.set $normalLo (v128.const f64x2 {{EXP_NORMAL_LO}} {{EXP_NORMAL_LO}}))
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $top (i64x2.splat (i64.trunc_sat_f64_s (f64.load (local.get $rec)))))
    (local.set $idx (v128.const i64x2 0 1))
    (local.set $m (v128.load64_splat offset=8 (local.get $rec)))
    (local.set $negm (f64x2.neg (local.get $m)))
    (local.set $hi (v128.load offset=16 (local.get $rec)))
    (local.set $lo (v128.load offset=32 (local.get $rec)))
    (local.set $tiny (f64.load offset=48 (local.get $rec)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        ;; Four pairs at once where there are four and all their terms are
        ;; normal (d ≥ EXP_NORMAL_LO, NaN not): the steps below, with exp
        ;; written out (expNormal) and the ranges tested once. Four copies in
        ;; a row run a third faster than one pair per turn with exp called:
        ;; the processor overlaps their chains of dependent operations.
        (if (i32.le_u (i32.add (local.get $ptr) (i32.const 64)) (local.get $end))
          (then
            ;; @each A B C D
            (local.set $x@ (v128.load offset=@16 (local.get $ptr)))
            (local.set $d@ (f64x2.sub (local.get $x@) (local.get $m)))
            ;; @end
            (if (i64x2.all_true
                  (v128.and
                    (v128.and
                      (f64x2.ge (local.get $dA) (local.get $normalLo))
                      (f64x2.ge (local.get $dB) (local.get $normalLo)))
                    (v128.and
                      (f64x2.ge (local.get $dC) (local.get $normalLo))
                      (f64x2.ge (local.get $dD) (local.get $normalLo)))))
              (then
                ;; @each A B C D
                ;; @use expNormal @
                ;; @use expTail @
                ;; @end
                ;; @each A B C D
                (local.set $bv@ (f64x2.sub (local.get $d@) (local.get $x@)))
                (local.set $t@
                  (f64x2.add
                    (f64x2.sub (local.get $x@) (f64x2.sub (local.get $d@) (local.get $bv@)))
                    (f64x2.sub (local.get $negm) (local.get $bv@))))
                (local.set $term@ (f64x2.add (local.get $e@) (f64x2.add (f64x2.mul (local.get $e@) (local.get $t@)) (local.get $tail@))))
                (v128.store offset=@16 (local.get $ptr) (local.get $term@))
                (local.set $add@ (v128.andnot (local.get $term@) (i64x2.eq (local.get $idx) (local.get $top))))
                (local.set $s@ (f64x2.add (local.get $hi) (local.get $add@)))
                (local.set $bv@ (f64x2.sub (local.get $s@) (local.get $hi)))
                (local.set $lo
                  (f64x2.add
                    (local.get $lo)
                    (f64x2.add
                      (f64x2.sub (local.get $hi) (f64x2.sub (local.get $s@) (local.get $bv@)))
                      (f64x2.sub (local.get $add@) (local.get $bv@)))))
                (local.set $hi (local.get $s@))
                (local.set $idx (i64x2.add (local.get $idx) (v128.const i64x2 2 2)))
                ;; @end
                (local.set $ptr (i32.add (local.get $ptr) (i32.const 64)))
                (br $next)))))
        ;; One pair, any terms; the last of an odd n with m in lane 1, whose
        ;; term (1) is skipped as the maximum's.
        ;; @use pairLoad
        (local.set $d (f64x2.sub (local.get $x) (local.get $m)))
        ;; @use pairExp
        ;; t = twoSumError(x, −m, d), the rounding error of d
        (local.set $bv (f64x2.sub (local.get $d) (local.get $x)))
        (local.set $t
          (f64x2.add
            (f64x2.sub (local.get $x) (f64x2.sub (local.get $d) (local.get $bv)))
            (f64x2.sub (local.get $negm) (local.get $bv))))
        (local.set $term (f64x2.add (local.get $e) (f64x2.add (f64x2.mul (local.get $e) (local.get $t)) (local.get $tail))))
        ;; @use pairSum
        (br $next)))
    (v128.store offset=16 (local.get $rec) (local.get $hi))
    (v128.store offset=32 (local.get $rec) (local.get $lo))
    (f64.store offset=48 (local.get $rec) (local.get $tiny)))

  ;; softmaxSlice's division (softmax.ts) for `rows` rows of n doubles from
  ;; byte ptr on, in place, after restRows: each term t of a row whose
  ;; record's top is not −1 becomes q − q · c with q = t / hi, the row's hi
  ;; and c at bytes 16 and 24 of its record; a pair at a time, the last of an
  ;; odd n alone.
  (func (export "divideRows") (param $ptr i32) (param $rows i32) (param $n i32) (param $rec i32)
    (local $end i32) (local $hi v128) (local $c v128) (local $q v128) (local $qs f64) (local $his f64) (local $cs f64)
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 3))))
        (if (f64.ge (f64.load (local.get $rec)) (f64.const 0))
          (then
            ;; the divisor 1 + rest = hi (1 + c), c = sumCorrection(rh, rl, hi)
            (local.set $his (f64.add (f64.const 1) (f64.load offset=16 (local.get $rec))))
            (local.set $cs
              (f64.div
                (f64.add
                  (call $twoSumError (f64.const 1) (f64.load offset=16 (local.get $rec)) (local.get $his))
                  (f64.load offset=24 (local.get $rec)))
                (local.get $his)))
            (local.set $hi (f64x2.splat (local.get $his)))
            (local.set $c (f64x2.splat (local.get $cs)))
            (block $pairsDone
              (loop $pair
                (br_if $pairsDone (i32.gt_u (i32.add (local.get $ptr) (i32.const 16)) (local.get $end)))
                (local.set $q (f64x2.div (v128.load (local.get $ptr)) (local.get $hi)))
                (v128.store (local.get $ptr) (f64x2.sub (local.get $q) (f64x2.mul (local.get $q) (local.get $c))))
                (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
                (br $pair)))
            (if (i32.lt_u (local.get $ptr) (local.get $end))
              (then
                (local.set $qs (f64.div (f64.load (local.get $ptr)) (local.get $his)))
                (f64.store (local.get $ptr) (f64.sub (local.get $qs) (f64.mul (local.get $qs) (local.get $cs))))))))
        (local.set $ptr (local.get $end))
        (local.set $rec (i32.add (local.get $rec) (i32.const 64)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; @module rest scaled

  ;; finishRest of expSum.ts on the record at byte rec, after restPart: the
  ;; lanes' sums hi (bytes 16, 24) and lo (32, 40) added with the error of
  ;; the his (TwoSum), the subnormal terms' scaled sum tiny (48) added once,
  ;; and rest written as a double-double, hi and lo at bytes 16 and 24, with
  ;; tiny at 32.
  (func $finishRest (param $rec i32)
    (local $h f64) (local $l f64) (local $s f64) (local $tiny f64) (local $small f64)
    (local.set $h (f64.add (f64.load offset=16 (local.get $rec)) (f64.load offset=24 (local.get $rec))))
    (local.set $l
      (f64.add
        (f64.add (f64.load offset=32 (local.get $rec)) (f64.load offset=40 (local.get $rec)))
        (call $twoSumError (f64.load offset=16 (local.get $rec)) (f64.load offset=24 (local.get $rec)) (local.get $h))))
    (local.set $tiny (f64.load offset=48 (local.get $rec)))
    (if (f64.ne (local.get $tiny) (f64.const 0))
      (then
        (local.set $small (f64.mul (local.get $tiny) (f64.const 0x1p-600)))
        (local.set $s (f64.add (local.get $h) (local.get $small)))
        (local.set $l (f64.add (local.get $l) (call $twoSumError (local.get $h) (local.get $small) (local.get $s))))
        (local.set $h (local.get $s))))
    (local.set $s (f64.add (local.get $h) (local.get $l)))
    (f64.store offset=16 (local.get $rec) (local.get $s))
    (f64.store offset=24 (local.get $rec) (f64.sub (local.get $l) (f64.sub (local.get $s) (local.get $h))))
    (f64.store offset=32 (local.get $rec) (local.get $tiny)))

  ;; twoSumError of float.ts: the exact error of s = a + b (Knuth's TwoSum).
  (func $twoSumError (param $a f64) (param $b f64) (param $s f64) (result f64)
    (local $bv f64)
    (local.set $bv (f64.sub (local.get $s) (local.get $a)))
    (f64.add
      (f64.sub (local.get $a) (f64.sub (local.get $s) (local.get $bv)))
      (f64.sub (local.get $b) (local.get $bv))))

  ;; @module rest sigmoidLoss scaled

  ;; scaledTinyTerm of expSum.ts for both lanes: e^(d + t) · 2^600 as
  ;; e^s + e^s · (the rounding error of s = d + TINY_SHIFT_HI, + TINY_SHIFT_LO + t).
  (func $scaledTinyTerm2 (param $d v128) (param $t v128) (result v128)
    (local $s v128) (local $e v128) (local $bv v128)
    (local.set $s (f64x2.add (local.get $d) (v128.const f64x2 {{TINY_SHIFT_HI}} {{TINY_SHIFT_HI}})))
    ;; the slow path's exp, whose bits $exp2 gives too (the rest module has no $exp2)
    (call $exp2wide (local.get $s))
    (drop)
    (local.set $e)
    (local.set $bv (f64x2.sub (local.get $s) (local.get $d)))
    (f64x2.add
      (local.get $e)
      (f64x2.mul
        (local.get $e)
        (f64x2.add
          (f64x2.add
            (f64x2.add
              (f64x2.sub (local.get $d) (f64x2.sub (local.get $s) (local.get $bv)))
              (f64x2.sub (v128.const f64x2 {{TINY_SHIFT_HI}} {{TINY_SHIFT_HI}}) (local.get $bv)))
            (v128.const f64x2 {{TINY_SHIFT_LO}} {{TINY_SHIFT_LO}}))
          (local.get $t)))))

  ;; @module sigmoidLoss

  ;; sigmoidCrossEntropyWithLogits's loss (lossOf) of the n logits x from
  ;; byte px on, with their labels z from byte pz on and the weights of their
  ;; positive terms w (posWeight) from byte pw on, in place of x; where grad
  ;; is 1, also the gradient (gradientOf) divided by divisor, in place of z.
  ;; Four pairs at a time while four remain, then one pair (an odd n also
  ;; computes the doubles after the last of x, z and w).
  (func (export "sigmoidLoss") (param $px i32) (param $pz i32) (param $pw i32) (param $n i32) (param $divisor f64) (param $grad i32)
    (local $end i32) (local $x v128)
    (local $xA v128) (local $xB v128) (local $xC v128) (local $xD v128)
    (local $eA v128) (local $eB v128) (local $eC v128) (local $eD v128)
    (local.set $end (i32.add (local.get $px) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $px) (local.get $end)))
        (if (i32.le_u (i32.add (local.get $px) (i32.const 64)) (local.get $end))
          (then
            ;; @each A B C D
            (local.set $x@ (v128.load offset=@16 (local.get $px)))
            ;; @end
            (call $exp8
              (f64x2.neg (f64x2.abs (local.get $xA))) (f64x2.neg (f64x2.abs (local.get $xB)))
              (f64x2.neg (f64x2.abs (local.get $xC))) (f64x2.neg (f64x2.abs (local.get $xD))))
            ;; the tails left: lossOf takes e alone
            (drop) (drop) (drop) (drop)
            ;; @each D C B A
            (local.set $e@)
            ;; @end
            ;; @each A B C D
            (call $lossAt
              (i32.add (local.get $px) (i32.const @16)) (i32.add (local.get $pz) (i32.const @16))
              (v128.load offset=@16 (local.get $pw))
              (local.get $x@) (local.get $e@) (local.get $divisor) (local.get $grad))
            ;; @end
            (local.set $px (i32.add (local.get $px) (i32.const 64)))
            (local.set $pz (i32.add (local.get $pz) (i32.const 64)))
            (local.set $pw (i32.add (local.get $pw) (i32.const 64)))
            (br $next)))
        (local.set $x (v128.load (local.get $px)))
        (call $exp2 (f64x2.neg (f64x2.abs (local.get $x))))
        (drop)
        (local.set $eA)
        (call $lossAt
          (local.get $px) (local.get $pz) (v128.load (local.get $pw))
          (local.get $x) (local.get $eA) (local.get $divisor) (local.get $grad))
        (local.set $px (i32.add (local.get $px) (i32.const 16)))
        (local.set $pz (i32.add (local.get $pz) (i32.const 16)))
        (local.set $pw (i32.add (local.get $pw) (i32.const 16)))
        (br $next))))

  ;; log1p(u) for u in [0, 1] or NaN: log1pUnit of log.ts, step for step. There
  ;; s = 1 + u is in [1, 2], so its exponent e is 1 when s's high word has a
  ;; fraction above 0x6a09e (s ≥ LOG_SPLIT, the same test on the double) and 0
  ;; otherwise, and m = s · 2^-e.
  (func $log1p01 (param $u v128) (result v128)
    (local $s v128) (local $b v128) (local $c v128) (local $high v128) (local $k v128) (local $f v128)
    (local $t v128) (local $z v128) (local $w v128) (local $r v128) (local $hfsq v128)
    ;; @use onePlus
    (local.set $high (f64x2.ge (local.get $s) (v128.const f64x2 {{LOG_SPLIT}} {{LOG_SPLIT}})))
    (local.set $k (v128.and (local.get $high) (v128.const f64x2 1 1)))
    (local.set $f
      (v128.bitselect
        (f64x2.sub (f64x2.mul (local.get $s) (v128.const f64x2 0.5 0.5)) (v128.const f64x2 1 1))
        (f64x2.sub (local.get $s) (v128.const f64x2 1 1))
        (local.get $high)))
    ;; @use logReduced
    )

  ;; The loss, and the gradient where grad is 1, of the pair x at byte px
  ;; with its labels at byte pz and weights wz, from e = e^(−|x|): lossOf and
  ;; gradientOf of sigmoidCrossEntropyWithLogits.ts, step for step, their
  ;; conditions as lane masks.
  (func $lossAt (param $px i32) (param $pz i32) (param $wz v128) (param $x v128) (param $e v128) (param $divisor f64) (param $grad i32)
    (local $z v128) (local $l v128) (local $b v128) (local $zeroed v128) (local $nan v128) (local $bZero v128)
    (local $s v128) (local $c v128) (local $up v128) (local $down v128) (local $negative v128)
    (local $tail v128) (local $t v128)
    (local.set $z (v128.load (local.get $pz)))
    ;; isTail and tailTerm: x > 0 with e^(−x) below 2^-1022, and x < 1500,
    ;; whose w z e is (z · (w · e^(−x) · 2^600)) · 2^-600; the rare test
    ;; first ($tail stays 0 without it)
    (if (v128.any_true (f64x2.lt (local.get $e) (v128.const f64x2 {{MIN_NORMAL}} {{MIN_NORMAL}})))
      (then
        (local.set $tail
          (v128.and
            (v128.and
              (f64x2.gt (local.get $x) (v128.const f64x2 0 0))
              (f64x2.lt (local.get $e) (v128.const f64x2 {{MIN_NORMAL}} {{MIN_NORMAL}})))
            (f64x2.gt (f64x2.neg (local.get $x)) (v128.const f64x2 {{TINY_FLOOR}} {{TINY_FLOOR}}))))
        (local.set $t
          (f64x2.mul
            (f64x2.mul
              (local.get $z)
              (f64x2.mul (local.get $wz) (call $scaledTinyTerm2 (f64x2.neg (local.get $x)) (v128.const f64x2 0 0))))
            (v128.const f64x2 0x1p-600 0x1p-600)))))
    (local.set $l (call $log1p01 (local.get $e)))
    (local.set $b (f64x2.sub (v128.const f64x2 1 1) (local.get $z)))
    (local.set $bZero (f64x2.eq (local.get $b) (v128.const f64x2 0 0)))
    ;; w = 0 or z = 0: the negative part's coefficient is 0, and so is the
    ;; part, but for a NaN x, which stays (x === x ? 0 : x)
    (local.set $zeroed
      (v128.or
        (f64x2.eq (local.get $wz) (v128.const f64x2 0 0))
        (f64x2.eq (local.get $z) (v128.const f64x2 0 0))))
    (local.set $nan (v128.andnot (local.get $x) (f64x2.eq (local.get $x) (local.get $x))))
    ;; z · (w · ((x < 0 ? −x : 0) + l)) + (b = 0 ? 0 : b · ((x > 0 ? x : 0) + l))
    (v128.store (local.get $px)
      (f64x2.add
        (v128.bitselect
          (local.get $nan)
          (v128.bitselect
            (local.get $t)
            (f64x2.mul
              (local.get $z)
              (f64x2.mul
                (local.get $wz)
                (f64x2.add
                  (v128.and (f64x2.neg (local.get $x)) (f64x2.lt (local.get $x) (v128.const f64x2 0 0)))
                  (local.get $l))))
            (local.get $tail))
          (local.get $zeroed))
        (v128.andnot
          (f64x2.mul
            (local.get $b)
            (f64x2.add
              (v128.and (local.get $x) (f64x2.gt (local.get $x) (v128.const f64x2 0 0)))
              (local.get $l)))
          (local.get $bZero))))
    (if (local.get $grad)
      (then
        ;; s = 1 + e, and its rounding error divided by s (Fast2Sum: 1 ≥ e)
        (local.set $s (f64x2.add (v128.const f64x2 1 1) (local.get $e)))
        (local.set $c
          (f64x2.div
            (f64x2.sub (local.get $e) (f64x2.sub (local.get $s) (v128.const f64x2 1 1)))
            (local.get $s)))
        (local.set $up
          (f64x2.div
            (v128.bitselect (local.get $e) (v128.const f64x2 1 1) (f64x2.lt (local.get $x) (v128.const f64x2 0 0)))
            (local.get $s)))
        (local.set $down
          (f64x2.div
            (v128.bitselect (local.get $e) (v128.const f64x2 1 1) (f64x2.gt (local.get $x) (v128.const f64x2 0 0)))
            (local.get $s)))
        (local.set $negative
          (v128.bitselect
            (local.get $nan)
            (v128.bitselect
              (local.get $t)
              (f64x2.mul
                (local.get $z)
                (f64x2.mul (local.get $wz) (f64x2.sub (local.get $down) (f64x2.mul (local.get $down) (local.get $c)))))
              (local.get $tail))
            (local.get $zeroed)))
        ;; (b = 0 ? −negative : b · (up − up · c) − negative) / divisor
        (v128.store (local.get $pz)
          (f64x2.div
            (v128.bitselect
              (f64x2.neg (local.get $negative))
              (f64x2.sub
                (f64x2.mul (local.get $b) (f64x2.sub (local.get $up) (f64x2.mul (local.get $up) (local.get $c))))
                (local.get $negative))
              (local.get $bZero))
            (f64x2.splat (local.get $divisor)))))))

  ;; @module secondPass

  ;; logSoftmaxSlice's second pass (logSoftmax.ts) for `rows` rows of n
  ;; logits from byte ptr on, in place, each row with its record of 8 doubles
  ;; from byte rec on (64 bytes apart): where the record's top (byte 0) is not
  ;; negative, each x becomes (x − m) − lh with the rounding errors of both
  ;; subtractions (TwoSum) and −ll added in one final rounding; m, lh and ll
  ;; at bytes 8, 16 and 24. −∞ stays −∞ (its errors would be NaN). A pair at
  ;; a time; the last of an odd n computes the double after the row's last
  ;; too, the next row's first, but stores lane 0 alone, so that this double
  ;; is never written (as in restPart; here that measured no faster than
  ;; writing it and restoring it after the row, but it is simpler).
  (func (export "logRows") (param $ptr i32) (param $rows i32) (param $n i32) (param $rec i32)
    (local $end i32) (local $y v128) (local $m v128) (local $negm v128) (local $lh v128) (local $neglh v128)
    (local $ll v128) (local $v v128) (local $d v128) (local $s v128) (local $bs v128) (local $bd v128)
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 3))))
        (if (f64.ge (f64.load (local.get $rec)) (f64.const 0))
          (then
            (local.set $m (v128.load64_splat offset=8 (local.get $rec)))
            (local.set $negm (f64x2.neg (local.get $m)))
            (local.set $lh (v128.load64_splat offset=16 (local.get $rec)))
            (local.set $neglh (f64x2.neg (local.get $lh)))
            (local.set $ll (v128.load64_splat offset=24 (local.get $rec)))
            (block $pairsDone
              (loop $pair
                (br_if $pairsDone (i32.ge_u (local.get $ptr) (local.get $end)))
                (local.set $v (v128.load (local.get $ptr)))
                (local.set $d (f64x2.sub (local.get $v) (local.get $m)))
                (local.set $s (f64x2.sub (local.get $d) (local.get $lh)))
                ;; s + (twoSumError(d, −lh, s) + twoSumError(v, −m, d) − ll)
                (local.set $bs (f64x2.sub (local.get $s) (local.get $d)))
                (local.set $bd (f64x2.sub (local.get $d) (local.get $v)))
                (local.set $y
                  (v128.bitselect
                    (local.get $s)
                    (f64x2.add
                      (local.get $s)
                      (f64x2.sub
                        (f64x2.add
                          (f64x2.add
                            (f64x2.sub (local.get $d) (f64x2.sub (local.get $s) (local.get $bs)))
                            (f64x2.sub (local.get $neglh) (local.get $bs)))
                          (f64x2.add
                            (f64x2.sub (local.get $v) (f64x2.sub (local.get $d) (local.get $bd)))
                            (f64x2.sub (local.get $negm) (local.get $bd))))
                        (local.get $ll)))
                    (f64x2.eq (local.get $s) (v128.const f64x2 -inf -inf))))
                (if (i32.gt_u (i32.add (local.get $ptr) (i32.const 16)) (local.get $end))
                  (then (v128.store64_lane 0 (local.get $ptr) (local.get $y)))
                  (else (v128.store (local.get $ptr) (local.get $y))))
                (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
                (br $pair)))))
        (local.set $ptr (local.get $end))
        (local.set $rec (i32.add (local.get $rec) (i32.const 64)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; restLog of restLogs.ts on `rows` records from byte rec on, after
  ;; restRows: lh = log1p(hi) and ll = lo / (1 + hi) for the row's rest
  ;; hi + lo (bytes 16, 24), written at bytes 40 and 48; two records at a time
  ;; (an odd count computes the record after the last too; records without
  ;; a finite maximum compute on what they hold, and nothing reads it).
  ;; log1p as log1pWide of log.ts, step for step: s = 1 + hi and the rounding
  ;; error of that sum over s, c (onePlus); s = 2^k · m with m in [√½, √2)
  ;; from s's bits (reduceBits, on y = s); then logReduced. In [0, 1] that is
  ;; log1pUnit's bits too (a test checks).
  (func (export "logRests") (param $rows i32) (param $rec i32)
    (local $u v128) (local $s v128) (local $b v128) (local $c v128) (local $y v128) (local $ex v128)
    (local $f v128) (local $k v128) (local $t v128) (local $z v128) (local $w v128) (local $r v128) (local $hfsq v128)
    (local $lh v128)
    (block $done
      (loop $pair
        (br_if $done (i32.le_s (local.get $rows) (i32.const 0)))
        (local.set $u (v128.load64_lane offset=80 1 (local.get $rec) (v128.load64_zero offset=16 (local.get $rec))))
        ;; @use onePlus
        (local.set $y (local.get $s))
        ;; @use reduceBits
        (local.set $k
          (f64x2.convert_low_i32x4_s
            (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $ex) (local.get $ex))))
        ;; @use logReduced
        (local.set $lh)
        (v128.store64_lane offset=40 0 (local.get $rec) (local.get $lh))
        (v128.store64_lane offset=104 1 (local.get $rec) (local.get $lh))
        ;; ll, in $lh
        (local.set $lh
          (f64x2.div
            (v128.load64_lane offset=88 1 (local.get $rec) (v128.load64_zero offset=24 (local.get $rec)))
            (local.get $s)))
        (v128.store64_lane offset=48 0 (local.get $rec) (local.get $lh))
        (v128.store64_lane offset=112 1 (local.get $rec) (local.get $lh))
        (local.set $rec (i32.add (local.get $rec) (i32.const 128)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 2)))
        (br $pair))))

  ;; The softmax losses' gradient (sparseGradient of
  ;; sparseSoftmaxCrossEntropyWithLogits.ts, denseGradient of
  ;; softmaxCrossEntropyWithLogits.ts) for `rows` rows of n terms e^(x − m)
  ;; from byte ptr on, in place, after restRows, with records as logRows's:
  ;; where the record's top is not negative, each term t becomes
  ;; ((q − q · c) · total − a) / divisor, q = t / hi, with a = keep · z + u
  ;; for the class's label z: dz bytes after its term, or where dz is 0
  ;; one-hot, 1 at the row's label (an index, byte 8) and 0 elsewhere; hi, c, total, divisor, keep and u at bytes 16 to 56. An odd n
  ;; as in logRows.
  (func (export "gradRows") (param $ptr i32) (param $rows i32) (param $n i32) (param $rec i32) (param $dz i32)
    (local $end i32) (local $y v128) (local $label v128) (local $idx v128) (local $hi v128) (local $c v128)
    (local $total v128) (local $divisor v128) (local $keep v128) (local $u v128) (local $q v128) (local $z v128)
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 3))))
        (if (f64.ge (f64.load (local.get $rec)) (f64.const 0))
          (then
            (local.set $label (i64x2.splat (i64.trunc_sat_f64_s (f64.load offset=8 (local.get $rec)))))
            (local.set $idx (v128.const i64x2 0 1))
            (local.set $hi (v128.load64_splat offset=16 (local.get $rec)))
            (local.set $c (v128.load64_splat offset=24 (local.get $rec)))
            (local.set $total (v128.load64_splat offset=32 (local.get $rec)))
            (local.set $divisor (v128.load64_splat offset=40 (local.get $rec)))
            (local.set $keep (v128.load64_splat offset=48 (local.get $rec)))
            (local.set $u (v128.load64_splat offset=56 (local.get $rec)))
            (block $pairsDone
              (loop $pair
                (br_if $pairsDone (i32.ge_u (local.get $ptr) (local.get $end)))
                (local.set $z
                  (if (result v128) (local.get $dz)
                    (then (v128.load (i32.add (local.get $ptr) (local.get $dz))))
                    (else
                      (v128.and (i64x2.eq (local.get $idx) (local.get $label)) (v128.const f64x2 1 1)))))
                (local.set $q (f64x2.div (v128.load (local.get $ptr)) (local.get $hi)))
                (local.set $y
                  (f64x2.div
                    (f64x2.sub
                      (f64x2.mul (f64x2.sub (local.get $q) (f64x2.mul (local.get $q) (local.get $c))) (local.get $total))
                      (f64x2.add (f64x2.mul (local.get $keep) (local.get $z)) (local.get $u)))
                    (local.get $divisor)))
                (if (i32.gt_u (i32.add (local.get $ptr) (i32.const 16)) (local.get $end))
                  (then (v128.store64_lane 0 (local.get $ptr) (local.get $y)))
                  (else (v128.store (local.get $ptr) (local.get $y))))
                (local.set $idx (i64x2.add (local.get $idx) (v128.const i64x2 2 2)))
                (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
                (br $pair)))))
        (local.set $ptr (local.get $end))
        (local.set $rec (i32.add (local.get $rec) (i32.const 64)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; @module shortRows

  ;; shortRows's results yA, yB, yC from lanes back to rows, from byte $out:
  ;; [yA0 yB0] then [yA1 yB1], or [yA0 yB0] [yC0 yA1] [yB1 yC1]
  ;; @define storeRows
        (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $yA) (local.get $yB)))
        (if (i32.eq (local.get $n) (i32.const 2))
          (then
            (if (i32.gt_s (local.get $rows) (i32.const 1))
              (then
                (v128.store offset=16 (local.get $out)
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $yA) (local.get $yB))))))
          (else
            (if (i32.eq (local.get $rows) (i32.const 1))
              (then (v128.store64_lane offset=16 0 (local.get $out) (local.get $yC)))
              (else
                (v128.store offset=16 (local.get $out)
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $yC) (local.get $yA)))
                (v128.store offset=32 (local.get $out)
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $yB) (local.get $yC)))))))
  ;; @end

  ;; The rows of two and of three of the softmax family and the softmax losses: `rows` rows
  ;; of n = 2 or 3 from byte ptr on, in place, two rows at a time, a row to a
  ;; lane (an odd count's last turn takes zeros for its second row and
  ;; stores its first alone), without the first pass's records: the general
  ;; path's steps for such a row. sliceArgmax's first largest (NaN ignored);
  ;; the terms e^(x − m) of the others with their corrections, the
  ;; maximum's 0 (two exps, of the others in order, o1 and o2; a row of two
  ;; has no o2); the sums of the even positions and of the odd one,
  ;; compensated, and finishRest (for a row of two, term + 0 with errors 0:
  ;; pairRest's bits); restLog's lh = log1p(rh), as logRests takes it, and
  ;; ll = rl / (1 + rh). Then with $mode 0 the row becomes its
  ;; log-probabilities (logProbability), with 1 logSumExpOf's value before
  ;; its test for a sum near 1, then lh; with 2, for softmax, the log is
  ;; skipped and the row becomes its probabilities (softmaxSlice's
  ;; division of the terms by 1 + rest); with 3, for the sparse loss
  ;; without smoothing or weights, its gradient, from the rows' labels as
  ;; doubles from byte $labels on (one per row, in order) and $divisor;
  ;; with 4, for the dense loss, the probabilities but at the maximum where
  ;; rest ≤ 1, −(1 − p) formed from rest. A row without a finite maximum, or
  ;; with another term whose x − m is below EXP_NORMAL_LO or NaN (where
  ;; restSum would carry a subnormal sum or a NaN), gets NaN as its first
  ;; double, for the caller's JavaScript; what its lane computed is not used.
  (func (export "rows") (param $ptr i32) (param $rows i32) (param $n i32) (param $mode i32) (param $labels i32) (param $divisor f64) (param $second i32)
    (local $lab v128) (local $div v128) (local $out i32)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $m v128) (local $negm v128) (local $top v128)
    (local $gt v128) (local $ok v128) (local $even v128) (local $evenLo v128) (local $h v128)
    (local $bv v128) (local $rh v128) (local $rl v128) (local $u v128) (local $s v128) (local $b v128) (local $c v128)
    (local $y v128) (local $ex v128) (local $f v128) (local $k v128) (local $t v128) (local $z v128) (local $w v128)
    (local $r v128) (local $hfsq v128) (local $lh v128) (local $neglh v128) (local $ll v128) (local $zero v128)
    (local $top0 v128) (local $top1 v128) (local $top2 v128) (local $tA v128) (local $tB v128) (local $tC v128)
    (local $step i32)
    ;; @each A B C
    (local $x@ v128) (local $d@ v128) (local $bd@ v128) (local $q@ v128) (local $bq@ v128) (local $y@ v128)
    ;; @end
    ;; @each O P
    (local $o@ v128) (local $d@ v128) (local $e@ v128) (local $bd@ v128) (local $full@ v128)
    ;; @use expLocals @
    ;; @end
    ;; @use expConstantLocals
    ;; @use expConstants
    (local.set $step (i32.shl (local.get $n) (i32.const 4)))
    (local.set $div (f64x2.splat (local.get $divisor)))
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $rows) (i32.const 0)))
        ;; rows to lanes, xA, xB and xC their first, second and third
        ;; elements, from [a0 b0] [c0 a1] [b1 c1] (rows of two: from [a0 b0]
        ;; [a1 b1]); a lone last row's neighbour is zeros
        (local.set $p0 (v128.load (local.get $ptr)))
        (local.set $p1 (v128.load offset=16 (local.get $ptr)))
        (local.set $p2 (local.get $zero))
        (if (i32.eq (local.get $n) (i32.const 2))
          (then
            (if (i32.eq (local.get $rows) (i32.const 1)) (then (local.set $p1 (local.get $zero))))
            ;; [a1 b1] as [−∞ a1] [b1 −∞]: a third element −∞, never the maximum
            (local.set $p2 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $p1) (v128.const f64x2 -inf -inf)))
            (local.set $p1 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (v128.const f64x2 -inf -inf) (local.get $p1))))
          (else
            (if (i32.eq (local.get $rows) (i32.const 1))
              (then (local.set $p1 (v128.and (local.get $p1) (v128.const i64x2 -1 0))))
              (else (local.set $p2 (v128.load offset=32 (local.get $ptr)))))))
        (local.set $xA (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $p0) (local.get $p1)))
        (local.set $xB (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $p0) (local.get $p2)))
        (local.set $xC (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $p1) (local.get $p2)))
        ;; sliceArgmax: the first x > m from m = −∞ (NaN fails), top −1 where none is
        (local.set $m (v128.const f64x2 -inf -inf))
        (local.set $top (v128.const f64x2 -1 -1))
        ;; @each A B C
        (local.set $gt (f64x2.gt (local.get $x@) (local.get $m)))
        (local.set $m (v128.bitselect (local.get $x@) (local.get $m) (local.get $gt)))
        (local.set $top (v128.bitselect (v128.const f64x2 @1 @1) (local.get $top) (local.get $gt)))
        ;; @end
        (local.set $negm (f64x2.neg (local.get $m)))
        (local.set $top0 (f64x2.eq (local.get $top) (local.get $zero)))
        (local.set $top1 (f64x2.eq (local.get $top) (v128.const f64x2 1 1)))
        (local.set $top2 (f64x2.eq (local.get $top) (v128.const f64x2 2 2)))
        ;; the others in order: o1 = B where the top is A, else A; o2 = B where the top is C, else C
        (local.set $oO (v128.bitselect (local.get $xB) (local.get $xA) (local.get $top0)))
        (local.set $oP (v128.bitselect (local.get $xB) (local.get $xC) (local.get $top2)))
        (local.set $ok
          (v128.and
            (f64x2.ge (local.get $top) (local.get $zero))
            (f64x2.lt (local.get $m) (v128.const f64x2 inf inf))))
        ;; each other's term e + (e · twoSumError(o, −m, d) + tail); the terms in their
        ;; places: A's is o1's unless A is the top; B's o1's where A is, 0
        ;; where B is, else o2's; C's o2's unless C is the top (0 in a row of
        ;; two, which has no o2)
        ;; @use otherTerm O
        (local.set $ok (v128.and (local.get $ok) (f64x2.ge (local.get $dO) (v128.const f64x2 {{EXP_NORMAL_LO}} {{EXP_NORMAL_LO}}))))
        (local.set $tC (local.get $zero))
        (if (i32.eq (local.get $n) (i32.const 3))
          (then
            ;; @use otherTerm P
            (local.set $tC (v128.andnot (local.get $fullP) (local.get $top2)))
            (local.set $ok (v128.and (local.get $ok) (f64x2.ge (local.get $dP) (v128.const f64x2 {{EXP_NORMAL_LO}} {{EXP_NORMAL_LO}}))))))
        (local.set $tA (v128.andnot (local.get $fullO) (local.get $top0)))
        (local.set $tB
          (v128.bitselect
            (local.get $fullO)
            (v128.andnot (local.get $fullP) (local.get $top1))
            (local.get $top0)))
        ;; restSum's lanes: the even positions' sum tA + tC with its error
        ;; (adding a term to a zero sum is exact, its error +0), and the odd
        ;; one's, tB; finishRest: h = tB + even, l = (0 + evenLo) +
        ;; twoSumError(tB, even, h), rest = h + l as rh + rl. In a row of two
        ;; one of tA and tB is 0 and tC is: that is o1's term and +0.
        (if (i32.eq (local.get $n) (i32.const 3))
          (then
            (local.set $even (f64x2.add (local.get $tA) (local.get $tC)))
            (local.set $bv (f64x2.sub (local.get $even) (local.get $tA)))
            (local.set $evenLo
              (f64x2.add
                (local.get $zero)
                (f64x2.add
                  (f64x2.sub (local.get $tA) (f64x2.sub (local.get $even) (local.get $bv)))
                  (f64x2.sub (local.get $tC) (local.get $bv)))))
            (local.set $h (f64x2.add (local.get $tB) (local.get $even)))
            (local.set $bv (f64x2.sub (local.get $h) (local.get $tB)))
            (local.set $rl
              (f64x2.add
                (f64x2.add (local.get $zero) (local.get $evenLo))
                (f64x2.add
                  (f64x2.sub (local.get $tB) (f64x2.sub (local.get $h) (local.get $bv)))
                  (f64x2.sub (local.get $even) (local.get $bv)))))
            (local.set $rh (f64x2.add (local.get $h) (local.get $rl)))
            (local.set $rl (f64x2.sub (local.get $rl) (f64x2.sub (local.get $rh) (local.get $h)))))
          (else
            (local.set $rh (local.get $fullO))
            (local.set $rl (local.get $zero))))
        (if (i32.ge_u (local.get $mode) (i32.const 2))
          (then
            ;; softmaxSlice: s = 1 + rest and c = sumCorrection(rh, rl, s) =
            ;; (twoSumError(1, rh, s) + rl) / s, so that the sum's rounding
            ;; does not reach the probabilities; each term (1 at the
            ;; maximum) over s as q − q · c
            (local.set $s (f64x2.add (v128.const f64x2 1 1) (local.get $rh)))
            (local.set $bv (f64x2.sub (local.get $s) (v128.const f64x2 1 1)))
            (local.set $c
              (f64x2.div
                (f64x2.add
                  (f64x2.add
                    (f64x2.sub (v128.const f64x2 1 1) (f64x2.sub (local.get $s) (local.get $bv)))
                    (f64x2.sub (local.get $rh) (local.get $bv)))
                  (local.get $rl))
                (local.get $s)))
            (local.set $qA (f64x2.div (v128.bitselect (v128.const f64x2 1 1) (local.get $tA) (local.get $top0)) (local.get $s)))
            (local.set $yA (f64x2.sub (local.get $qA) (f64x2.mul (local.get $qA) (local.get $c))))
            (local.set $qB (f64x2.div (v128.bitselect (v128.const f64x2 1 1) (local.get $tB) (local.get $top1)) (local.get $s)))
            (local.set $yB (f64x2.sub (local.get $qB) (f64x2.mul (local.get $qB) (local.get $c))))
            (if (i32.eq (local.get $n) (i32.const 3))
              (then
                (local.set $qC (f64x2.div (v128.bitselect (v128.const f64x2 1 1) (local.get $tC) (local.get $top2)) (local.get $s)))
                (local.set $yC (f64x2.sub (local.get $qC) (f64x2.mul (local.get $qC) (local.get $c))))))
            (if (i32.ge_u (local.get $mode) (i32.const 3))
              (then
                ;; the losses' gradients: at the maximum where rest ≤ 1 they
                ;; use 1 − p as restFraction forms it from rest, rh/s − rh/s
                ;; · c + rl/s, to its own precision (1 − p would cancel); in
                ;; $bv, negated
                (local.set $qA (f64x2.div (local.get $rh) (local.get $s)))
                (local.set $bv
                  (f64x2.neg
                    (f64x2.add
                      (f64x2.sub (local.get $qA) (f64x2.mul (local.get $qA) (local.get $c)))
                      (f64x2.div (local.get $rl) (local.get $s)))))
                (local.set $gt (f64x2.le (local.get $rh) (v128.const f64x2 1 1)))))
            (if (i32.eq (local.get $mode) (i32.const 4))
              (then
                ;; for the dense loss, whose caller forms its gradient: the
                ;; probabilities, and −(1 − p) at such a maximum (its row's
                ;; one negative result)
                (local.set $yA (v128.bitselect (local.get $bv) (local.get $yA) (v128.and (local.get $top0) (local.get $gt))))
                (local.set $yB (v128.bitselect (local.get $bv) (local.get $yB) (v128.and (local.get $top1) (local.get $gt))))
                (local.set $yC (v128.bitselect (local.get $bv) (local.get $yC) (v128.and (local.get $top2) (local.get $gt))))))
            (if (i32.eq (local.get $mode) (i32.const 3))
              (then
                ;; the sparse loss's gradient (gradientLoop's and
                ;; sparseGradient's, with total = a_y = 1): (p − z) / divisor
                ;; for the one-hot label z (1 or +0); at the maximum where
                ;; rest ≤ 1, ((1 − z) − (1 − p)) / divisor
                (local.set $lab (v128.load (local.get $labels)))
                (local.set $z (v128.and (f64x2.eq (local.get $lab) (local.get $zero)) (v128.const f64x2 1 1)))
                (local.set $yA
                  (f64x2.div
                    (v128.bitselect
                      (f64x2.add (f64x2.sub (v128.const f64x2 1 1) (local.get $z)) (local.get $bv))
                      (f64x2.sub (local.get $yA) (local.get $z))
                      (v128.and (local.get $top0) (local.get $gt)))
                    (local.get $div)))
                (local.set $z (v128.and (f64x2.eq (local.get $lab) (v128.const f64x2 1 1)) (v128.const f64x2 1 1)))
                (local.set $yB
                  (f64x2.div
                    (v128.bitselect
                      (f64x2.add (f64x2.sub (v128.const f64x2 1 1) (local.get $z)) (local.get $bv))
                      (f64x2.sub (local.get $yB) (local.get $z))
                      (v128.and (local.get $top1) (local.get $gt)))
                    (local.get $div)))
                (local.set $z (v128.and (f64x2.eq (local.get $lab) (v128.const f64x2 2 2)) (v128.const f64x2 1 1)))
                (local.set $yC
                  (f64x2.div
                    (v128.bitselect
                      (f64x2.add (f64x2.sub (v128.const f64x2 1 1) (local.get $z)) (local.get $bv))
                      (f64x2.sub (local.get $yC) (local.get $z))
                      (v128.and (local.get $top2) (local.get $gt)))
                    (local.get $div)))))
            (if (local.get $second)
              (then
                ;; the losses: these results from byte $second, flagged
                ;; alike, and the log-probabilities in place, below
                (local.set $yA (v128.bitselect (local.get $yA) (v128.const f64x2 nan nan) (local.get $ok)))
                (local.set $out (local.get $second))
                ;; @use storeRows
                (local.set $second (i32.add (local.get $second) (local.get $step)))))))
        (if (i32.or (i32.lt_u (local.get $mode) (i32.const 2)) (local.get $second))
          (then
            ;; lh = log1p(rh), ll = rl / (1 + rh)
            (local.set $u (local.get $rh))
            ;; @use onePlus
            (local.set $y (local.get $s))
            ;; @use reduceBits
            (local.set $k
              (f64x2.convert_low_i32x4_s
                (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $ex) (local.get $ex))))
            ;; @use logReduced
            (local.set $lh)
            ;; (0 in a row of two, whose rl is +0)
            (local.set $ll (local.get $zero))
            (if (i32.eq (local.get $n) (i32.const 3)) (then (local.set $ll (f64x2.div (local.get $rl) (local.get $s)))))
            (if (i32.eq (local.get $mode) (i32.const 1))
              (then
                ;; s = m + lh, then s + (twoSumError(m, lh, s) + ll)
                (local.set $s (f64x2.add (local.get $m) (local.get $lh)))
                (local.set $bv (f64x2.sub (local.get $s) (local.get $m)))
                (local.set $yA
                  (f64x2.add
                    (local.get $s)
                    (f64x2.add
                      (f64x2.add
                        (f64x2.sub (local.get $m) (f64x2.sub (local.get $s) (local.get $bv)))
                        (f64x2.sub (local.get $lh) (local.get $bv)))
                      (local.get $ll))))
                (local.set $yB (local.get $lh))
                (local.set $yC (local.get $zero)))
              (else
                (local.set $neglh (f64x2.neg (local.get $lh)))
                ;; @use logProbability A
                ;; @use logProbability B
                (if (i32.eq (local.get $n) (i32.const 3))
                  (then
                    ;; @use logProbability C
                    ))))))
        (local.set $yA (v128.bitselect (local.get $yA) (v128.const f64x2 nan nan) (local.get $ok)))
        (local.set $out (local.get $ptr))
        ;; @use storeRows
        (local.set $ptr (i32.add (local.get $ptr) (local.get $step)))
        (local.set $labels (i32.add (local.get $labels) (i32.const 16)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 2)))
        (br $next))))

  ;; @module laneRows

  ;; The rows of n ≥ 2 (any n; the callers take it for short ones) of
  ;; softmax, logSoftmax, logSumExp and the softmax losses, with shortRows's
  ;; modes, results and NaN flag: two rows at a time, a row to a lane, element
  ;; by element (each lane's element k read and written on its own), without
  ;; the first pass's records: the general path's steps, as restSum writes
  ;; them. sliceArgmax; then each element's term, 0 at the maximum, into the
  ;; sum of the even positions or of the odd ones (hi + term with TwoSum's
  ;; error into lo), finishRest; then as shortRows from rest on. Softmax and
  ;; the losses' gradients keep the terms in place of the elements; the logs
  ;; read the elements again. A lone last row is its own pair (both lanes
  ;; read and write it, alike).
  (func (export "rows") (param $ptr i32) (param $rows i32) (param $n i32) (param $mode i32) (param $labels i32) (param $divisor f64) (param $second i32)
    (local $p0 i32) (local $p1 i32) (local $t0 i32) (local $t1 i32) (local $l1 i32) (local $at i32) (local $j i32)
    (local $kk v128) (local $m v128) (local $negm v128) (local $top v128) (local $gt v128) (local $ok v128) (local $istop v128)
    (local $hiE v128) (local $loE v128) (local $hiO v128) (local $loO v128) (local $sum v128)
    (local $h v128) (local $bv v128) (local $rh v128) (local $rl v128) (local $le v128) (local $comp v128) (local $lab v128)
    (local $u v128) (local $s v128) (local $b v128) (local $c v128) (local $y v128) (local $ex v128) (local $f v128)
    (local $k v128) (local $t v128) (local $z v128) (local $w v128) (local $r v128) (local $hfsq v128)
    (local $lh v128) (local $neglh v128) (local $ll v128) (local $zero v128) (local $div v128)
    (local $xK v128) (local $dK v128) (local $bdK v128) (local $qK v128) (local $bqK v128) (local $yK v128)
    (local $oK v128) (local $eK v128) (local $fullK v128) (local $term v128)
    ;; @use expLocals K
    ;; @use expConstantLocals
    ;; @use expConstants
    (local.set $div (f64x2.splat (local.get $divisor)))
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $rows) (i32.const 0)))
        (local.set $p0 (local.get $ptr))
        (local.set $p1 (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 3))))
        (local.set $l1 (i32.add (local.get $labels) (i32.const 8)))
        (if (i32.eq (local.get $rows) (i32.const 1))
          (then
            (local.set $p1 (local.get $p0))
            (local.set $l1 (local.get $labels))))
        ;; where the terms and then the probabilities go: in place, or for
        ;; the losses with $second, from there (the logs read the elements)
        (local.set $t0 (local.get $p0))
        (local.set $t1 (local.get $p1))
        (if (local.get $second)
          (then
            (local.set $t0 (local.get $second))
            (local.set $t1 (i32.add (local.get $t0) (i32.sub (local.get $p1) (local.get $p0))))))
        ;; sliceArgmax: the first x > m from m = −∞ (NaN fails), top −1 where none is
        (local.set $m (v128.const f64x2 -inf -inf))
        (local.set $top (v128.const f64x2 -1 -1))
        (local.set $kk (local.get $zero))
        (local.set $j (i32.const 0))
        (loop $max
          (local.set $at (i32.shl (local.get $j) (i32.const 3)))
          (local.set $xK
            (v128.load64_lane 1 (i32.add (local.get $p1) (local.get $at))
              (v128.load64_lane 0 (i32.add (local.get $p0) (local.get $at)) (local.get $zero))))
          (local.set $gt (f64x2.gt (local.get $xK) (local.get $m)))
          (local.set $m (v128.bitselect (local.get $xK) (local.get $m) (local.get $gt)))
          (local.set $top (v128.bitselect (local.get $kk) (local.get $top) (local.get $gt)))
          (local.set $kk (f64x2.add (local.get $kk) (v128.const f64x2 1 1)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $max (i32.lt_s (local.get $j) (local.get $n))))
        (local.set $negm (f64x2.neg (local.get $m)))
        (local.set $ok
          (v128.and
            (f64x2.ge (local.get $top) (local.get $zero))
            (f64x2.lt (local.get $m) (v128.const f64x2 inf inf))))
        ;; restSum's loop: the terms, each lane's sums of the even and odd
        ;; positions (written two elements a turn, their exps side by side,
        ;; it measured no faster)
        (local.set $hiE (local.get $zero))
        (local.set $loE (local.get $zero))
        (local.set $hiO (local.get $zero))
        (local.set $loO (local.get $zero))
        (local.set $kk (local.get $zero))
        (local.set $j (i32.const 0))
        (loop $terms
          (local.set $at (i32.shl (local.get $j) (i32.const 3)))
          (local.set $oK
            (v128.load64_lane 1 (i32.add (local.get $p1) (local.get $at))
              (v128.load64_lane 0 (i32.add (local.get $p0) (local.get $at)) (local.get $zero))))
          ;; @use otherTerm K
          (local.set $istop (f64x2.eq (local.get $top) (local.get $kk)))
          (local.set $ok
            (v128.and
              (local.get $ok)
              (v128.or
                (local.get $istop)
                (f64x2.ge (local.get $dK) (v128.const f64x2 {{EXP_NORMAL_LO}} {{EXP_NORMAL_LO}})))))
          (local.set $term (v128.andnot (local.get $fullK) (local.get $istop)))
          (if (i32.ge_u (local.get $mode) (i32.const 2))
            (then
              (v128.store64_lane 0 (i32.add (local.get $t0) (local.get $at)) (local.get $term))
              (v128.store64_lane 1 (i32.add (local.get $t1) (local.get $at)) (local.get $term))))
          ;; hi + term with TwoSum's error into lo, in the lane of the element's parity
          (if (i32.and (local.get $j) (i32.const 1))
            (then
              (local.set $sum (f64x2.add (local.get $hiO) (local.get $term)))
              (local.set $bv (f64x2.sub (local.get $sum) (local.get $hiO)))
              (local.set $loO
                (f64x2.add
                  (local.get $loO)
                  (f64x2.add
                    (f64x2.sub (local.get $hiO) (f64x2.sub (local.get $sum) (local.get $bv)))
                    (f64x2.sub (local.get $term) (local.get $bv)))))
              (local.set $hiO (local.get $sum)))
            (else
              (local.set $sum (f64x2.add (local.get $hiE) (local.get $term)))
              (local.set $bv (f64x2.sub (local.get $sum) (local.get $hiE)))
              (local.set $loE
                (f64x2.add
                  (local.get $loE)
                  (f64x2.add
                    (f64x2.sub (local.get $hiE) (f64x2.sub (local.get $sum) (local.get $bv)))
                    (f64x2.sub (local.get $term) (local.get $bv)))))
              (local.set $hiE (local.get $sum))))
          (local.set $kk (f64x2.add (local.get $kk) (v128.const f64x2 1 1)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $terms (i32.lt_s (local.get $j) (local.get $n))))
        ;; finishRest: h = hiE + hiO, l = (loE + loO) + twoSumError(hiE, hiO, h)
        ;; (either lane first: + and TwoSum's exact error are symmetric), rest
        ;; = h + l as rh + rl
        (local.set $h (f64x2.add (local.get $hiE) (local.get $hiO)))
        (local.set $bv (f64x2.sub (local.get $h) (local.get $hiE)))
        (local.set $rl
          (f64x2.add
            (f64x2.add (local.get $loE) (local.get $loO))
            (f64x2.add
              (f64x2.sub (local.get $hiE) (f64x2.sub (local.get $h) (local.get $bv)))
              (f64x2.sub (local.get $hiO) (local.get $bv)))))
        (local.set $rh (f64x2.add (local.get $h) (local.get $rl)))
        (local.set $rl (f64x2.sub (local.get $rl) (f64x2.sub (local.get $rh) (local.get $h))))
        (if (i32.ge_u (local.get $mode) (i32.const 2))
          (then
            ;; softmaxSlice's division, s = 1 + rest and c = sumCorrection(rh, rl, s)
            (local.set $s (f64x2.add (v128.const f64x2 1 1) (local.get $rh)))
            (local.set $bv (f64x2.sub (local.get $s) (v128.const f64x2 1 1)))
            (local.set $c
              (f64x2.div
                (f64x2.add
                  (f64x2.add
                    (f64x2.sub (v128.const f64x2 1 1) (f64x2.sub (local.get $s) (local.get $bv)))
                    (f64x2.sub (local.get $rh) (local.get $bv)))
                  (local.get $rl))
                (local.get $s)))
            (if (i32.ge_u (local.get $mode) (i32.const 3))
              (then
                ;; the losses' gradients' −(1 − p) at the maximum, from rest (see shortRows)
                (local.set $qK (f64x2.div (local.get $rh) (local.get $s)))
                (local.set $comp
                  (f64x2.neg
                    (f64x2.add
                      (f64x2.sub (local.get $qK) (f64x2.mul (local.get $qK) (local.get $c)))
                      (f64x2.div (local.get $rl) (local.get $s)))))
                (local.set $le (f64x2.le (local.get $rh) (v128.const f64x2 1 1)))
                (local.set $lab
                  (v128.load64_lane 1 (local.get $l1)
                    (v128.load64_lane 0 (local.get $labels) (local.get $zero))))))
            (local.set $kk (local.get $zero))
            (local.set $j (i32.const 0))
            (loop $divide
              (local.set $at (i32.shl (local.get $j) (i32.const 3)))
              (local.set $istop (f64x2.eq (local.get $top) (local.get $kk)))
              (local.set $qK
                (f64x2.div
                  (v128.bitselect
                    (v128.const f64x2 1 1)
                    (v128.load64_lane 1 (i32.add (local.get $t1) (local.get $at))
                      (v128.load64_lane 0 (i32.add (local.get $t0) (local.get $at)) (local.get $zero)))
                    (local.get $istop))
                  (local.get $s)))
              (local.set $yK (f64x2.sub (local.get $qK) (f64x2.mul (local.get $qK) (local.get $c))))
              (if (i32.eq (local.get $mode) (i32.const 3))
                (then
                  ;; (p − z) / divisor, at the maximum where rest ≤ 1 ((1 − z) − (1 − p)) / divisor
                  (local.set $z (v128.and (f64x2.eq (local.get $lab) (local.get $kk)) (v128.const f64x2 1 1)))
                  (local.set $yK
                    (f64x2.div
                      (v128.bitselect
                        (f64x2.add (f64x2.sub (v128.const f64x2 1 1) (local.get $z)) (local.get $comp))
                        (f64x2.sub (local.get $yK) (local.get $z))
                        (v128.and (local.get $istop) (local.get $le)))
                      (local.get $div)))))
              (if (i32.eq (local.get $mode) (i32.const 4))
                (then
                  ;; the dense loss's: −(1 − p) at the maximum where rest ≤ 1
                  (local.set $yK (v128.bitselect (local.get $comp) (local.get $yK) (v128.and (local.get $istop) (local.get $le))))))
              (v128.store64_lane 0 (i32.add (local.get $t0) (local.get $at)) (local.get $yK))
              (v128.store64_lane 1 (i32.add (local.get $t1) (local.get $at)) (local.get $yK))
              (local.set $kk (f64x2.add (local.get $kk) (v128.const f64x2 1 1)))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br_if $divide (i32.lt_s (local.get $j) (local.get $n))))
            (if (local.get $second)
              (then
                ;; flagged alike, and the log-probabilities in place, below
                (local.set $yK
                  (v128.bitselect
                    (v128.load64_lane 1 (local.get $t1) (v128.load64_lane 0 (local.get $t0) (local.get $zero)))
                    (v128.const f64x2 nan nan)
                    (local.get $ok)))
                (v128.store64_lane 0 (local.get $t0) (local.get $yK))
                (v128.store64_lane 1 (local.get $t1) (local.get $yK))
                (local.set $second (i32.add (local.get $second) (i32.shl (local.get $n) (i32.const 4))))))))
        (if (i32.or (i32.lt_u (local.get $mode) (i32.const 2)) (local.get $second))
          (then
            ;; lh = log1p(rh), ll = rl / (1 + rh)
            (local.set $u (local.get $rh))
            ;; @use onePlus
            (local.set $y (local.get $s))
            ;; @use reduceBits
            (local.set $k
              (f64x2.convert_low_i32x4_s
                (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $ex) (local.get $ex))))
            ;; @use logReduced
            (local.set $lh)
            (local.set $ll (f64x2.div (local.get $rl) (local.get $s)))
            (if (i32.eq (local.get $mode) (i32.const 1))
              (then
                ;; logSumExp: s = m + lh, then s + (twoSumError(m, lh, s) + ll), and lh
                (local.set $s (f64x2.add (local.get $m) (local.get $lh)))
                (local.set $bv (f64x2.sub (local.get $s) (local.get $m)))
                (local.set $yK
                  (f64x2.add
                    (local.get $s)
                    (f64x2.add
                      (f64x2.add
                        (f64x2.sub (local.get $m) (f64x2.sub (local.get $s) (local.get $bv)))
                        (f64x2.sub (local.get $lh) (local.get $bv)))
                      (local.get $ll))))
                (v128.store64_lane 0 (local.get $p0) (local.get $yK))
                (v128.store64_lane 1 (local.get $p1) (local.get $yK))
                (v128.store64_lane offset=8 0 (local.get $p0) (local.get $lh))
                (v128.store64_lane offset=8 1 (local.get $p1) (local.get $lh)))
              (else
                (local.set $neglh (f64x2.neg (local.get $lh)))
                (local.set $j (i32.const 0))
                (loop $logs
                  (local.set $at (i32.shl (local.get $j) (i32.const 3)))
                  (local.set $xK
                    (v128.load64_lane 1 (i32.add (local.get $p1) (local.get $at))
                      (v128.load64_lane 0 (i32.add (local.get $p0) (local.get $at)) (local.get $zero))))
                  ;; @use logProbability K
                  (v128.store64_lane 0 (i32.add (local.get $p0) (local.get $at)) (local.get $yK))
                  (v128.store64_lane 1 (i32.add (local.get $p1) (local.get $at)) (local.get $yK))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br_if $logs (i32.lt_s (local.get $j) (local.get $n))))))))
        ;; the flag: NaN first where the row is left to the caller
        (local.set $yK
          (v128.bitselect
            (v128.load64_lane 1 (local.get $p1) (v128.load64_lane 0 (local.get $p0) (local.get $zero)))
            (v128.const f64x2 nan nan)
            (local.get $ok)))
        (v128.store64_lane 0 (local.get $p0) (local.get $yK))
        (v128.store64_lane 1 (local.get $p1) (local.get $yK))
        (local.set $ptr (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 4))))
        (local.set $labels (i32.add (local.get $labels) (i32.const 16)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 2)))
        (br $next))))

  ;; @module logit

  ;; logit(p) for the n doubles from byte ptr on, in place (an odd n also
  ;; computes the double after the last), each first clamped to [lo, hi]
  ;; (−∞ and +∞ leave it as it is: logit.ts without eps). One pair per turn,
  ;; its steps written out in the loop: with a call per pair, logit took
  ;; 1.05–1.08× the time; two or four pairs a turn gained 10% at most and
  ;; cost 2 to 4 kB.
  ;; A pair: logitOf of logit.ts for both lanes, step for step: q = p / (1 − p) and
  ;; the corrections of its roundings (the error of 1 − p, e, and of the
  ;; quotient, from Dekker's product q · d with Veltkamp's split), then
  ;; logPlus of log.ts: log q with the correction added in its small part.
  ;; Lanes outside (0, 1) compute with p = 1/2 and take −∞ (p = 0), +∞ (p = 1)
  ;; or NaN at the end.
  (func (export "logit") (param $ptr i32) (param $n i32) (param $lo f64) (param $hi f64)
    (local $end i32) (local $lov v128) (local $hiv v128) (local $p v128)
    (local $ok v128) (local $x v128) (local $d v128) (local $e v128) (local $q v128) (local $qd v128)
    (local $s v128) (local $qh v128) (local $ql v128) (local $dh v128) (local $dl v128) (local $c v128)
    (local $tiny v128) (local $y v128) (local $ex v128) (local $l v128)
    (local $f v128) (local $k v128) (local $t v128) (local $z v128) (local $w v128) (local $r v128) (local $hfsq v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $lov (f64x2.splat (local.get $lo)))
    (local.set $hiv (f64x2.splat (local.get $hi)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        ;; p < lo ? lo : p > hi ? hi : p (NaN stays), as pmax(p, lo) = p < lo ?
        ;; lo : p and pmin(v, hi) = hi < v ? hi : v, one instruction each
        (local.set $p (f64x2.pmin (f64x2.pmax (v128.load (local.get $ptr)) (local.get $lov)) (local.get $hiv)))
        (local.set $ok
          (v128.and
            (f64x2.gt (local.get $p) (v128.const f64x2 0 0))
            (f64x2.lt (local.get $p) (v128.const f64x2 1 1))))
        (local.set $x (v128.bitselect (local.get $p) (v128.const f64x2 0.5 0.5) (local.get $ok)))
        (local.set $d (f64x2.sub (v128.const f64x2 1 1) (local.get $x)))
        (local.set $e (f64x2.sub (f64x2.sub (v128.const f64x2 1 1) (local.get $d)) (local.get $x)))
        (local.set $q (f64x2.div (local.get $x) (local.get $d)))
        (local.set $qd (f64x2.mul (local.get $q) (local.get $d)))
        ;; Veltkamp's split of q and d into halves whose products are exact
        (local.set $s (f64x2.mul (v128.const f64x2 {{SPLIT}} {{SPLIT}}) (local.get $q)))
        (local.set $qh (f64x2.sub (local.get $s) (f64x2.sub (local.get $s) (local.get $q))))
        (local.set $ql (f64x2.sub (local.get $q) (local.get $qh)))
        (local.set $s (f64x2.mul (v128.const f64x2 {{SPLIT}} {{SPLIT}}) (local.get $d)))
        (local.set $dh (f64x2.sub (local.get $s) (f64x2.sub (local.get $s) (local.get $d))))
        (local.set $dl (f64x2.sub (local.get $d) (local.get $dh)))
        ;; c = (x − qd − (ql·dl − (qd − qh·dh − ql·dh − qh·dl))) / x − e / d
        (local.set $c
          (f64x2.sub
            (f64x2.div
              (f64x2.sub
                (f64x2.sub (local.get $x) (local.get $qd))
                (f64x2.sub
                  (f64x2.mul (local.get $ql) (local.get $dl))
                  (f64x2.sub
                    (f64x2.sub
                      (f64x2.sub (local.get $qd) (f64x2.mul (local.get $qh) (local.get $dh)))
                      (f64x2.mul (local.get $ql) (local.get $dh)))
                    (f64x2.mul (local.get $qh) (local.get $dl)))))
              (local.get $x))
            (f64x2.div (local.get $e) (local.get $d))))
        ;; y = q, or q · 2^54 where q is subnormal; y = 2^ex · m with m in [√½, √2):
        ;; ex is y's exponent, plus 1 where the high word's fraction is above
        ;; 0x6a09e (a lane mask of −1 subtracted), and m = y · 2^-ex exactly
        (local.set $tiny (f64x2.lt (local.get $q) (v128.const f64x2 {{MIN_NORMAL}} {{MIN_NORMAL}})))
        (local.set $y
          (v128.bitselect
            (f64x2.mul (local.get $q) (v128.const f64x2 {{TWO54}} {{TWO54}}))
            (local.get $q)
            (local.get $tiny)))
        ;; @use reduceBits
        ;; k = ex, less 54 where q was scaled (as doubles, from ex's low words)
        (local.set $k
          (f64x2.sub
            (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $ex) (local.get $ex)))
            (v128.and (local.get $tiny) (v128.const f64x2 54 54))))
        ;; @use logReduced
        (local.set $l)
        (v128.store (local.get $ptr)
          (v128.bitselect
            (local.get $l)
            (v128.bitselect
              (v128.const f64x2 -inf -inf)
              (v128.bitselect
                (v128.const f64x2 inf inf)
                (v128.const f64x2 nan nan)
                (f64x2.eq (local.get $p) (v128.const f64x2 1 1)))
              (f64x2.eq (local.get $p) (v128.const f64x2 0 0)))
            (local.get $ok)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
        (br $next))))

  ;; @module scaled

  ;; The first pass at a temperature T ≠ 1 (scaledRestSum of expSum.ts), for
  ;; softmax and logSoftmax: a module of its own, on the rest module's memory
  ;; and exp table, so that only their bundles carry it.

  ;; restRows at temperature T (T ≤ 2^995, so that Dekker's product of z and
  ;; T needs no scaling), with the same records: each row's maximum, then its
  ;; rest as finishRest leaves it, its terms in place of its elements.
  (func (export "scaledRows") (param $ptr i32) (param $rows i32) (param $n i32) (param $rec i32) (param $temperature f64)
    ;; @use rowLocals
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        ;; @use rowRecord
        (if (local.get $finite)
          (then
            (call $scaledPart (local.get $ptr) (local.get $n) (local.get $rec) (local.get $temperature))
            (call $finishRest (local.get $rec))))
        (local.set $ptr (local.get $end))
        (local.set $rec (i32.add (local.get $rec) (i32.const 64)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; scaledRestSum's loop over the n doubles from byte ptr on, with the record
  ;; at byte rec as restPart's (the maximum's index among these n, or any
  ;; other value, and m; the lanes' sums and tiny carried from call to call:
  ;; a long row goes chunk by chunk), a pair at a time (lane 0 the even
  ;; positions, lane 1 the odd ones, and the last of an odd n with m in lane 1,
  ;; skipped, as restPart): z = (x − m) / T and t = scaledShiftError where
  ;; z > TINY_FLOOR, else 0: (((d − p) − (the error of p = z · T, Dekker's
  ;; product with Veltkamp's split)) + (the error of d = x − m, TwoSum)) / T;
  ;; the term e^z + e^z · t in place of x (1 at the maximum, whose term is
  ;; skipped); the lanes' sums hi and lo and the subnormal terms' scaled sum
  ;; tiny into the record, as restPart. scaledShift's quarters, where
  ;; x − m < −2^1020, are not needed: there z < −2^25 for any T ≤ 2^995
  ;; (or −∞ where x − m overflows), whose term is 0 and t 0 either way.
  (func $scaledPart (export "scaledPart") (param $ptr i32) (param $n i32) (param $rec i32) (param $ts f64)
    (local $end i32) (local $ms f64) (local $last i32) (local $m v128) (local $T v128) (local $Th v128) (local $Tl v128)
    (local $idx v128) (local $top v128) (local $zero v128) (local $hi v128) (local $lo v128) (local $tiny f64) (local $skip v128)
    (local $x v128) (local $d v128) (local $pp v128) (local $c v128) (local $zh v128) (local $zl v128)
    (local $bv v128) (local $t v128) (local $term v128) (local $small v128) (local $few v128) (local $w v128)
    (local $add v128) (local $s v128) (local $normalLo v128) (local $dZ v128) (local $eZ v128)
    ;; @use expConstantLocals
    ;; @use expLocals Z
    ;; @use expConstants
    (local.set $normalLo (v128.const f64x2 {{EXP_NORMAL_LO}} {{EXP_NORMAL_LO}}))
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $ms (f64.load offset=8 (local.get $rec)))
    (local.set $hi (v128.load offset=16 (local.get $rec)))
    (local.set $lo (v128.load offset=32 (local.get $rec)))
    (local.set $tiny (f64.load offset=48 (local.get $rec)))
    (local.set $m (f64x2.splat (local.get $ms)))
    (local.set $T (f64x2.splat (local.get $ts)))
    (local.set $c (f64x2.mul (v128.const f64x2 {{SPLIT}} {{SPLIT}}) (local.get $T)))
    (local.set $Th (f64x2.sub (local.get $c) (f64x2.sub (local.get $c) (local.get $T))))
    (local.set $Tl (f64x2.sub (local.get $T) (local.get $Th)))
    (local.set $top (i64x2.splat (i64.trunc_sat_f64_s (f64.load (local.get $rec)))))
    (local.set $idx (v128.const i64x2 0 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        ;; @use pairLoad
        (local.set $d (f64x2.sub (local.get $x) (local.get $m)))
        ;; z = d / T, in $dZ, the exponent pairExp and pairSum read
        (local.set $dZ (f64x2.div (local.get $d) (local.get $T)))
        ;; p = z · T and its error: zl · Tl − (((p − zh · Th) − zl · Th) − zh · Tl)
        (local.set $pp (f64x2.mul (local.get $dZ) (local.get $T)))
        (local.set $c (f64x2.mul (v128.const f64x2 {{SPLIT}} {{SPLIT}}) (local.get $dZ)))
        (local.set $zh (f64x2.sub (local.get $c) (f64x2.sub (local.get $c) (local.get $dZ))))
        (local.set $zl (f64x2.sub (local.get $dZ) (local.get $zh)))
        ;; t = ((d − p) − that error + twoSumError(x, −m, d)) / T, 0 where z ≤ TINY_FLOOR
        (local.set $bv (f64x2.sub (local.get $d) (local.get $x)))
        (local.set $t
          (f64x2.div
            (f64x2.add
              (f64x2.sub
                (f64x2.sub (local.get $d) (local.get $pp))
                (f64x2.sub
                  (f64x2.mul (local.get $zl) (local.get $Tl))
                  (f64x2.sub
                    (f64x2.sub
                      (f64x2.sub (local.get $pp) (f64x2.mul (local.get $zh) (local.get $Th)))
                      (f64x2.mul (local.get $zl) (local.get $Th)))
                    (f64x2.mul (local.get $zh) (local.get $Tl)))))
              (f64x2.add
                (f64x2.sub (local.get $x) (f64x2.sub (local.get $d) (local.get $bv)))
                (f64x2.sub (f64x2.neg (local.get $m)) (local.get $bv))))
            (local.get $T)))
        (local.set $t (v128.and (local.get $t) (f64x2.gt (local.get $dZ) (v128.const f64x2 {{TINY_FLOOR}} {{TINY_FLOOR}}))))
        ;; e = e^z, and the term e + (e · t + tail) into the lanes' sums
        ;; @use pairExp Z
        (local.set $term (f64x2.add (local.get $eZ) (f64x2.add (f64x2.mul (local.get $eZ) (local.get $t)) (local.get $tailZ))))
        ;; @use pairSum Z
        (br $next)))
    (v128.store offset=16 (local.get $rec) (local.get $hi))
    (v128.store offset=32 (local.get $rec) (local.get $lo))
    (f64.store offset=48 (local.get $rec) (local.get $tiny)))
)
