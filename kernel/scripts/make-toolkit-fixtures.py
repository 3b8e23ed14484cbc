#!/usr/bin/env python3
"""Reference fixtures for kernel/src/toolkit, computed with numpy/scipy/scikit-image.

Re-run (from the repository root; needs Python >= 3.10 and network access to PyPI
the first time):

    python3 kernel/scripts/make-toolkit-fixtures.py

The script creates (or reuses) a virtualenv at /tmp/toolkit-fixtures-venv with the
pinned versions below, re-executes itself inside it and rewrites the JSON files in
kernel/fixtures/toolkit/. Inputs come from a fixed seed, so a re-run with the same
versions reproduces the files byte for byte. Commit the script and its outputs
together, then run `npx vitest run kernel/test/toolkit`.

Conventions (shared with the TypeScript side):
- Images follow itk-wasm: size/spacing/origin in (x, y[, z]) order, direction
  row-major, pixel buffer x-fastest. The numpy arrays here have shape (z, y, x)
  (or (y, x)), so their C-order bytes are exactly the itk-wasm buffer and every
  per-axis parameter is reversed when handed to scipy.
- Arrays are stored as {"dtype", "b64"}: base64 of the little-endian buffer.
"""
import base64
import json
import os
import subprocess
import sys
from pathlib import Path

VENV = Path('/tmp/toolkit-fixtures-venv')
PINS = ['numpy==2.4.6', 'scipy==1.17.1', 'scikit-image==0.26.0']
OUT = Path(__file__).resolve().parent.parent / 'fixtures' / 'toolkit'
SEED = 20261122


