"""The command lines of the Rasa server and the shell, and the variables Rasa and
Sanic read themselves, built from the runtime configuration (myna/config.py).

Pure: `make run`, the tests and the Docker image all start the Rasa server through
`python -m serving`, so the flags live here only.
"""

from __future__ import annotations

from myna.config import RuntimeConfig


def _api_flags(config: RuntimeConfig) -> list[str]:
    """Rasa's HTTP API (trackers, model, ...) only with a token; off otherwise."""
    return ["--enable-api", "--auth-token", config.api_token] if config.api_token else []


def rasa_server_args(config: RuntimeConfig) -> list[str]:
    return [
        "run",
        "--model",
        config.model,
        "--endpoints",
        config.endpoints,
        "--credentials",
        config.credentials,
        "--interface",
        config.interface,
        "--port",
        str(config.rasa_port),
        *(["--cors", *config.cors_origins] if config.cors_origins else []),
        *_api_flags(config),
    ]


def rasa_shell_args(config: RuntimeConfig) -> list[str]:
    """The shell runs a Rasa server too: on the same interface as `make run` (Rasa's
    default is 0.0.0.0), and quiet (staff read the conversation, not Rasa's log)."""
    return [
        "shell",
        "--model",
        config.model,
        "--endpoints",
        config.endpoints,
        "--interface",
        config.interface,
        "--port",
        str(config.rasa_port),
        "--quiet",
    ]


def shell_environment() -> dict[str, str]:
    """Third-party notices (TensorFlow's start-up lines, SQLAlchemy's 2.0 warning) are
    not for staff at the shell; Python warnings are not shown by the process itself."""
    return {"TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


def server_environment(config: RuntimeConfig) -> dict[str, str]:
    """Variables Rasa and Sanic read themselves."""
    return {
        "RASA_TELEMETRY_ENABLED": "false",
        "ACTION_ENDPOINT_URL": config.action_endpoint_url,  # endpoints.yml: ${ACTION_ENDPOINT_URL}
        # Sanic answers a larger body with 413 before Rasa reads it.
        "SANIC_REQUEST_MAX_SIZE": str(config.request_max_bytes),
    }
