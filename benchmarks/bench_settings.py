"""Settings for the benchmark servers: the product settings plus the baseline routes.

The product URLconf and ASGI router stay clean; only these modules add the
baseline view and consumer.
"""

from peersupport.settings import *  # noqa: F401,F403

ROOT_URLCONF = "benchmarks.bench_urls"
ASGI_APPLICATION = "benchmarks.bench_asgi.application"
