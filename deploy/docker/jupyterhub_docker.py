"""Extra hub configuration for docker-compose (loaded through VOXEL_HUB_EXTRA_CONFIG).

deploy/jupyterhub_config.py runs first (ports, state, the academy service, authentication);
this file swaps the local-process spawner for DockerSpawner. It is read with `load_subconfig`,
so its `c` starts empty: values from the main file can be replaced here, not read.
"""

import os
import sys

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)


def env(name, default=None):
    value = os.environ.get(name, "")
    return value if value != "" else default


# --- one container per learner, on the compose network ------------------------------------
work = "/home/jovyan/work"
c.JupyterHub.spawner_class = "docker"
c.DockerSpawner.image = env("VOXEL_SINGLEUSER_IMAGE", "voxel-academy/singleuser:latest")
c.DockerSpawner.pull_policy = "never"  # built locally: `docker compose --profile build-only build`
c.DockerSpawner.network_name = env("VOXEL_DOCKER_NETWORK", "voxel")
c.DockerSpawner.use_internal_ip = True  # the hub reaches containers by their network address
c.DockerSpawner.remove = True  # containers are disposable; the learner's work is in the volume
c.DockerSpawner.volumes = {"voxel-user-{username}": work}
c.DockerSpawner.notebook_dir = work
# Containers reach the hub at VOXEL_HUB_CONNECT_URL (http://hub:8081), set by the main file.

# The image's own jupyterhub-singleuser; it runs as jovyan, so no --allow-root (which the main
# file adds because the hub runs as root). Keep these flags in step with the main file.
c.Spawner.cmd = ["jupyterhub-singleuser"]
c.Spawner.args = [
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
]
# The main file points JUPYTER_CONFIG_PATH at the checkout's deploy/jupyter; the image carries
# that configuration in /etc/jupyter instead (singleuser.Dockerfile).
c.Spawner.environment = {}

# --- authentication -----------------------------------------------------------------------
# DummyAuthenticator (from the main file) lets any user name in; VOXEL_DEV_PASSWORD makes
# everyone share that one password. Fine for a workshop on a closed network, not beyond.
if env("VOXEL_DEV_PASSWORD"):
    c.DummyAuthenticator.password = env("VOXEL_DEV_PASSWORD")
else:
    print("[voxel] WARNING: no VOXEL_DEV_PASSWORD; anyone can log in as anyone", file=sys.stderr)
# For real accounts, add the package to hub.Dockerfile's pip install and replace it here:
#   OAuth / OpenID Connect (GitHub, GitLab, Google, Keycloak...), `pip install oauthenticator`:
#     c.JupyterHub.authenticator_class = "oauthenticator.github.GitHubOAuthenticator"
#     c.GitHubOAuthenticator.oauth_callback_url = "https://HOST/hub/oauth_callback"
#     c.GitHubOAuthenticator.client_id = env("GITHUB_CLIENT_ID")  # and client_secret
#     c.Authenticator.allow_all = False; c.GitHubOAuthenticator.allowed_organizations = {"org"}
#   Local sign-up with admin approval, `pip install jupyterhub-nativeauthenticator`:
#     c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"
#   VOXEL_ADMINS (comma-separated user names) still names the hub admins.
