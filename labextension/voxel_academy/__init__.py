"""Voxel Academy's JupyterLab extension, shipped prebuilt (no Node.js needed to install it)."""

__version__ = "0.1.0"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "@voxel-academy/labextension"}]
