# The Rasa server: the pinned packages (Japanese tokenizer and dictionaries included)
# and a model trained during the build, so one image always answers the same way.
# Built from the repository root by docker/compose.yml. tests/deploy keeps these steps
# in step with the Makefile (the images cannot be built on the development machine).

FROM python:3.10-slim-bookworm AS packages
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 RASA_TELEMETRY_ENABLED=false
WORKDIR /app
# The steps of `make install`, with the same pip; identical in actions.Dockerfile so
# the two images share these layers. requirements-line.txt says why --no-deps.
COPY requirements.txt requirements-line.txt ./
RUN python -m pip install --upgrade pip==24.2 \
 && python -m pip install -r requirements.txt \
 && python -m pip install --no-deps -r requirements-line.txt

# `make train`'s inputs and command.
FROM packages AS train
COPY config.yml domain.yml ./
COPY data/ data/
COPY components/ components/
COPY myna/ myna/
COPY privacy/ privacy/
# The NLU reads dates with the pure date rules (actions/date_roles.py).
COPY actions/ actions/
RUN rasa train --fixed-model-name myna --out models

FROM packages
RUN useradd --system --create-home --uid 10001 myna
COPY actions/ actions/
COPY channels/ channels/
COPY components/ components/
COPY myna/ myna/
COPY privacy/ privacy/
COPY serving/ serving/
COPY settings/ settings/
COPY widget/ widget/
COPY endpoints.yml credentials.yml credentials.local.yml ./
COPY --from=train /app/models/myna.tar.gz models/myna.tar.gz
ENV MYNA_INTERFACE=0.0.0.0 RASA_PORT=5005
USER myna
EXPOSE 5005
# Loading the model takes a while: failures count only after the start period.
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${RASA_PORT}/', timeout=4)"
CMD ["python", "-m", "serving", "server"]
