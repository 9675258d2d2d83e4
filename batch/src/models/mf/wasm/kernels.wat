;; iALS kernels in WebAssembly SIMD (f32x4): the Gramian YᵀY of a block of rows and one
;; warm-started conjugate-gradient row solve (the `cg` solver of ../solve-js.ts, in float32).
;; Built into kernels-wasm.ts by `npm run build:mf-wasm` (batch/scripts/build-mf-wasm.ts).
;; Memory is imported and shared: every worker thread instantiates this module over the same
;; memory, which holds the factor matrices and CSR arrays (arena.ts lays them out).
;; All vectors have `dim` floats, dim a multiple of 4, 16-byte aligned.
(module
  (import "env" "memory" (memory 1 65536 shared))
  ;; Per-instance state of the current half-sweep (set by $configure).
  (global $dim (mut i32) (i32.const 0))
  (global $rowBytes (mut i32) (i32.const 0))
  (global $gram (mut i32) (i32.const 0))
  (global $indices (mut i32) (i32.const 0))
  (global $conf (mut i32) (i32.const 0))
  (global $fixed (mut i32) (i32.const 0))
  (global $solved (mut i32) (i32.const 0))
  (global $scratch (mut i32) (i32.const 0))

  (func (export "configure") (param $dim i32) (param $gram i32) (param $indices i32) (param $conf i32)
    (param $fixed i32) (param $solved i32) (param $scratch i32)
    (global.set $dim (local.get $dim))
    (global.set $rowBytes (i32.shl (local.get $dim) (i32.const 2)))
    (global.set $gram (local.get $gram))
    (global.set $indices (local.get $indices))
    (global.set $conf (local.get $conf))
    (global.set $fixed (local.get $fixed))
    (global.set $solved (local.get $solved))
    (global.set $scratch (local.get $scratch)))

  ;; Σ a[i]·b[i] over one vector (two accumulators for instruction-level parallelism).
  (func $dot (param $a i32) (param $b i32) (result f32)
    (local $end i32) (local $acc0 v128) (local $acc1 v128)
    (local.set $end (i32.add (local.get $a) (global.get $rowBytes)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $acc0 (f32x4.add (local.get $acc0)
          (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $acc1 (f32x4.add (local.get $acc1)
          (f32x4.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br $l)))
    (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $acc1)))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc0)) (f32x4.extract_lane 3 (local.get $acc0)))))

  ;; out[i] += s·x[i] for i in [0, n) floats.
  (func $axpyN (param $out i32) (param $x i32) (param $s f32) (param $n i32)
    (local $end i32) (local $sv v128)
    (local.set $sv (f32x4.splat (local.get $s)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out) (f32x4.add (v128.load (local.get $out))
          (f32x4.mul (local.get $sv) (v128.load (local.get $x)))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $l))))

  ;; out = G·v + reg·v, G the configured dim×dim matrix (symmetric, row-major). Register-blocked:
  ;; 16 outputs live in four accumulators while b runs over all of v, so each G load feeds one
  ;; multiply-add and `out` is written once (the load/store per multiply-add of a plain loop was
  ;; the cost). dim is a multiple of 8: a last block of 8 outputs takes two accumulators.
  (func $gemv (param $v i32) (param $out i32) (param $reg f32)
    (local $a i32) (local $b i32) (local $g i32) (local $rb i32) (local $s v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $regv v128)
    (local.set $rb (global.get $rowBytes))
    (local.set $regv (f32x4.splat (local.get $reg)))
    (local.set $a (i32.const 0))
    (block $doneA (loop $la
      (br_if $doneA (i32.gt_u (i32.add (local.get $a) (i32.const 64)) (local.get $rb)))
      (local.set $acc0 (f32x4.mul (local.get $regv) (v128.load (i32.add (local.get $v) (local.get $a)))))
      (local.set $acc1 (f32x4.mul (local.get $regv) (v128.load offset=16 (i32.add (local.get $v) (local.get $a)))))
      (local.set $acc2 (f32x4.mul (local.get $regv) (v128.load offset=32 (i32.add (local.get $v) (local.get $a)))))
      (local.set $acc3 (f32x4.mul (local.get $regv) (v128.load offset=48 (i32.add (local.get $v) (local.get $a)))))
      (local.set $g (i32.add (global.get $gram) (local.get $a)))
      (local.set $b (i32.const 0))
      (block $doneB (loop $lb
        (br_if $doneB (i32.ge_u (local.get $b) (local.get $rb)))
        (local.set $s (v128.load32_splat (i32.add (local.get $v) (local.get $b))))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load (local.get $g)))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $g)))))
        (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $g)))))
        (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $g)))))
        (local.set $g (i32.add (local.get $g) (local.get $rb)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $lb)))
      (v128.store (i32.add (local.get $out) (local.get $a)) (local.get $acc0))
      (v128.store offset=16 (i32.add (local.get $out) (local.get $a)) (local.get $acc1))
      (v128.store offset=32 (i32.add (local.get $out) (local.get $a)) (local.get $acc2))
      (v128.store offset=48 (i32.add (local.get $out) (local.get $a)) (local.get $acc3))
      (local.set $a (i32.add (local.get $a) (i32.const 64)))
      (br $la)))
    (if (i32.lt_u (local.get $a) (local.get $rb)) (then
      (local.set $acc0 (f32x4.mul (local.get $regv) (v128.load (i32.add (local.get $v) (local.get $a)))))
      (local.set $acc1 (f32x4.mul (local.get $regv) (v128.load offset=16 (i32.add (local.get $v) (local.get $a)))))
      (local.set $g (i32.add (global.get $gram) (local.get $a)))
      (local.set $b (i32.const 0))
      (block $doneT (loop $lt
        (br_if $doneT (i32.ge_u (local.get $b) (local.get $rb)))
        (local.set $s (v128.load32_splat (i32.add (local.get $v) (local.get $b))))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load (local.get $g)))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $g)))))
        (local.set $g (i32.add (local.get $g) (local.get $rb)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $lt)))
      (v128.store (i32.add (local.get $out) (local.get $a)) (local.get $acc0))
      (v128.store offset=16 (i32.add (local.get $out) (local.get $a)) (local.get $acc1)))))

  ;; out += Σ_{q∈[start,end)} c_q·(shift + sign·(y_q·v))·y_q, one fused pass per observed entry
  ;; (dot then axpy, inlined; dim a multiple of 8). With shift 0, sign 1 this is the observed part
  ;; of A·v; with shift 1, sign −1 and v = x it adds b − (Σ c·y·yᵀ)·x, the observed part of the
  ;; initial residual, without a second pass over the rows.
  (func $sparse (param $v i32) (param $out i32) (param $start i32) (param $end i32)
    (param $shift f32) (param $sign f32)
    (local $q i32) (local $y i32) (local $k i32) (local $rb i32) (local $acc0 v128) (local $acc1 v128)
    (local $sv v128) (local $s f32)
    (local.set $rb (global.get $rowBytes))
    (local.set $q (local.get $start))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
      (local.set $y (i32.add (global.get $fixed)
        (i32.mul (i32.load (i32.add (global.get $indices) (i32.shl (local.get $q) (i32.const 2)))) (local.get $rb))))
      (local.set $acc0 (v128.const i32x4 0 0 0 0))
      (local.set $acc1 (v128.const i32x4 0 0 0 0))
      (local.set $k (i32.const 0))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $k) (local.get $rb)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul
          (v128.load (i32.add (local.get $y) (local.get $k))) (v128.load (i32.add (local.get $v) (local.get $k))))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul
          (v128.load offset=16 (i32.add (local.get $y) (local.get $k))) (v128.load offset=16 (i32.add (local.get $v) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (i32.const 32)))
        (br $l1)))
      (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $acc1)))
      (local.set $s (f32.mul
        (f32.load (i32.add (global.get $conf) (i32.shl (local.get $q) (i32.const 2))))
        (f32.add (local.get $shift) (f32.mul (local.get $sign)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0)))
            (f32.add (f32x4.extract_lane 2 (local.get $acc0)) (f32x4.extract_lane 3 (local.get $acc0))))))))
      (local.set $sv (f32x4.splat (local.get $s)))
      (local.set $k (i32.const 0))
      (block $d2 (loop $l2
        (br_if $d2 (i32.ge_u (local.get $k) (local.get $rb)))
        (v128.store (i32.add (local.get $out) (local.get $k)) (f32x4.add
          (v128.load (i32.add (local.get $out) (local.get $k)))
          (f32x4.mul (local.get $sv) (v128.load (i32.add (local.get $y) (local.get $k))))))
        (v128.store offset=16 (i32.add (local.get $out) (local.get $k)) (f32x4.add
          (v128.load offset=16 (i32.add (local.get $out) (local.get $k)))
          (f32x4.mul (local.get $sv) (v128.load offset=16 (i32.add (local.get $y) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (i32.const 32)))
        (br $l2)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $l))))

  ;; Warm-started CG on row `row` (observed entries [start, end), regulariser reg), `steps` steps;
  ;; x is read from and written to the solved matrix.
  (func (export "cgRow") (param $row i32) (param $start i32) (param $end i32) (param $reg f32) (param $steps i32)
    (local $x i32) (local $r i32) (local $p i32) (local $ap i32) (local $i i32)
    (local $rs f32) (local $rsNew f32) (local $pap f32) (local $alpha f32) (local $beta f32) (local $step i32)
    (local.set $x (i32.add (global.get $solved) (i32.mul (local.get $row) (global.get $rowBytes))))
    (local.set $r (global.get $scratch))
    (local.set $p (i32.add (local.get $r) (global.get $rowBytes)))
    (local.set $ap (i32.add (local.get $p) (global.get $rowBytes)))
    ;; r = b − A·x = −(G + reg)·x + Σ c·(1 − y·x)·y
    (call $gemv (local.get $x) (local.get $ap) (local.get $reg))
    (local.set $i (i32.const 0))
    (block $d0 (loop $l0
      (br_if $d0 (i32.ge_u (local.get $i) (global.get $rowBytes)))
      (v128.store (i32.add (local.get $r) (local.get $i)) (f32x4.neg (v128.load (i32.add (local.get $ap) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l0)))
    (call $sparse (local.get $x) (local.get $r) (local.get $start) (local.get $end) (f32.const 1) (f32.const -1))
    (memory.copy (local.get $p) (local.get $r) (global.get $rowBytes))
    (local.set $rs (call $dot (local.get $r) (local.get $r)))
    (block $stop (loop $cg
      (br_if $stop (i32.ge_s (local.get $step) (local.get $steps)))
      (br_if $stop (i32.eqz (f32.gt (local.get $rs) (f32.const 1e-20))))
      (call $gemv (local.get $p) (local.get $ap) (local.get $reg))
      (call $sparse (local.get $p) (local.get $ap) (local.get $start) (local.get $end) (f32.const 0) (f32.const 1))
      (local.set $pap (call $dot (local.get $p) (local.get $ap)))
      (br_if $stop (i32.eqz (f32.gt (local.get $pap) (f32.const 0))))
      (local.set $alpha (f32.div (local.get $rs) (local.get $pap)))
      (call $axpyN (local.get $x) (local.get $p) (local.get $alpha) (global.get $dim))
      (call $axpyN (local.get $r) (local.get $ap) (f32.neg (local.get $alpha)) (global.get $dim))
      (local.set $rsNew (call $dot (local.get $r) (local.get $r)))
      (local.set $beta (f32.div (local.get $rsNew) (local.get $rs)))
      ;; p = r + beta·p
      (local.set $i (i32.const 0))
      (block $d2 (loop $l2
        (br_if $d2 (i32.ge_u (local.get $i) (global.get $rowBytes)))
        (v128.store (i32.add (local.get $p) (local.get $i))
          (f32x4.add (v128.load (i32.add (local.get $r) (local.get $i)))
            (f32x4.mul (f32x4.splat (local.get $beta)) (v128.load (i32.add (local.get $p) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l2)))
      (local.set $rs (local.get $rsNew))
      (local.set $step (i32.add (local.get $step) (i32.const 1)))
      (br $cg))))

  ;; g (dim×dim, row-major f32) += Σ_rows y·yᵀ over `rows` rows at `y`; only the blocks on or
  ;; right of the diagonal (b ≥ a rounded down to 4) are summed: the caller mirrors the upper
  ;; triangle. Four rows per pass over g, so each load/store of g serves four multiply-adds.
  (func (export "gramian") (param $y i32) (param $rows i32) (param $g i32)
    (local $end4 i32) (local $end i32) (local $a i32) (local $col i32) (local $rb i32) (local $gp i32)
    (local $gEnd i32) (local $k i32) (local $ya i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $rb (global.get $rowBytes))
    (local.set $end (i32.add (local.get $y) (i32.mul (local.get $rows) (local.get $rb))))
    (local.set $end4 (i32.add (local.get $y) (i32.mul (i32.and (local.get $rows) (i32.const -4)) (local.get $rb))))
    (block $done4 (loop $l4
      (br_if $done4 (i32.ge_u (local.get $y) (local.get $end4)))
      (local.set $a (i32.const 0))
      (block $da (loop $la
        (br_if $da (i32.ge_u (local.get $a) (global.get $dim)))
        (local.set $ya (i32.add (local.get $y) (i32.shl (local.get $a) (i32.const 2))))
        (local.set $s0 (v128.load32_splat (local.get $ya)))
        (local.set $s1 (v128.load32_splat (i32.add (local.get $ya) (local.get $rb))))
        (local.set $s2 (v128.load32_splat (i32.add (local.get $ya) (i32.shl (local.get $rb) (i32.const 1)))))
        (local.set $s3 (v128.load32_splat (i32.add (local.get $ya) (i32.mul (local.get $rb) (i32.const 3)))))
        ;; col = a rounded down to a multiple of 4, as a byte offset
        (local.set $col (i32.shl (i32.and (local.get $a) (i32.const -4)) (i32.const 2)))
        (local.set $gp (i32.add (i32.add (local.get $g) (i32.mul (local.get $a) (local.get $rb))) (local.get $col)))
        (local.set $gEnd (i32.add (i32.add (local.get $g) (i32.mul (local.get $a) (local.get $rb))) (local.get $rb)))
        (local.set $k (i32.add (local.get $y) (local.get $col)))
        (block $dk (loop $lk
          (br_if $dk (i32.ge_u (local.get $gp) (local.get $gEnd)))
          (v128.store (local.get $gp) (f32x4.add (v128.load (local.get $gp)) (f32x4.add
            (f32x4.add (f32x4.mul (local.get $s0) (v128.load (local.get $k)))
              (f32x4.mul (local.get $s1) (v128.load (i32.add (local.get $k) (local.get $rb)))))
            (f32x4.add (f32x4.mul (local.get $s2) (v128.load (i32.add (local.get $k) (i32.shl (local.get $rb) (i32.const 1)))))
              (f32x4.mul (local.get $s3) (v128.load (i32.add (local.get $k) (i32.mul (local.get $rb) (i32.const 3)))))))))
          (local.set $gp (i32.add (local.get $gp) (i32.const 16)))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br $lk)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $la)))
      (local.set $y (i32.add (local.get $y) (i32.shl (local.get $rb) (i32.const 2))))
      (br $l4)))
    ;; the last rows % 4 rows, one at a time
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
      (local.set $a (i32.const 0))
      (block $da1 (loop $la1
        (br_if $da1 (i32.ge_u (local.get $a) (global.get $dim)))
        (local.set $col (i32.shl (i32.and (local.get $a) (i32.const -4)) (i32.const 2)))
        (call $axpyN
          (i32.add (i32.add (local.get $g) (i32.mul (local.get $a) (local.get $rb))) (local.get $col))
          (i32.add (local.get $y) (local.get $col))
          (f32.load (i32.add (local.get $y) (i32.shl (local.get $a) (i32.const 2))))
          (i32.sub (global.get $dim) (i32.and (local.get $a) (i32.const -4))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $la1)))
      (local.set $y (i32.add (local.get $y) (local.get $rb)))
      (br $l)))
  )
)
