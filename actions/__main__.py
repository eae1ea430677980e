"""`python -m actions`: the action server (rasa-sdk), after one check of the runtime
configuration (myna/config.py) and the insurer profile.

Every check fails before the port opens, with one message saying what to fix. Log
redaction is installed first, so no line this process writes carries a personal
number. The server is rasa-sdk's own, with the options `rasa run actions` gives it;
this process imports no Rasa-server code.
"""

from __future__ import annotations

import os
import sys

from myna.config import ConfigError, ConfigProblem, check_port_free, install, load_config
from myna.privacy import install_log_redaction
from myna.profile import ProfileError, load_profile

USAGE = "usage: python -m actions"


def sdk_args(port: int) -> list[str]:
    return ["--actions", "actions", "--port", str(port)]


def main(argv: list[str]) -> int:
    if argv:
        print(USAGE, file=sys.stderr)
        return 2
    install_log_redaction()
    try:
        config = install(load_config(os.environ))
        load_profile()  # a bad profile names the file and the field
        check_port_free(config.interface, config.action_port, "ACTION_PORT")
    except (ConfigError, ConfigProblem, ProfileError) as error:
        print(f"起動できません / cannot start: {error}", file=sys.stderr)
        return 2
    # rasa-sdk has no --interface option and listens on SANIC_HOST (default 0.0.0.0).
    os.environ["SANIC_HOST"] = config.interface
    # Imported after the checks: its import prints sanic_cors' deprecation warning,
    # which would bury a failed start's one line.
    from rasa_sdk.__main__ import main_from_args
    from rasa_sdk.endpoint import create_argument_parser

    main_from_args(create_argument_parser().parse_args(sdk_args(config.action_port)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
