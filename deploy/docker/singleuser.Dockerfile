# Learners' JupyterLab, started per user by DockerSpawner (image voxel-academy/singleuser:latest).
# Build context: the repository root. Run `npm run setup` first: it builds the labextension
# wheel into dist/voxel_academy-*.whl, which this image installs.
ARG BASE_IMAGE=quay.io/jupyter/base-notebook:python-3.11
FROM ${BASE_IMAGE}
# jupyterhub-singleuser must match the hub that spawns it: ours (deploy/requirements.txt) for
# docker-compose; the chart's JupyterHub for Zero to JupyterHub (README "Deploying":
# --build-arg JUPYTERHUB_VERSION=5.5.0 for chart 4.4.0).
ARG JUPYTERHUB_VERSION=6.1.1

# JupyterLab pinned to the hub's version (deploy/requirements.txt).
COPY --chown=${NB_UID}:${NB_GID} dist/voxel_academy-*.whl /tmp/wheels/
RUN pip install --no-cache-dir --disable-pip-version-check \
        jupyterlab==4.6.4 "jupyterhub==${JUPYTERHUB_VERSION}" /tmp/wheels/voxel_academy-*.whl \
 && rm -rf /tmp/wheels \
 && fix-permissions "${CONDA_DIR}" "/home/${NB_USER}"

# Course-wide JupyterLab settings (no news announcement prompt); /etc/jupyter is on the
# default Jupyter config path.
COPY deploy/jupyter/labconfig/page_config.json /etc/jupyter/labconfig/page_config.json
# JupyterLab served cross-origin isolated (COOP + COEP), so the in-browser kernel's worker can
# hand fast cells' replies over in shared memory (labextension/src/kernel/shared-reply.ts).
COPY deploy/jupyter/jupyter_server_config.json /etc/jupyter/jupyter_server_config.json
