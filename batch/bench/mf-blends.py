"""Other model families on the bench:mf MovieLens splits, alone and blended with iALS.

  npx tsx batch/bench/mf-blends-export.ts --out var/mf-blends   # splits + iALS factors (our code)
  /usr/bin/python3 batch/bench/mf-blends.py var/mf-blends [--test]

Question answered: does any model family, alone or as a score blend with iALS, raise warm nDCG@10
on the validation splits of TRAIN (seeds 7, 8, 9) clearly enough to be worth serving? A blend is
iALS/std + w * other/std (std over the whole score matrix), w in {0.25, 0.5, 1}; w is chosen by the
mean over the three validation splits. With --test, each family's best configuration (by that
mean) is scored once on the protocol's TEST with its chosen w; test is never used to choose.

Metric as batch/src/eval/metrics.ts: nDCG@10 with the ideal DCG over min(|relevant|, 10), train
items removed, users with a train and a held-out item. numpy only (OpenBLAS); dense matrices are
fine at 610 users x 9,724 items.
"""
import json
import sys
import time

import numpy as np

DISC = 1 / np.log2(np.arange(2, 12))
WEIGHTS = (0.25, 0.5, 1.0)
VAL = ('val7', 'val8', 'val9')


def load(folder, name, shape):
    nu, ni, dim = shape['users'], shape['items'], shape['dim']
    tr = np.fromfile(f'{folder}/{name}-train.i32', dtype='<i4').reshape(-1, 2)
    ev = np.fromfile(f'{folder}/{name}-eval.i32', dtype='<i4').reshape(-1, 2)
    x = np.zeros((nu, ni), np.float64)
    x[tr[:, 0], tr[:, 1]] = 1
    e = np.zeros((nu, ni), bool)
    e[ev[:, 0], ev[:, 1]] = True
    u = np.fromfile(f'{folder}/{name}-U.f32', dtype='<f4').reshape(nu, dim)
    v = np.fromfile(f'{folder}/{name}-V.f32', dtype='<f4').reshape(ni, dim)
    ts = np.fromfile(f'{folder}/{name}-train-ts.f64', dtype='<f8').reshape(-1, 3)
    return x, e, (u @ v.T).astype(np.float64), ts


def ndcg(scores, x, e, k=10):
    users = np.where((e.sum(1) > 0) & (x.sum(1) > 0))[0]
    s = np.where(x[users] > 0, -np.inf, scores[users])
    rel = e[users]
    top = np.argpartition(-s, k, axis=1)[:, :k]
    top = np.take_along_axis(top, np.argsort(-np.take_along_axis(s, top, 1), axis=1, kind='stable'), 1)
    dcg = (np.take_along_axis(rel, top, 1) * DISC).sum(1)
    idcg = np.cumsum(DISC)[np.minimum(rel.sum(1), k) - 1]
    return float((dcg / idcg).mean())


def item_item(x, gram_diag, lam):
    """EASE-style closed form over the items with train data: B = I - P diag(1/diag P), P = (G + Λ)^-1."""
    cols = np.where(x.sum(0) > 0)[0]
    xs = x[:, cols]
    g = xs.T @ xs
    g[np.diag_indices_from(g)] += gram_diag * np.diag(g) + lam
    p = np.linalg.inv(g)
    b = -p / np.diag(p)
    np.fill_diagonal(b, 0)
    return cols, b


def spread(x, cols, part):
    """Scores over all items; items without train data score below every other item."""
    full = np.full(x.shape, part.min() - 1.0)
    full[:, cols] = part
    return full


def rsvd(b, r, rng, power=3):
    """Rank-r SVD of b (randomised): b ≈ P Qᵀ with P = U S, Q = V."""
    y = b @ rng.standard_normal((b.shape[1], r + 20))
    for _ in range(power):
        y, _ = np.linalg.qr(y)
        y = b @ (b.T @ y)
    q, _ = np.linalg.qr(y)
    ub, s, vt = np.linalg.svd(q.T @ b, full_matrices=False)
    return (q @ ub)[:, :r] * s[:r], vt[:r].T


def ease_family(x, ts):
    for lam in (100, 300, 1000):
        cols, b = item_item(x, 0.0, lam)
        yield f'EASE λ {lam}', spread(x, cols, x[:, cols] @ b)


def edlae_family(x, ts):
    for p in (0.25, 0.5, 0.67):
        cols, b = item_item(x, p / (1 - p), 10)
        yield f'EDLAE (full rank) p {p}, λ 10', spread(x, cols, x[:, cols] @ b)


def low_rank_ease_family(x, ts):
    """User vector x_u P, item vector Q: servable as one dot product (P = B V_r or U_r S_r)."""
    cols, b = item_item(x, 0.0, 300)
    xb = x[:, cols] @ b
    vt = np.linalg.svd(xb, full_matrices=False)[2]
    rng = np.random.default_rng(0)
    for r in (64, 128, 256):
        p, q = rsvd(b, r, rng)
        yield f'low-rank EASE λ 300, truncated SVD of B, r {r}', spread(x, cols, x[:, cols] @ p @ q.T)
        yield f'low-rank EASE λ 300, top-{r} right singular space of XB', spread(x, cols, xb @ vt[:r].T @ vt[:r])


