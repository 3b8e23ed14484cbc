"""JupyterHub configuration for Voxel Academy.

Everything is driven by environment variables so the same file serves `npm start` on a laptop,
the end-to-end tests (free ports, temporary data directory) and the docker-compose deployment.
`scripts/hub.mjs` sets the variables below; README "Configuration" documents them.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)


def env(name, default=None):
    value = os.environ.get(name, "")
    return value if value != "" else default


def names(name):
    return sorted({n.strip() for n in env(name, "").split(",") if n.strip()})


root = Path(env("VOXEL_ROOT", Path(__file__).resolve().parent.parent))
data_dir = Path(env("VOXEL_DATA_DIR", root / ".data")).resolve()
venv = Path(env("VOXEL_VENV", root / ".venv"))
service_name = env("VOXEL_SERVICE_NAME", "academy")
content_dir = Path(env("ACADEMY_CONTENT_DIR", root))
# As root, learners get system users of their own (below); otherwise they share ours.
isolate = os.geteuid() == 0
if isolate:
    # Everything the hub writes (its database, secrets, pid files) is for root only.
    os.umask(0o077)
data_dir.mkdir(parents=True, exist_ok=True)
(data_dir / "users").mkdir(exist_ok=True)

# --- network: public proxy port; hub and proxy API on loopback ------------------------------
c.JupyterHub.bind_url = f"http://{env('VOXEL_BIND_IP', '127.0.0.1')}:{env('VOXEL_PORT', '8000')}/"
c.JupyterHub.hub_bind_url = f"http://{env('VOXEL_HUB_IP', '127.0.0.1')}:{env('VOXEL_HUB_PORT', '8081')}"
if env("VOXEL_HUB_CONNECT_URL"):
    c.JupyterHub.hub_connect_url = env("VOXEL_HUB_CONNECT_URL")
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('VOXEL_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [env("VOXEL_PROXY_COMMAND", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(data_dir / "proxy.pid")

# --- state: everything the hub writes lives in the data directory ----------------------------
c.JupyterHub.db_url = f"sqlite:///{data_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(data_dir / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(data_dir / "jupyterhub.pid")

# --- who may log in: a development authenticator unless told otherwise ----------------------
# Any user name logs in (password optional, VOXEL_DEV_PASSWORD). For a real deployment put
# another authenticator in the file named by VOXEL_HUB_EXTRA_CONFIG (README "Authentication").
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
if env("VOXEL_DEV_PASSWORD"):
    c.DummyAuthenticator.password = env("VOXEL_DEV_PASSWORD")
c.Authenticator.admin_users = set(names("VOXEL_ADMINS"))

# --- learners' JupyterLab servers ----------------------------------------------------------
c.Spawner.cmd = [str(venv / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
c.Spawner.args = [
    # Offline by design: JupyterLab must not ask the internet for news or updates.
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
]
# deploy/jupyter holds the course-wide Jupyter config (e.g. no news announcement prompt).
c.Spawner.environment = {"JUPYTER_CONFIG_PATH": str(root / "deploy" / "jupyter")}

if isolate:
    # As The Littlest JupyterHub does: each learner's server runs as `jupyter-<name>`, created on
    # first login, with a private home. The course server's content, keys and database stay
    # root's: nothing a learner runs in a terminal can read them (e2e/isolation.e2e.test.ts).
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from voxel_spawner import IsolatedLocalSpawner, unreachable_by_others  # noqa: E402

    # The venv's script, the Python it runs (a venv links to its base interpreter) and the config.
    for needed in (venv / "bin" / "jupyterhub-singleuser", (venv / "bin" / "python").resolve(), root / "deploy" / "jupyter"):
        blocked = unreachable_by_others(needed)
        if blocked is not None:
            sys.exit(
                f"Voxel Academy: learners' servers run as their own system users, who must reach {needed},\n"
                f"but {blocked} is closed to other users (mode {oct(os.stat(blocked).st_mode & 0o777)}).\n"
                f"Put the checkout (and the Python its venv was made from: `npm run setup` picks one learners can\n"
                f"run) somewhere learners can traverse, e.g. /opt/voxel-academy, or let them traverse it without\n"
                f"listing it: chmod o+x {blocked}"
            )
    c.JupyterHub.spawner_class = IsolatedLocalSpawner
    c.IsolatedLocalSpawner.home_dir_template = str(data_dir / "users" / "{username}")
    # Learners may pass through the data folder to their homes but list nothing in it; the
    # course server's folder and the hub's files inside stay root's alone.
    for folder in (data_dir, data_dir / "users"):
        os.chmod(folder, 0o711)
    for private in (data_dir / "academy", content_dir / "assessments"):
        if private.is_dir():
            os.chmod(private, 0o700)
    for entry in data_dir.iterdir():
        if entry.is_file():
            os.chmod(entry, 0o600)
else:
    c.JupyterHub.spawner_class = "simple"
    c.LocalProcessSpawner.home_dir_template = str(data_dir / "users" / "{username}")
    print(
        "Voxel Academy: JupyterHub is not running as root, so every learner's JupyterLab runs as\n"
        f"this same user ({os.environ.get('USER', os.geteuid())}), like the course server: a learner's terminal can read the answer\n"
        "keys, reference solutions and signing keys. Fine for trying it out alone; for a course, start\n"
        "it as root (each learner then gets a system user of their own) or use the docker-compose setup.",
        file=sys.stderr,
    )

# --- the course server, a hub-managed service ---------------------------------------------
academy = {
    "name": service_name,
    "display": True,
    "oauth_no_confirm": True,
    "info": {"description": "Voxel Academy course server"},
    "oauth_client_allowed_scopes": ["read:users:groups!user"],
}
external_url = env("VOXEL_ACADEMY_URL")
if external_url:
    # Runs elsewhere (its own container); the hub only proxies and does OAuth for it.
    academy["url"] = external_url
    academy["api_token"] = env("VOXEL_ACADEMY_API_TOKEN")
    academy["oauth_redirect_uri"] = f"/services/{service_name}/oauth_callback"
else:
    academy["url"] = f"http://127.0.0.1:{env('VOXEL_ACADEMY_PORT', '8765')}"
    academy["command"] = [env("VOXEL_NODE", "node"), str(root / "server" / "dist" / "main.js")]
    # Services get a minimal environment; pass on ours explicitly.
    academy["environment"] = {
        key: value for key, value in os.environ.items() if key.startswith("ACADEMY_") or key in ("PATH", "DATABASE_URL")
    }
    academy["environment"].setdefault("ACADEMY_DATA_DIR", str(data_dir / "academy"))
    # Certificates and their QR codes point at the hub's public address.
    academy["environment"].setdefault("ACADEMY_PUBLIC_URL", f"http://localhost:{env('VOXEL_PORT', '8000')}")
c.JupyterHub.services = [academy]

# Every user may use the course service; members of `instructors` get the instructor role there.
c.JupyterHub.load_roles = [
    {"name": "user", "scopes": ["self", f"access:services!service={service_name}"]},
]
c.JupyterHub.load_groups = {
    env("ACADEMY_INSTRUCTOR_GROUP", "instructors"): {"users": names("VOXEL_INSTRUCTORS")},
}

extra = env("VOXEL_HUB_EXTRA_CONFIG")
if extra:
    load_subconfig(extra)  # noqa: F821
