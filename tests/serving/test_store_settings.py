import pytest

from serving.store_settings import (
    DatabaseSettings,
    RedisSettings,
    StoreSettingsError,
    database_settings,
    parse_database_url,
    parse_redis_url,
    redis_settings,
    wait_seconds,
)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("sqlite:///tracker.db", DatabaseSettings("sqlite", "tracker.db")),
        ("sqlite:////var/lib/myna/t.db", DatabaseSettings("sqlite", "/var/lib/myna/t.db")),
        (
            "postgresql://myna:s%40cret@db.internal:6543/conversations",
            DatabaseSettings("postgresql", "conversations", "db.internal", 6543, "myna", "s@cret"),
        ),
        ("postgres://u@db/x", DatabaseSettings("postgresql", "x", "db", 5432, "u", None)),
    ],
)
def test_database_urls(url, expected):
    assert parse_database_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "mysql://u:p@db/x",  # not supported: say so rather than guess
        "sqlite://",
        "sqlite://host/file.db",
        "postgresql://db",  # no database name
        "postgresql:///x",  # no host
        "postgresql://u:p@db:99999/x",
        "postgresql://u:p@db:port/x",
        "tracker.db",
    ],
)
def test_bad_database_urls_are_refused_without_echoing_the_password(url):
    with pytest.raises(StoreSettingsError) as error:
        parse_database_url(url)
    assert "MYNA_DATABASE_URL" in str(error.value)
    assert ":p@" not in str(error.value)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("redis://localhost", RedisSettings("localhost", 6379, 0)),
        ("redis://:pw@cache:6380/2", RedisSettings("cache", 6380, 2, "pw")),
    ],
)
def test_redis_urls(url, expected):
    assert parse_redis_url(url) == expected


@pytest.mark.parametrize("url", ["localhost:6379", "rediss://cache", "redis://cache/zero", "redis://:6379"])
def test_bad_redis_urls(url):
    with pytest.raises(StoreSettingsError, match="MYNA_REDIS_URL"):
        parse_redis_url(url)


def test_defaults_are_the_embedded_stores():
    assert database_settings({}) == DatabaseSettings("sqlite", "tracker.db")
    assert redis_settings({}) is None
    assert redis_settings({"MYNA_REDIS_URL": ""}) is None
    assert wait_seconds({}) == 30.0


@pytest.mark.parametrize("value", ["0", "-1", "ten", "601"])
def test_bad_wait_seconds(value):
    with pytest.raises(StoreSettingsError, match="MYNA_STORE_WAIT_SECONDS"):
        wait_seconds({"MYNA_STORE_WAIT_SECONDS": value})
