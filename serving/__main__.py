"""`python -m serving server|shell`: check the configuration, then start Rasa.

The environment is read once, into the runtime configuration (myna/config.py), which
is installed for the stores and channels Rasa builds. Every check fails before a port
opens, with one message saying what to fix; each store is checked once
(serving/store_checks.py). Log redaction is installed first, so no line this process
writes carries a personal number. The action server has its own entry point,
`python -m actions`.
"""

from __future__ import annotations

import os
import sys
import warnings

from myna.config import ConfigError, ConfigProblem, RuntimeConfig, check_port_free, install, load_config
from myna.privacy import install_log_redaction
from myna.profile import ProfileError, load_profile
from serving import launch
from serving.store_checks import StoreUnavailable, check_stores

USAGE = "usage: python -m serving server|shell"


def _checked_args(mode: str, config: RuntimeConfig) -> list[str]:
    from serving import rasa_patches  # imports Rasa: after the shell's environment

    load_profile()  # a bad insurer profile names the file and the field
    check_port_free(config.interface, config.rasa_port, "RASA_PORT")
    args = launch.rasa_server_args(config) if mode == "server" else launch.rasa_shell_args(config)
    os.environ.update(launch.server_environment(config))
    check_stores(config)
    print(
        f"会話の保存先 / tracker store: {config.database.describe()}; "
        f"ロック / lock store: {config.redis.describe() if config.redis else 'in memory (one server process)'}",
        flush=True,
    )
    rasa_patches.install()
    return args


def main(argv: list[str], config: RuntimeConfig | None = None) -> int:
    """`config`: already loaded by a caller that needed it first (staff/shell.py)."""
    if len(argv) != 1 or argv[0] not in ("server", "shell"):
        print(USAGE, file=sys.stderr)
        return 2
    install_log_redaction()
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    if argv[0] == "shell":
        os.environ.update(launch.shell_environment())
        # Not a filter: the libraries add their own filters in front of any set here.
        warnings.showwarning = lambda *_args, **_kwargs: None
    from serving.rasa_patches import PatchError

    try:
        args = _checked_args(argv[0], install(config or load_config(os.environ)))
    except (ConfigError, ConfigProblem, ProfileError, PatchError, StoreUnavailable) as error:
        print(f"起動できません / cannot start: {error}", file=sys.stderr)
        return 2
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
