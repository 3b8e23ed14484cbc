"""The anchor of the image-grading bench: Dice, Hausdorff and HD95 the way MONAI and DeepMind's
surface-distance compute them with scipy — crop to the masks' bounding box, surfaces by
erosion, scipy.ndimage.distance_transform_edt (exact, anisotropic) of each surface's
complement, read at the other surface. Same definitions as server/src/imaging/metrics.ts
(6-connected surface, pooled nearest-rank 95th percentile), so the figures must agree.

Usage: scipy_surface.py [--whole] <answer.u8> <reference.u8> nx ny nz sx sy sz runs
Prints one JSON line: per-run times in ms and the metrics.
"""
import json
import sys
import time

import numpy as np
from scipy import ndimage

CROP = True  # False: the whole image, the textbook form (the bench passes --whole)
CROSS = ndimage.generate_binary_structure(3, 1)


def metrics(a, r, spacing):
    inter = np.count_nonzero(a & r)
    dice = 2.0 * inter / (np.count_nonzero(a) + np.count_nonzero(r))
    both = a | r
    idx = np.nonzero(both)
    lo = [max(0, int(i.min()) - 1) for i in idx]
    hi = [min(both.shape[k], int(idx[k].max()) + 2) for k in range(3)]
    box = tuple(slice(lo[k], hi[k]) for k in range(3))
    if CROP:
        a, r = a[box], r[box]
    border_a = a & ~ndimage.binary_erosion(a, structure=CROSS, border_value=0)
    border_r = r & ~ndimage.binary_erosion(r, structure=CROSS, border_value=0)
    to_r = ndimage.distance_transform_edt(~border_r, sampling=spacing)
    to_a = ndimage.distance_transform_edt(~border_a, sampling=spacing)
    pooled = np.sort(np.concatenate([to_r[border_a], to_a[border_r]]))
    rank = max(1, int(np.ceil(0.95 * pooled.size)))
    return {"dice": dice, "hausdorffMm": float(pooled[-1]), "hd95Mm": float(pooled[rank - 1])}


def main():
    global CROP
    if "--whole" in sys.argv:
        sys.argv.remove("--whole")
        CROP = False
    a_path, r_path = sys.argv[1], sys.argv[2]
    nx, ny, nz = (int(v) for v in sys.argv[3:6])
    # NIfTI order is x fastest; numpy's C order is last-index fastest: index as [z, y, x].
    sx, sy, sz = (float(v) for v in sys.argv[6:9])
    runs = int(sys.argv[9])
    a = np.fromfile(a_path, dtype=np.uint8).reshape(nz, ny, nx) != 0
    r = np.fromfile(r_path, dtype=np.uint8).reshape(nz, ny, nx) != 0
    spacing = (sz, sy, sx)
    result = metrics(a, r, spacing)  # warm-up: imports and page faults are not what is compared
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = metrics(a, r, spacing)
        times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"timesMs": times, **result}))


if __name__ == "__main__":
    main()
