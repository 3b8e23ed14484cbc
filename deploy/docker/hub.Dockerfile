# JupyterHub + configurable-http-proxy + DockerSpawner for the docker-compose deployment.
# Build context: the repository root (see docker-compose.yml).
FROM python:3.11-slim

# configurable-http-proxy is a Node program; the distribution's nodejs is enough for it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && npm install -g --no-audit --no-fund configurable-http-proxy@5 \
 && npm cache clean --force \
 && rm -rf /var/lib/apt/lists/*

# Same pinned JupyterHub as the laptop setup, plus the spawner for learners' containers.
COPY deploy/requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir --disable-pip-version-check -r /tmp/requirements.txt dockerspawner==14.0.0 \
 && rm /tmp/requirements.txt

COPY deploy/jupyterhub_config.py /srv/voxel/jupyterhub_config.py
COPY deploy/docker/jupyterhub_docker.py /srv/voxel/jupyterhub_docker.py

ENV VOXEL_ROOT=/srv/voxel \
    VOXEL_DATA_DIR=/srv/voxel/data \
    VOXEL_HUB_EXTRA_CONFIG=/srv/voxel/jupyterhub_docker.py
WORKDIR /srv/voxel
EXPOSE 8000
# Runs as root: it talks to the Docker daemon through the mounted socket.
CMD ["jupyterhub", "-f", "/srv/voxel/jupyterhub_config.py"]