def pure_svd_family(x, ts):
    n = np.maximum(x.sum(0), 1)
    for beta, r, lam in ((0.25, 32, 50), (0.25, 128, 50), (0.5, 128, 50)):
        xn = x * n**-beta
        _, s, vt = np.linalg.svd(xn, full_matrices=False)
        shrink = s[:r] ** 2 / (s[:r] ** 2 + lam)
        yield f'PureSVD (columns n_i^-{beta}), r {r}, shrink λ {lam}', (xn @ vt[:r].T * shrink) @ vt[:r] * n**beta


def rp3_family(x, ts):
    for alpha, beta in ((1, 0.5), (0.8, 0.5), (1, 0.3)):
        pui = (x / np.maximum(x.sum(1, keepdims=True), 1)) ** alpha
        piu = (x / np.maximum(x.sum(0, keepdims=True), 1)).T ** alpha
        w = (piu @ pui) / np.maximum(x.sum(0), 1)[None, :] ** beta
        np.fill_diagonal(w, 0)
        yield f'RP3β α {alpha}, β {beta}', x @ w


def user_knn_family(x, ts):
    n = np.sqrt(np.maximum(x.sum(1), 1))
    for k, power in ((100, 2), (200, 2)):
        sim = (x @ x.T) / n[:, None] / n[None, :]
        np.fill_diagonal(sim, 0)
        np.put_along_axis(sim, np.argpartition(-sim, k, axis=1)[:, k:], 0, axis=1)
        yield f'user-kNN cosine, k {k}, sim^{power}', sim**power @ x


FAMILIES = {
    'EASE': ease_family,
    'EDLAE': edlae_family,
    'low-rank EASE': low_rank_ease_family,
    'PureSVD': pure_svd_family,
    'RP3β': rp3_family,
    'user-kNN': user_knn_family,
}


def time_mask(x, ts, ials):
    """iALS, minus 100 for items first rated (in train) after the user's last train rating."""
    u, i, t = ts[:, 0].astype(int), ts[:, 1].astype(int), ts[:, 2]
    last = np.full(x.shape[0], -np.inf)
    np.maximum.at(last, u, t)
    first = np.full(x.shape[1], np.inf)
    np.minimum.at(first, i, t)
    return ials - 100.0 * (first[None, :] > last[:, None])


def measure(split, data, results):
    x, e, ials, ts = data
    sa = ials.std()
    results.setdefault('iALS (defaults)', {})[split] = (ndcg(ials, x, e), {})
    results.setdefault('iALS, time mask', {})[split] = (ndcg(time_mask(x, ts, ials), x, e), {})
    for family, make in FAMILIES.items():
        for name, s in make(x, ts):
            blends = {w: ndcg(ials / sa + w * s / s.std(), x, e) for w in WEIGHTS}
            results.setdefault(name, {'family': family})[split] = (ndcg(s, x, e), blends)
            print(f'{split} {name}: alone {ndcg(s, x, e):.4f}, blends {blends}', file=sys.stderr, flush=True)


def summarise(results):
    """Per configuration: alone and best-w blend on each validation split, and their means."""
    rows = []
    for name, r in results.items():
        alone = [r[s][0] for s in VAL]
        blends = r[VAL[0]][1]
        w = max(blends, key=lambda w: np.mean([r[s][1][w] for s in VAL])) if blends else None
        blend = [r[s][1][w] for s in VAL] if w is not None else None
        rows.append({'name': name, 'family': r.get('family'), 'alone': alone, 'w': w, 'blend': blend})
    return rows


def main():
    folder = sys.argv[1]
    shape = json.load(open(f'{folder}/shape.json'))
    started = time.time()
    results = {}
    for split in VAL:
        measure(split, load(folder, split, shape), results)
    rows = summarise(results)
    tests = {}
    if '--test' in sys.argv:
        x, e, ials, ts = load(folder, 'test', shape)
        tests['iALS (defaults)'] = ndcg(ials, x, e)
        tests['iALS, time mask'] = ndcg(time_mask(x, ts, ials), x, e)
        for family, make in FAMILIES.items():
            best = max((r for r in rows if r['family'] == family), key=lambda r: np.mean(r['blend']))
            for name, s in make(x, ts):
                if name == best['name']:  # generators compute lazily: stop at the chosen one
                    tests[name] = ndcg(ials / ials.std() + best['w'] * s / s.std(), x, e)
                    break
    print('| model | alone val 7 / 8 / 9 (mean) | blend w | blend val 7 / 8 / 9 (mean) | test (blend at w, else alone) |')
    print('|---|---|---|---|---|')
    fmt = lambda v: f'{v[0]:.4f} / {v[1]:.4f} / {v[2]:.4f} ({np.mean(v):.4f})'  # noqa: E731
    for r in rows:
        blend = '–' if r['blend'] is None else fmt(r['blend'])
        test = f"{tests[r['name']]:.4f}" if r['name'] in tests else '–'
        print(f"| {r['name']} | {fmt(r['alone'])} | {r['w'] or '–'} | {blend} | {test} |")
    print(f'{time.time() - started:.0f} s', file=sys.stderr)


if __name__ == '__main__':
    main()
