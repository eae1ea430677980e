"""`python -m staff.shell` (what `make shell` runs): `python -m serving shell`, with the
staff's explanations under each answer when MYNA_SHELL_EXPLAIN=1 (staff/shell_explain.py).
Kept out of `serving`, which the Docker images run without the staff tools."""

import os
import sys

from myna.config import ConfigError, load_config
from serving.__main__ import main
from staff.shell_explain import ExplainUnsupported, install_if_requested

if __name__ == "__main__":
    try:
        config = load_config(os.environ)
        install_if_requested(config.shell_explain)
    except (ConfigError, ExplainUnsupported) as error:
        print(f"起動できません / cannot start: {error}", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(["shell"], config))
