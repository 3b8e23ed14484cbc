"""Learner isolation on one machine, as The Littlest JupyterHub does it.

When the hub runs as root, each learner's JupyterLab runs as a system user of its own,
``jupyter-<name>``, created on first login, with a private home folder. The course server
(answer keys, reference solutions, the issuer's signing keys, the database) stays readable
only by root, so nothing a learner types in a terminal reaches it.
"""

import asyncio
import hashlib
import os
import pwd
import re
import stat
import subprocess
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Unicode

PREFIX = "jupyter-"
# useradd's limit on Linux; longer hub names are shortened and keep a hash to stay unique.
MAX_NAME = 32


def system_username(hub_name):
    """The system user for a hub user: `jupyter-` + a safe slug (+ a short hash if it changed)."""
    slug = re.sub(r"[^a-z0-9-]+", "-", hub_name.lower()).strip("-") or "user"
    name = PREFIX + slug
    if slug != hub_name or len(name) > MAX_NAME:
        digest = hashlib.sha256(hub_name.encode()).hexdigest()[:6]
        name = f"{PREFIX}{slug[: MAX_NAME - len(PREFIX) - 7]}-{digest}"
    return name


def unreachable_by_others(path):
    """The first folder on the way to `path` that other users cannot traverse, or None."""
    for folder in [*reversed(Path(path).resolve().parents), Path(path).resolve()]:
        if folder.is_dir() and not os.stat(folder).st_mode & stat.S_IXOTH:
            return folder
    return None


class IsolatedLocalSpawner(LocalProcessSpawner):
    """LocalProcessSpawner that creates `jupyter-<name>` on first start and runs the server as it."""

    home_dir_template = Unicode(
        "/home/{username}",
        config=True,
        help="Home folder of each learner ({username}: the hub user name); created 0700, owned by the learner.",
    )

    @property
    def system_user(self):
        return system_username(self.user.name)

    @property
    def home_dir(self):
        return self.home_dir_template.format(username=self.user.name)

    async def start(self):
        await asyncio.get_running_loop().run_in_executor(None, self._prepare_user)
        return await super().start()

    def _prepare_user(self):
        name = self.system_user
        try:
            account = pwd.getpwnam(name)
        except KeyError:
            self.log.info("Creating system user %s for learner %s", name, self.user.name)
            result = subprocess.run(
                ["useradd", "--home-dir", self.home_dir, "--no-create-home", "--shell", "/bin/bash", "--user-group",
                 "--comment", f"Voxel Academy learner {self.user.name}"[:200], name],
                capture_output=True, text=True, check=False,
            )
            try:
                account = pwd.getpwnam(name)  # also covers a concurrent first login creating it
            except KeyError:
                raise RuntimeError(f"could not create system user {name}: {result.stderr.strip()}") from None
        home = Path(self.home_dir)
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
        if home.stat().st_uid != account.pw_uid:
            # A home made by an earlier shared-user setup: hand it over to its learner.
            for folder, dirs, files in os.walk(home):
                for entry in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
                    os.lchown(entry, account.pw_uid, account.pw_gid)
        os.chmod(home, 0o700)

    def make_preexec_fn(self, name):
        become = set_user_setuid(self.system_user, chdir=False)
        home = self.home_dir

        def preexec():
            become()
            os.chdir(home)

        return preexec

    def user_env(self, env):
        env["USER"] = env["LOGNAME"] = self.system_user
        env["HOME"] = self.home_dir
        env["SHELL"] = "/bin/bash"
        return env
