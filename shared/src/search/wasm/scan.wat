;; Scan kernels for IVF search, 128-bit WebAssembly SIMD (workerd and Node 20 both run it).
;; Source of scan.wasm: rebuild with `npm run build:wasm` (wabt's wat2wasm, pinned in
;; package.json); tests/shared/search-wasm.test.ts checks that the rebuild is byte-identical.
;;
;; Every function scores `rows` consecutive rows of a row-major block against one query and
;; writes one f32 per row to `out`. Pointers are byte offsets into the exported memory; the
;; JavaScript side (kernel-wasm.ts) owns the layout. Sums are accumulated in f32 lanes, four
;; independent accumulators of four lanes each, so the order of additions differs from the
;; scalar JavaScript kernel in the last bits only; the search re-scores its winners exactly.
(module
  (memory (export "memory") 1)

  ;; Horizontal sum of (a0 + a1) + (a2 + a3).
  (func $hsum (param $a0 v128) (param $a1 v128) (param $a2 v128) (param $a3 v128) (result f32)
    (local $s v128)
    (local.set $s (f32x4.add (f32x4.add (local.get $a0) (local.get $a1))
                             (f32x4.add (local.get $a2) (local.get $a3))))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $s)) (f32x4.extract_lane 1 (local.get $s)))
      (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s)))))

  ;; out[r] = q · x[r] for f32 rows; dim must be a multiple of 4.
  (func (export "dot_f32")
    (param $q i32) (param $x i32) (param $rows i32) (param $dim i32) (param $out i32)
    (local $r i32) (local $j i32) (local $row i32) (local $stride i32) (local $end16 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s v128)
    (local.set $stride (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $end16 (i32.and (local.get $stride) (i32.const -64)))
    (local.set $row (local.get $x))
    (block $done
      (loop $each_row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        ;; 16 floats a step: four independent multiply-add chains.
        (block $end_wide
          (loop $wide
            (br_if $end_wide (i32.ge_u (local.get $j) (local.get $end16)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul
              (v128.load (i32.add (local.get $q) (local.get $j)))
              (v128.load (i32.add (local.get $row) (local.get $j))))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul
              (v128.load offset=16 (i32.add (local.get $q) (local.get $j)))
              (v128.load offset=16 (i32.add (local.get $row) (local.get $j))))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul
              (v128.load offset=32 (i32.add (local.get $q) (local.get $j)))
              (v128.load offset=32 (i32.add (local.get $row) (local.get $j))))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul
              (v128.load offset=48 (i32.add (local.get $q) (local.get $j)))
              (v128.load offset=48 (i32.add (local.get $row) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 64)))
            (br $wide)))
        ;; The remaining multiple of 4 floats.
        (block $end_narrow
          (loop $narrow
            (br_if $end_narrow (i32.ge_u (local.get $j) (local.get $stride)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul
              (v128.load (i32.add (local.get $q) (local.get $j)))
              (v128.load (i32.add (local.get $row) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $narrow)))
        ;; Horizontal sum (a0 + a1) + (a2 + a3), inline: a call per row cost a fifth of the scan.
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.tee $s (f32x4.add (f32x4.add (local.get $a0) (local.get $a1))
                                                                  (f32x4.add (local.get $a2) (local.get $a3)))))
                     (f32x4.extract_lane 1 (local.get $s)))
            (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s)))))
        (local.set $row (i32.add (local.get $row) (local.get $stride)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each_row))))

  ;; The row r maximising q · x[r] + bias[r] (first on ties; rows ≥ 1): returns r and stores
  ;; that score (f32) at `out`. Nearest-centroid assignment (bias −½‖c‖²) without a score per
  ;; row crossing into JavaScript.
  (func (export "argmax_f32")
    (param $q i32) (param $x i32) (param $rows i32) (param $dim i32) (param $bias i32) (param $out i32)
    (result i32)
    (local $best f32) (local $bestR i32) (local $score f32)
    (local $r i32) (local $j i32) (local $row i32) (local $stride i32) (local $end16 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s v128)
    (local.set $stride (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $end16 (i32.and (local.get $stride) (i32.const -64)))
    (local.set $row (local.get $x))
    (block $done
      (loop $each_row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        ;; 16 floats a step: four independent multiply-add chains.
        (block $end_wide
          (loop $wide
            (br_if $end_wide (i32.ge_u (local.get $j) (local.get $end16)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul
              (v128.load (i32.add (local.get $q) (local.get $j)))
              (v128.load (i32.add (local.get $row) (local.get $j))))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul
              (v128.load offset=16 (i32.add (local.get $q) (local.get $j)))
              (v128.load offset=16 (i32.add (local.get $row) (local.get $j))))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul
              (v128.load offset=32 (i32.add (local.get $q) (local.get $j)))
              (v128.load offset=32 (i32.add (local.get $row) (local.get $j))))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul
              (v128.load offset=48 (i32.add (local.get $q) (local.get $j)))
              (v128.load offset=48 (i32.add (local.get $row) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 64)))
            (br $wide)))
        ;; The remaining multiple of 4 floats.
        (block $end_narrow
          (loop $narrow
            (br_if $end_narrow (i32.ge_u (local.get $j) (local.get $stride)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul
              (v128.load (i32.add (local.get $q) (local.get $j)))
              (v128.load (i32.add (local.get $row) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $narrow)))
        ;; Horizontal sum (a0 + a1) + (a2 + a3), inline: a call per row cost a fifth of the scan.
        (local.set $score (f32.add
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.tee $s (f32x4.add (f32x4.add (local.get $a0) (local.get $a1))
                                                                  (f32x4.add (local.get $a2) (local.get $a3)))))
                     (f32x4.extract_lane 1 (local.get $s)))
            (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s))))
          (f32.load (i32.add (local.get $bias) (i32.shl (local.get $r) (i32.const 2))))))
        (if (i32.or (i32.eqz (local.get $r)) (f32.gt (local.get $score) (local.get $best)))
          (then
            (local.set $best (local.get $score))
            (local.set $bestR (local.get $r))))
        (local.set $row (i32.add (local.get $row) (local.get $stride)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each_row)))
    (f32.store (local.get $out) (local.get $best))
    (local.get $bestR))


  ;; out[r] = scale[r] · Σ_j q[j] · code[r][j] for int8 rows; dim must be a multiple of 16.
  ;; Each 16 codes are widened i8 → i16 → i32 → f32 and multiplied with 16 query floats.
  (func (export "dot_i8")
    (param $q i32) (param $x i32) (param $scales i32) (param $rows i32) (param $dim i32) (param $out i32)
    (local $r i32) (local $j i32) (local $row i32) (local $qp i32)
    (local $v v128) (local $lo v128) (local $hi v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $row (local.get $x))
    (block $done
      (loop $each_row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (local.set $qp (local.get $q))
        (block $end_codes
          (loop $codes
            (br_if $end_codes (i32.ge_u (local.get $j) (local.get $dim)))
            (local.set $v (v128.load (i32.add (local.get $row) (local.get $j))))
            (local.set $lo (i16x8.extend_low_i8x16_s (local.get $v)))
            (local.set $hi (i16x8.extend_high_i8x16_s (local.get $v)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul
              (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $lo)))
              (v128.load (local.get $qp)))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul
              (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $lo)))
              (v128.load offset=16 (local.get $qp)))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul
              (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $hi)))
              (v128.load offset=32 (local.get $qp)))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul
              (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $hi)))
              (v128.load offset=48 (local.get $qp)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (local.set $qp (i32.add (local.get $qp) (i32.const 64)))
            (br $codes)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (f32.mul
            (call $hsum (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3))
            (f32.load (i32.add (local.get $scales) (i32.shl (local.get $r) (i32.const 2))))))
        (local.set $row (i32.add (local.get $row) (local.get $dim)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each_row)))))
