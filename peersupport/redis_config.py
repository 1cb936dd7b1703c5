"""Where the cache, the channel layer and Celery find Redis: a URL each, and Sentinel for all three.

Past one machine the three jobs may live on different Redis servers: `CACHE_REDIS_URL`,
`CHANNEL_LAYER_REDIS_URL` and `CELERY_BROKER_URL` each default to `REDIS_URL`. With
`REDIS_SENTINELS` ("host:26379,host2:26379") and `REDIS_SENTINEL_MASTER` set, all three ask Sentinel
for the current master and follow a fail-over; each URL then gives only its database number and
password. `REDIS_SENTINEL_PASSWORD` is the Sentinels' own password, when they have one.

Plain functions of their inputs, so settings.py stays declarative and tests can call them directly.
"""

from urllib.parse import unquote, urlsplit

from redis.sentinel import Sentinel, SentinelConnectionPool


def sentinel_hosts(spec):
    """[("host", 26379), ...] from "host:26379,host2:26379" (port 26379 when left out)."""
    hosts = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        host, _, port = item.rpartition(":") if ":" in item else (item, "", "26379")
        hosts.append((host.strip("[]"), int(port or 26379)))
    return hosts


def url_parts(url):
    """(database number, password or None) of a redis:// URL."""
    parts = urlsplit(url)
    path = parts.path.strip("/")
    return int(path) if path.isdigit() else 0, unquote(parts.password) if parts.password else None


class SentinelPool:
    """A `pool_class` for Django's Redis cache: the master Sentinel names now, found again after a fail-over."""

    @classmethod
    def from_url(cls, url, *, sentinels, master_name, sentinel_kwargs=None, **options):
        db, password = url_parts(url)
        manager = Sentinel(sentinels, sentinel_kwargs=sentinel_kwargs or {}, socket_timeout=0.5)
        return SentinelConnectionPool(master_name, manager, db=db, password=password, **options)


def cache_options(url, sentinels, master, sentinel_password=None):
    """OPTIONS of the cache: short timeouts (pages never wait on Redis), Sentinel when configured."""
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    if sentinels:
        options.update(
            pool_class="peersupport.redis_config.SentinelPool",
            sentinels=sentinels,
            master_name=master,
            sentinel_kwargs={"password": sentinel_password} if sentinel_password else {},
        )
    return options


def channel_layer_host(url, sentinels, master, sentinel_password=None):
    """One entry of channels_redis' `hosts`: the URL, or the Sentinel description it understands."""
    if not sentinels:
        return url
    db, password = url_parts(url)
    host = {"sentinels": sentinels, "master_name": master, "db": db}
    if password:
        host["password"] = password
    if sentinel_password:
        host["sentinel_kwargs"] = {"password": sentinel_password}
    return host


def celery_broker(url, sentinels, master, sentinel_password=None):
    """(broker URL, transport options) for Celery: kombu's sentinel:// form when Sentinel is configured."""
    if not sentinels:
        return url, {}
    db, password = url_parts(url)
    auth = f":{password}@" if password else ""
    broker = ";".join(f"sentinel://{auth}{host}:{port}/{db}" for host, port in sentinels)
    options = {"master_name": master}
    if sentinel_password:
        options["sentinel_kwargs"] = {"password": sentinel_password}
    return broker, options
