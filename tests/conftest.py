import os

from tests.profiles import FIXTURE

# Every test reads the fixture profile unless it names another: a change of the
# production file (settings/insurer.yml) is not a change of the tests.
os.environ.setdefault("MYNA_SETTINGS_FILE", str(FIXTURE))
