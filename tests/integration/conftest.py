"""The production set-up on loopback: PostgreSQL (tracker store) and Redis (lock
store), one action server, two Rasa server processes sharing them, every channel of
credentials.yml (LINE against the fake LINE API)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.line.fake_line import FakeLineApi, line_env
from tests.servers import ROOT, ActionServer, RasaServer

from .stores import PostgresServer, RedisServer


@dataclass
class Cluster:
    postgres: PostgresServer
    redis: RedisServer
    line_api: FakeLineApi
    actions: ActionServer
    replicas: list[RasaServer]
    work_dir: Path
    env: dict[str, str]

    def start_replica(self, index: int) -> RasaServer:
        """Replica `index` (0 or 1), started (again) with the shared stores."""
        folder = self.work_dir / f"replica-{index + 1}"
        folder.mkdir(exist_ok=True)
        replica = RasaServer(
            folder,
            self.actions.port,
            credentials=(ROOT / "credentials.yml").read_text(),
            database_url=self.postgres.url,
            **self.env,
        )
        self.replicas[index] = replica
        return replica

    def logs(self) -> str:
        """Every log line the servers wrote."""
        files = [*self.work_dir.glob("replica-*/rasa.log"), self.work_dir / "actions.log"]
        return "\n".join(f.read_text(errors="replace") for f in files if f.exists())


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("cluster")
    postgres, redis, line_api = PostgresServer(), RedisServer(), FakeLineApi().start()
    actions = ActionServer(work_dir)
    # DEBUG: Rasa then logs the user's text, which test_privacy_storage.py checks is redacted.
    env = line_env({}, line_api, LINE_API_TIMEOUT="5", MYNA_REDIS_URL=redis.url, LOG_LEVEL="DEBUG")
    env.pop("RASA_TELEMETRY_ENABLED")  # RasaServer sets it
    cluster = Cluster(postgres, redis, line_api, actions, [None, None], work_dir, env)
    try:
        actions.start()
        starters = [threading.Thread(target=cluster.start_replica, args=(i,)) for i in (0, 1)]
        for starter in starters:
            starter.start()
        for starter in starters:
            starter.join()
        assert all(cluster.replicas), "a replica did not start: see the logs under " + str(work_dir)
        yield cluster
    finally:
        for replica in cluster.replicas:
            if replica is not None:
                replica.stop()
        actions.stop()
        line_api.stop()
        redis.close()
        postgres.close()


@pytest.fixture(scope="session")
def sqlite_server(cluster, tmp_path_factory):
    """One server as `make run` starts it: SQLite file, in-memory locks, every channel
    (LINE against the cluster's fake LINE API, the cluster's action server)."""
    work_dir = tmp_path_factory.mktemp("sqlite-server")
    env = line_env({}, cluster.line_api, LINE_API_TIMEOUT="5", LOG_LEVEL="DEBUG")
    env.pop("RASA_TELEMETRY_ENABLED")  # RasaServer sets it
    server = RasaServer(work_dir, cluster.actions.port, credentials=(ROOT / "credentials.yml").read_text(), **env)
    server.db_path = work_dir / "tracker.db"
    yield server
    server.stop()


@pytest.fixture(params=["postgresql", "sqlite"])
def server(request, cluster):
    """A replica of the PostgreSQL cluster, or the one SQLite server."""
    if request.param == "postgresql":
        return cluster.replicas[0]
    return request.getfixturevalue("sqlite_server")
