"""Runs docker/nginx/default.conf.template on Debian's nginx, as the nginx image
would: the template rendered with the variables compose gives it, included in an
http{} block. Everything nginx writes stays in a temporary folder."""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.servers import ROOT

TEMPLATE = ROOT / "docker" / "nginx" / "default.conf.template"
_VARIABLE = re.compile(r"\$\{(\w+)\}|\$(\w+)")


def nginx_binary() -> str:
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if binary is None:
        # `make test` installs it (scripts/install-system-packages): absence is a failure.
        pytest.fail("nginx is missing: run `make system-packages` (Debian package nginx)")
    return binary


def template_variables() -> set[str]:
    return set(re.findall(r"\$\{(\w+)\}", TEMPLATE.read_text()))


def render(values: dict[str, str]) -> str:
    """envsubst restricted to the given names, as the image's entrypoint restricts it
    to defined variables: nginx's own $host, $remote_addr... stay."""
    return _VARIABLE.sub(lambda m: values.get(m.group(1) or m.group(2), m.group(0)), TEMPLATE.read_text())


def write_config(folder: Path, values: dict[str, str]) -> Path:
    (folder / "conf.d").mkdir()
    (folder / "conf.d" / "default.conf").write_text(render(values))
    temp_paths = "".join(
        f"    {kind}_temp_path {folder / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Test wrapper only: nginx runs as the test's own user (root here, so say so).
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = folder / "nginx.conf"
    config.write_text(
        f"{user}worker_processes 1;\n"
        f"pid {folder / 'nginx.pid'};\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"    access_log {folder / 'access.log'};\n"
        f"{temp_paths}"
        f"    include {folder / 'conf.d' / '*.conf'};\n"
        "}\n"
    )
    return config


def command(folder: Path, config: Path, *args: str) -> list:
    return [nginx_binary(), "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log"), *args]
