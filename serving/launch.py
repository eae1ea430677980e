"""The command lines of the three processes, built from environment variables.

Pure: `make run`, the tests and the Docker images all start the servers through
`python -m serving`, so the flags live here only.
"""

from __future__ import annotations

from typing import List, Mapping

DEFAULT_MODEL = "models/myna.tar.gz"
DEFAULT_REQUEST_MAX_BYTES = 256 * 1024  # docker/nginx uses the same limit


class LaunchError(ValueError):
    pass


def _port(env: Mapping[str, str], var: str, default: int) -> str:
    value = env.get(var) or str(default)
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise LaunchError(f"{var} はポート番号 (1-65535) にしてください / {var} must be a port number: {value!r}")
    return value


def line_configured(env: Mapping[str, str]) -> bool:
    return bool(env.get("LINE_CHANNEL_SECRET") and env.get("LINE_CHANNEL_ACCESS_TOKEN"))


def credentials_file(env: Mapping[str, str]) -> str:
    if env.get("MYNA_CREDENTIALS"):
        return env["MYNA_CREDENTIALS"]
    return "credentials.yml" if line_configured(env) else "credentials.local.yml"


def action_endpoint_url(env: Mapping[str, str]) -> str:
    return env.get("ACTION_ENDPOINT_URL") or f"http://localhost:{_port(env, 'ACTION_PORT', 5055)}/webhook"


def cors_origins(env: Mapping[str, str]) -> List[str]:
    origins = (env.get("MYNA_CORS_ORIGINS") or "").replace(",", " ").split()
    for origin in origins:
        if origin == "*" or not origin.startswith(("https://", "http://")):
            raise LaunchError(
                "MYNA_CORS_ORIGINS には https://example.jp のようなオリジンを並べてください (* は不可) / "
                f"MYNA_CORS_ORIGINS takes explicit origins, not {origin!r}"
            )
    return origins


def _api_flags(env: Mapping[str, str]) -> List[str]:
    """Rasa's HTTP API (trackers, model, ...) only with a token; off otherwise."""
    token = env.get("RASA_API_TOKEN")
    if not token:
        return []
    if len(token) < 16:
        raise LaunchError("RASA_API_TOKEN は16文字以上にしてください / RASA_API_TOKEN must be at least 16 characters")
    return ["--enable-api", "--auth-token", token]


def interface(env: Mapping[str, str]) -> str:
    """The listening address of both servers: loopback unless told (0.0.0.0 in a container)."""
    return env.get("MYNA_INTERFACE") or "127.0.0.1"


def rasa_server_args(env: Mapping[str, str]) -> List[str]:
    origins = cors_origins(env)
    return [
        "run",
        "--model", env.get("MYNA_MODEL") or DEFAULT_MODEL,
        "--endpoints", env.get("MYNA_ENDPOINTS") or "endpoints.yml",
        "--credentials", credentials_file(env),
        "--interface", interface(env),
        "--port", _port(env, "RASA_PORT", 5005),
        *(["--cors", *origins] if origins else []),
        *_api_flags(env),
    ]


def rasa_shell_args(env: Mapping[str, str]) -> List[str]:
    """The shell runs a Rasa server too: on the same interface as `make run` (Rasa's
    default is 0.0.0.0), and quiet (staff read the conversation, not Rasa's log)."""
    return [
        "shell",
        "--model", env.get("MYNA_MODEL") or DEFAULT_MODEL,
        "--endpoints", env.get("MYNA_ENDPOINTS") or "endpoints.yml",
        "--interface", interface(env),
        "--port", _port(env, "RASA_PORT", 5005),
        "--quiet",
    ]


def listening_port(mode: str, env: Mapping[str, str]) -> "tuple[str, int]":
    """The variable naming the port `mode` listens on, and the port."""
    var, default = ("ACTION_PORT", 5055) if mode == "actions" else ("RASA_PORT", 5005)
    return var, int(_port(env, var, default))


def shell_environment() -> dict:
    """Third-party notices (TensorFlow's start-up lines, SQLAlchemy's 2.0 warning) are
    not for staff at the shell; Python warnings are not shown by the process itself."""
    return {"TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


def action_server_args(env: Mapping[str, str]) -> List[str]:
    """rasa-sdk's own command line (`rasa run actions` passes the same flags on to it)."""
    return ["--actions", "actions", "--port", _port(env, "ACTION_PORT", 5055)]


def action_server_environment(env: Mapping[str, str]) -> dict:
    """rasa-sdk has no --interface option and listens on 0.0.0.0 unless SANIC_HOST says."""
    return {"RASA_TELEMETRY_ENABLED": "false", "SANIC_HOST": interface(env)}


def server_environment(env: Mapping[str, str]) -> dict:
    """Variables Rasa and Sanic read themselves."""
    return {
        "RASA_TELEMETRY_ENABLED": "false",
        "ACTION_ENDPOINT_URL": action_endpoint_url(env),
        # Sanic answers a larger body with 413 before Rasa reads it.
        "SANIC_REQUEST_MAX_SIZE": env.get("SANIC_REQUEST_MAX_SIZE") or str(DEFAULT_REQUEST_MAX_BYTES),
    }