def ensure_venv() -> None:
    """Re-exec inside the pinned venv unless already there."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    python = VENV / 'bin' / 'python'
    if not python.exists():
        subprocess.run([sys.executable, '-m', 'venv', str(VENV)], check=True)
    subprocess.run([str(python), '-m', 'pip', 'install', '--quiet', *PINS], check=True)
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


ensure_venv()

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import skimage  # noqa: E402
from scipy import ndimage as ndi  # noqa: E402
from skimage.filters import threshold_otsu  # noqa: E402

COMPONENT = {np.dtype('float32'): 'float32', np.dtype('float64'): 'float64', np.dtype('int16'): 'int16',
             np.dtype('uint8'): 'uint8', np.dtype('uint16'): 'uint16', np.dtype('uint32'): 'uint32'}


def enc(arr: np.ndarray) -> dict:
    arr = np.ascontiguousarray(arr)
    return {'dtype': COMPONENT[arr.dtype], 'b64': base64.b64encode(arr.astype(arr.dtype.newbyteorder('<')).tobytes()).decode()}


def image(arr: np.ndarray, spacing, origin, direction) -> dict:
    return {'size': list(arr.shape[::-1]), 'spacing': list(spacing), 'origin': list(origin),
            'direction': [float(v) for v in np.asarray(direction).ravel()], 'data': enc(arr)}


def rotation_z(deg: float) -> np.ndarray:
    t = np.deg2rad(deg)
    return np.array([[np.cos(t), -np.sin(t), 0.0], [np.sin(t), np.cos(t), 0.0], [0.0, 0.0, 1.0]])


def blobs(shape_zyx, spacing_xyz, centres_mm, radii_mm, rng, amplitude=100.0, noise=12.0) -> np.ndarray:
    """Ellipsoids (in mm, so anisotropic spacing matters) plus Gaussian noise."""
    grids = np.meshgrid(*[np.arange(n) * s for n, s in zip(shape_zyx, spacing_xyz[::-1])], indexing='ij')
    out = np.full(shape_zyx, 20.0)
    for centre, radius in zip(centres_mm, radii_mm):
        d2 = sum(((g - c) / r) ** 2 for g, c, r in zip(grids, centre[::-1], radius[::-1]))
        out += amplitude * (d2 <= 1.0)
    return out + rng.normal(0.0, noise, size=shape_zyx)


def make_inputs(rng):
    sp3 = (0.8, 1.0, 2.5)
    vol = blobs((16, 20, 24), sp3, [(6.0, 6.0, 10.0), (13.0, 13.0, 22.0), (17.0, 4.0, 30.0), (4.0, 16.0, 32.0)],
                [(4.0, 4.0, 7.0), (5.0, 3.5, 9.0), (1.6, 1.6, 3.0), (1.2, 1.2, 2.5)], rng).astype(np.float32)
    sp2 = (0.5, 0.7)
    img = blobs((32, 40), sp2, [(6.0, 6.0), (13.0, 15.0), (17.0, 4.0)], [(3.0, 3.0), (4.0, 2.5), (1.0, 1.0)],
                rng, noise=15.0)
    rot2 = rotation_z(30.0)[:2, :2]
    images = {
        'vol3d': (vol, sp3, (-10.0, 5.0, 20.0), rotation_z(20.0)),
        'vol3dInt16': (np.round(vol * 10 - 500).astype(np.int16), sp3, (-10.0, 5.0, 20.0), rotation_z(20.0)),
        'img2d': (img.astype(np.float64), sp2, (3.0, -4.0), rot2),
        'img2dUint8': (np.clip(np.round(img + 20), 0, 255).astype(np.uint8), sp2, (3.0, -4.0), rot2),
        'tiny3d': (rng.normal(50, 20, size=(3, 4, 5)).astype(np.float32), (1.0, 0.5, 2.0), (0.0, 0.0, 0.0), np.eye(3)),
    }
    # Masks from thresholding the noisy data keep speckles and holes, which is what morphology is for.
    images['mask3d'] = ((vol > 48).astype(np.uint8), sp3, images['vol3d'][2], images['vol3d'][3])
    images['mask2d'] = ((img > 52).astype(np.uint8), sp2, images['img2d'][2], images['img2d'][3])
    return images


def ball(spacing_xyz, radius):
    """Same rule as morphology.ts: (dx·sx)² + ... <= r²(1 + 1e-9); returned in (z, y, x) order."""
    r2 = radius * radius * (1 + 1e-9)
    half = [int(np.floor(radius * (1 + 1e-9) / s)) for s in spacing_xyz]
    axes = [np.arange(-h, h + 1) * s for h, s in zip(half, spacing_xyz)]
    grids = np.meshgrid(*axes[::-1], indexing='ij')
    return sum(g * g for g in grids) <= r2


def offsets_xyz(fp: np.ndarray):
    centre = np.array(fp.shape) // 2
    return sorted([[int(v) for v in (idx - centre)[::-1]] for idx in np.argwhere(fp)])


def physical(origin, direction, spacing, index_xyz):
    return (np.asarray(origin) + np.asarray(direction) @ (np.asarray(spacing) * np.asarray(index_xyz))).tolist()


def gaussian_cases(images):
    cases = []
    for name, sigma in [('vol3d', 1.5), ('vol3d', [0.8, 2.0, 3.0]), ('vol3dInt16', 1.0), ('img2d', 1.0),
                        ('img2d', [0.3, 2.0]), ('tiny3d', 4.0)]:
        arr, spacing, _, _ = images[name]
        sig = np.broadcast_to(np.asarray(sigma, dtype=float), (arr.ndim,))
        sig_vox_zyx = (sig / np.asarray(spacing))[::-1]
        ref = ndi.gaussian_filter(arr.astype(np.float64), sigma=sig_vox_zyx, mode='reflect', truncate=4.0)
        cases.append({'image': name, 'sigmaMm': sigma, 'expected': enc(ref.astype(np.float32))})
    return {'mode': 'reflect', 'truncate': 4.0, 'cases': cases}


def otsu_cases(images):
    cases = []
    for name, bins in [('vol3d', 256), ('vol3d', 64), ('vol3dInt16', 256), ('img2d', 256), ('img2dUint8', 256), ('tiny3d', 16)]:
        arr = images[name][0]
        t = threshold_otsu(arr, nbins=bins)
        cases.append({'image': name, 'bins': bins, 'threshold': float(t), 'expectedMask': enc((arr > t).astype(np.uint8))})
    return {'cases': cases}


def histogram_cases(images):
    cases = []
    for name, bins, rng_ in [('vol3d', 50, None), ('vol3d', 40, (0.0, 120.0)), ('vol3dInt16', 30, None),
                             ('vol3d', 37, (0.1, 99.7)), ('img2d', 17, None), ('img2d', 23, (-20.3, 140.9)),
                             ('img2dUint8', 256, (0.0, 255.0))]:
        arr = images[name][0]
        counts, edges = np.histogram(arr, bins=bins, range=rng_)
        cases.append({'image': name, 'bins': bins, 'range': rng_, 'counts': counts.tolist(), 'edges': edges.astype(np.float64).tolist()})
    wl = []
    for name, window, level in [('vol3d', 80.0, 60.0), ('vol3dInt16', 400.0, 0.0), ('img2d', 150.0, 40.0)]:
        v = images[name][0].astype(np.float64)
        out = np.clip(np.floor((v - (level - window / 2)) * (255.0 / window) + 0.5), 0, 255).astype(np.uint8)
        wl.append({'image': name, 'window': window, 'level': level, 'expected': enc(out)})
    threshold = []
    for name, lo, hi in [('vol3d', 40.0, 90.0), ('vol3dInt16', -100.0, 600.0), ('img2d', 60.0, 1e9)]:
        v = images[name][0]
        threshold.append({'image': name, 'lower': lo, 'upper': hi, 'expected': enc(((v >= lo) & (v <= hi)).astype(np.uint8))})
    return {'histogram': cases, 'windowLevel': wl, 'binaryThreshold': threshold}


def morphology_cases(images):
    ops = {'erode': ndi.binary_erosion, 'dilate': ndi.binary_dilation, 'open': ndi.binary_opening, 'close': ndi.binary_closing}
    cases = []
    for name, radii in [('mask3d', [0.5, 1.0, 2.6]), ('mask2d', [0.7, 1.2])]:
        arr, spacing, _, _ = images[name]
        for r in radii:
            fp = ball(spacing, r)
            expected = {op: enc(fn(arr.astype(bool), structure=fp).astype(np.uint8)) for op, fn in ops.items()}
            cases.append({'image': name, 'radiusMm': r, 'offsets': offsets_xyz(fp), 'expected': expected})
    return {'borderValue': 0, 'cases': cases}


def component_cases(images):
    cases = []
    for name, conns in [('mask3d', [(6, 1), (18, 2), (26, 3)]), ('mask2d', [(4, 1), (8, 2)])]:
        arr = images[name][0]
        for conn, rank in conns:
            labels, count = ndi.label(arr, structure=ndi.generate_binary_structure(arr.ndim, rank))
            sizes = np.bincount(labels.ravel())
            sizes[0] = 0
            largest = (labels == int(np.argmax(sizes))).astype(np.uint8) if count else np.zeros_like(arr)
            cases.append({'image': name, 'connectivity': conn, 'count': int(count),
                          'labels': enc(labels.astype(np.uint32)), 'largest': enc(largest)})
    return {'cases': cases}


def statistics_cases(images):
    cases = []
    for mask_name, intensity_name in [('mask3d', 'vol3d'), ('mask2d', 'img2d')]:
        arr, spacing, origin, direction = images[mask_name]
        labels, _ = ndi.label(arr)
        values = images[intensity_name][0].astype(np.float64)
        rows = []
        for label in range(1, int(labels.max()) + 1):
            sel = labels == label
            idx_xyz = np.argwhere(sel)[:, ::-1]
            centroid_index = idx_xyz.mean(axis=0)
            count = int(sel.sum())
            v = values[sel]
            rows.append({'label': label, 'voxelCount': count, 'volumeMm3': count * float(np.prod(spacing)),
                         'boundingBox': {'min': idx_xyz.min(axis=0).tolist(), 'max': idx_xyz.max(axis=0).tolist()},
                         'centroidIndex': centroid_index.tolist(),
                         'centroid': physical(origin, direction, spacing, centroid_index),
                         'intensity': {'mean': float(v.mean()), 'std': float(v.std()), 'min': float(v.min()), 'max': float(v.max())}})
        cases.append({'labels': enc(labels.astype(np.uint32)), 'mask': mask_name, 'intensity': intensity_name, 'expected': rows})
    return {'cases': cases}


def main() -> None:
    rng = np.random.default_rng(SEED)
    images = make_inputs(rng)
    generator = {'script': 'kernel/scripts/make-toolkit-fixtures.py', 'seed': SEED, 'numpy': np.__version__,
                 'scipy': scipy.__version__, 'scikit-image': skimage.__version__}
    outputs = {
        'images.json': {'images': {k: image(*v) for k, v in images.items()}},
        'gaussian.json': gaussian_cases(images),
        'otsu.json': otsu_cases(images),
        'histogram.json': histogram_cases(images),
        'morphology.json': morphology_cases(images),
        'components.json': component_cases(images),
        'statistics.json': statistics_cases(images),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for file, payload in outputs.items():
        text = json.dumps({'generator': generator, **payload}, indent=1, sort_keys=True) + '\n'
        (OUT / file).write_text(text)
        size = len(text.encode())
        assert size < 300_000, f'{file} is {size} bytes; keep fixtures under 300 KB'
        print(f'{file}: {size / 1024:.1f} KB')


if __name__ == '__main__':
    main()
