# The action server (rasa-sdk and the actions package): `python -m actions` checks the
# runtime configuration and settings/insurer.yml, then starts rasa-sdk's server. It
# imports no Rasa-server code (serving/, channels/) and its lock has no rasa. Built
# from the repository root by docker/compose.yml; tests/deploy keeps it in step with
# the Makefile.

FROM python:3.10-slim-bookworm AS packages
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 RASA_TELEMETRY_ENABLED=false
WORKDIR /app
# The steps of `make install` with the action server's lock in place of dev.txt:
# rasa-sdk and what the actions need, no Rasa, no test or benchmark packages.
COPY requirements/pip.txt requirements/actions.txt requirements/
RUN python -m pip install --require-hashes -r requirements/pip.txt \
 && python -m pip install --require-hashes -r requirements/actions.txt

FROM packages
RUN useradd --system --create-home --uid 10001 myna
COPY actions/ actions/
COPY myna/ myna/
COPY settings/ settings/
# rasa-sdk listens on all addresses of the container (SANIC_HOST, default 0.0.0.0).
ENV MYNA_INTERFACE=0.0.0.0 ACTION_PORT=5055
USER myna
EXPOSE 5055
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${ACTION_PORT}/health', timeout=4)"
CMD ["python", "-m", "actions"]
