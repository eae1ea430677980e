"""`python -m serving server|shell|actions`: check the configuration, then start Rasa.

Every check fails before a port opens, with one message saying what to fix. Log
redaction is installed first, so no line this process writes carries a personal
number.
"""

from __future__ import annotations

import os
import socket
import sys
import warnings
from typing import List

from myna.privacy import install_log_redaction
from serving import launch

USAGE = "usage: python -m serving server|shell|actions"


def _check_port_free(mode: str) -> None:
    var, port = launch.listening_port(mode, os.environ)
    with socket.socket() as probe:
        # As the servers bind: a port of a server that just stopped (TIME_WAIT) is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((launch.interface(os.environ), port))
        except OSError:
            raise launch.LaunchError(
                f"ポート {port} は使用中です。{var} で別のポート番号を指定してください / "
                f"port {port} is in use: set {var} to another port"
            ) from None


def _checked_args(mode: str) -> List[str]:
    from myna.profile import load_profile
    from serving.rate_limit import limits
    from serving.store_checks import check_database, check_redis
    from serving.store_settings import database_settings, redis_settings, wait_seconds

    load_profile()  # a bad insurer profile names the file and the field
    limits(os.environ)  # a bad rate limit too
    _check_port_free(mode)
    if mode == "actions":
        args = launch.action_server_args(os.environ)
        os.environ.update(launch.action_server_environment(os.environ))
        return args
    args = launch.rasa_server_args(os.environ) if mode == "server" else launch.rasa_shell_args(os.environ)
    os.environ.update(launch.server_environment(os.environ))
    database = database_settings(os.environ)
    redis = redis_settings(os.environ)
    seconds = wait_seconds(os.environ)
    check_database(database, seconds)
    if redis is not None:
        check_redis(redis, seconds)
    print(
        f"会話の保存先 / tracker store: {database.describe()}; "
        f"ロック / lock store: {redis.describe() if redis else 'in memory (one server process)'}",
        flush=True,
    )
    from serving import rasa_patches

    rasa_patches.install()
    return args


def main(argv: List[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("server", "shell", "actions"):
        print(USAGE, file=sys.stderr)
        return 2
    install_log_redaction()
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    if argv[0] == "shell":
        os.environ.update(launch.shell_environment())
        # Not a filter: the libraries add their own filters in front of any set here.
        warnings.showwarning = lambda *_args, **_kwargs: None
    from myna.profile import ProfileError
    from serving.launch import LaunchError
    from serving.rasa_patches import PatchError
    from serving.store_checks import StoreUnavailable
    from serving.store_settings import StoreSettingsError

    try:
        args = _checked_args(argv[0])
    except (ProfileError, LaunchError, PatchError, StoreSettingsError, StoreUnavailable) as error:
        print(f"起動できません / cannot start: {error}", file=sys.stderr)
        return 2
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
