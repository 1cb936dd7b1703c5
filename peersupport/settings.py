"""One settings module, driven by the environment.

Unset variables give the embedded defaults used by `make run` (SQLite,
in-memory channel layer, eager Celery, console e-mail, DEBUG on). Production
sets SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL and friends; see the
table in README.md.
"""

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from peersupport import beat, redis_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

PRODUCTION = "SECRET_KEY" in env
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production-0123456789")
# `make run HOST=H PORT=N` passes DEMO_HOST/DEMO_PORT: the demo's hosts, WebSocket origins and e-mail links follow.
DEMO_HOST = env.str("DEMO_HOST", default="127.0.0.1")
DEMO_PORT = env.int("DEMO_PORT", default=8000)
_demo_hosts = list(dict.fromkeys([DEMO_HOST, "127.0.0.1", "localhost"]))
_demo_origins = [f"http://{f'[{h}]' if ':' in h else h}:{DEMO_PORT}" for h in _demo_hosts]
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else [*_demo_hosts, "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# WebSocket origins: an explicit allow-list, never derived from ALLOWED_HOSTS
# (AllowedHostsOriginValidator would accept any site for "*" and ignores the scheme).
WEBSOCKET_ALLOWED_ORIGINS = env.list(
    "WEBSOCKET_ALLOWED_ORIGINS",
    default=[] if PRODUCTION else _demo_origins,
)
SITE_URL = env.str("SITE_URL", default=_demo_origins[0])
# The name e-mails sign with (allauth's, ours): keep it neutral, a shared inbox or a lock screen shows it.
SITE_NAME = env.str("SITE_NAME", default="Peersupport")
# Where someone who is stuck (no confirmation e-mail, lost second factor) can write to a person: shown on
# the sign-in, sign-up and confirmation pages and in account e-mails. Set it to the organisation's own.
SUPPORT_CONTACT = env.str("SUPPORT_CONTACT", default="help@example.org")

INSTALLED_APPS = [
    "daphne",
    "peersupport.admin_a11y",  # before the admin: its labelled date-and-time widget wins
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "channels",
    "accounts",
    "groups",
    "moderation",
    "surveys",
    "outreach",
]

MIDDLEWARE = [
    # Outermost: one log line per request with the route's name, never its path (issue 17).
    "peersupport.access_log.RouteAccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "peersupport.csrf.SameSiteNullOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "groups.access.RememberStandingsMiddleware",
    "accounts.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.mfa.RequireTwoFactorMiddleware",
    "outreach.middleware.DeskVisitorMiddleware",
    "peersupport.middleware.PrivateCacheMiddleware",
    "csp.middleware.CSPMiddleware",
]

if PRODUCTION:
    # Static files straight from gunicorn/daphne when no proxy serves them.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "peersupport.urls"
WSGI_APPLICATION = "peersupport.wsgi.application"
ASGI_APPLICATION = "peersupport.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.notifications",
                "peersupport.context_processors.site",
                "outreach.middleware.desk",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
_under_daphne = env.str("PEERSUPPORT_SERVER", default="") == "asgi"
if _under_daphne:
    # daphne serves each HTTP request on a thread of a pool, whose connections no request end closes:
    # a persistent connection per thread would pile up towards PostgreSQL's limit (peersupport/asgi.py).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Under daphne the consumers' one database thread keeps its connection this long, health-checked before each reuse
# (peersupport/socket_db.py; elsewhere, tests included, each trip closes it as channels does); daphne's handshake
# timeout (--websocket_connect_timeout, 5 s by default), past which a handshake's reads are skipped
# (peersupport/socket_auth.py).
SOCKET_CONN_MAX_AGE = env.int("SOCKET_CONN_MAX_AGE", default=60 if _under_daphne else 0)
SOCKET_CONNECT_TIMEOUT = env.int("SOCKET_CONNECT_TIMEOUT", default=5)
# Threads the sockets' database work runs on in each daphne process, each with its one kept connection.
SOCKET_DB_THREADS = env.int("SOCKET_DB_THREADS", default=4 if _under_daphne else 1)
# Behind PgBouncer in transaction mode a server-side cursor (QuerySet.iterator()) can land on another
# server connection than the one that opened it: DATABASE_PGBOUNCER=true turns them off (docs/operate.md).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DATABASE_PGBOUNCER", default=False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache keys (and presence entries) are HMACs under this key with a daily salt (peersupport/privacy_keys.py).
PRIVACY_HMAC_KEY = env.str("PRIVACY_HMAC_KEY", default=f"privacy-hmac-derived-from-secret-key:{SECRET_KEY}")
REDIS_URL = env.str("REDIS_URL", default="")
# Past one machine: a Redis for each job (each defaults to REDIS_URL) and Sentinel for all three
# (peersupport/redis_config.py).
CACHE_REDIS_URL = env.str("CACHE_REDIS_URL", default=REDIS_URL)
CHANNEL_LAYER_REDIS_URL = env.str("CHANNEL_LAYER_REDIS_URL", default=REDIS_URL)
REDIS_SENTINELS = redis_config.sentinel_hosts(env.str("REDIS_SENTINELS", default=""))
REDIS_SENTINEL_MASTER = env.str("REDIS_SENTINEL_MASTER", default="mymaster")
_sentinel = (REDIS_SENTINELS, REDIS_SENTINEL_MASTER, env.str("REDIS_SENTINEL_PASSWORD", default="") or None)
if REDIS_URL:
    CACHES = {
        "default": {
            # Pages never depend on Redis being up (peersupport/cache.py); give up on it quickly.
            "BACKEND": "peersupport.cache.FailSoftRedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="peersupport"),
            "KEY_FUNCTION": "peersupport.privacy_keys.cache_key",
            "OPTIONS": redis_config.cache_options(CACHE_REDIS_URL, *_sentinel),
        }
    }
    # RedisPubSubChannelLayer rather than RedisChannelLayer, by measurement on
    # this machine (local Redis, two receiving layers as two daphne processes,
    # 300-byte events, group_send every 2 ms): 20 sockets x 200 events took
    # 0.80 s, p50 0.5 ms, p95 3.7 ms with pub/sub against 1.66 s, p50 5.7 ms,
    # p95 11.9 ms with lists; 50 sockets x 100: 0.45 s / p50 0.7 ms against
    # 1.16 s / p50 8.8 ms. Pub/sub also has no group_expiry (subscriptions live
    # as long as the process's connection) and no per-channel capacity that
    # drops silently, and keeps no message text at rest in Redis lists. What it
    # loses (delivery while a process is disconnected) the clients recover by
    # resuming from their last seen id out of the database.
    # Pub/sub channels ignore the Redis database number, so two installations on
    # one Redis must not share a prefix: by default it is derived from this
    # installation's Redis URL and database name (the same in all its processes).
    _installation = hashlib.sha256(f"{REDIS_URL}|{DATABASES['default']['NAME']}".encode()).hexdigest()[:10]
    _layer_config = {
        "hosts": [redis_config.channel_layer_host(CHANNEL_LAYER_REDIS_URL, *_sentinel)],
        "prefix": env.str("CHANNEL_LAYER_PREFIX", default=f"ps-{_installation}"),
    }
    if env.str("CHANNELS_ENCRYPTION_KEY", default=""):
        _layer_config["symmetric_encryption_keys"] = [env.str("CHANNELS_ENCRYPTION_KEY")]
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer", "CONFIG": _layer_config}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": "peersupport.privacy_keys.cache_key",
        }
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Celery: JSON only (workers trust the broker), late acks that survive a
# killed worker; eager when there is no Redis (embedded default).
CELERY_BROKER_URL, _broker_options = redis_config.celery_broker(
    env.str("CELERY_BROKER_URL", default=REDIS_URL) or "memory://", *_sentinel
)
CELERY_RESULT_BACKEND = CELERY_BROKER_URL if REDIS_URL else None
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = dict(_broker_options)
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task of a killed worker is handed out again after the visibility timeout: it must outlast the longest
# task (the daily digests and purges take seconds to a minute here), and be short, so nothing waits an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    **_broker_options,
}
CELERY_TIMEZONE = env.str("TIME_ZONE", default="Europe/Helsinki")
# Beat: the timetable is peersupport/beat.py.
CELERY_BEAT_SCHEDULE = beat.schedule(digest_hour=env.int("DIGEST_HOUR", default=8))
# An unclaimed urgent item goes from the people on duty to all of the group's moderators, then to staff.
DUTY_ESCALATE_MODERATORS_MINUTES = env.int("DUTY_ESCALATE_MODERATORS_MINUTES", default=10)
DUTY_ESCALATE_STAFF_MINUTES = env.int("DUTY_ESCALATE_STAFF_MINUTES", default=10)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Neutral sender and subject: a lock screen or a shared inbox must not out anyone.
NOTIFICATION_FROM_EMAIL = env.str("NOTIFICATION_FROM_EMAIL", default="Notifications <no-reply@example.org>")
NOTIFICATION_SUBJECT = env.str("NOTIFICATION_SUBJECT", default="You have new activity")
# Web Push (accounts/notifications/push.py): a VAPID pair from `manage.py vapid_keys`. Without it, push is off in
# production (outside production a pair is derived from SECRET_KEY so `make run` can try it).
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_PUBLIC_KEY = env.str("VAPID_PUBLIC_KEY", default="")
VAPID_CONTACT = env.str("VAPID_CONTACT", default="mailto:no-reply@example.org")
# Push services a browser may name (host or a parent domain): nothing else is ever sent a push request.
PUSH_SERVICE_HOSTS = env.list(
    "PUSH_SERVICE_HOSTS",
    default=["fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com", "notify.windows.com"],
)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.PseudonymSignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True  # same browser: confirming signs the newcomer in
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_FORMS = {"login": "accounts.entrance_forms.LoginForm", "signup": "accounts.entrance_forms.SignupForm"}
# Number of reverse proxies in front of the app; with 0 the socket address is
# used and a forged X-Forwarded-For cannot dodge the rate limits.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# TOTP secrets and recovery seeds are encrypted at rest (accounts/mfa_adapter.py) under keys of their own,
# newest first; without the setting a key is derived from SECRET_KEY, which `check --deploy` warns about.
MFA_ADAPTER = "accounts.mfa_adapter.MFAAdapter"
MFA_ENCRYPTION_KEYS = env.list("MFA_ENCRYPTION_KEYS", default=[f"derived-from-secret-key:{SECRET_KEY}"])
# Anonymous surveys: the key of the "has answered" marks (surveys/anonymity.py; without it, one derived from
# SECRET_KEY through a domain separator), and k, the smallest count results show (never below 3).
SURVEY_HMAC_KEY = env.str("SURVEY_HMAC_KEY", default=f"derived-from-secret-key:{SECRET_KEY}")
SURVEY_MIN_CELL = max(3, env.int("SURVEY_MIN_CELL", default=5))
# Companion text (diary, notes) is encrypted at rest under keys of its own (accounts/companion/crypto.py).
COMPANION_ENCRYPTION_KEYS = env.list("COMPANION_ENCRYPTION_KEYS", default=[f"derived-from-secret-key:{SECRET_KEY}"])
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Peersupport")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fi", _("Finnish")), ("sv", _("Swedish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times in the reader's language: fi 15.12.2026 klo 8.37, sv 2026-12-15 08:37 (English: Django's).
FORMAT_MODULE_PATH = ["peersupport.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Helsinki")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# No uploads anywhere; small request bodies.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 0
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# Privacy headers
# No referrer, not even to ourselves. Browsers then post forms with `Origin: null`;
# peersupport/csrf.py accepts that only together with `Sec-Fetch-Site: same-origin`.
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Database sessions that never store an e-mail address (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if env.bool("BEHIND_TLS_PROXY", default=PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Production moves the admin off the address every scanner tries: like SECRET_KEY, it has no default there.
ADMIN_URL = env.str("ADMIN_URL") if PRODUCTION else env.str("ADMIN_URL", default="admin/")
if PRODUCTION and ADMIN_URL.strip("/") in ("", "admin"):
    raise ImproperlyConfigured("Set ADMIN_URL to a path of your own (e.g. staff-7f3k/), not admin/.")
# Quick exit (button and double Escape) goes here: a neutral site that looks ordinary.
QUICK_EXIT_URL = env.str("QUICK_EXIT_URL", default="https://www.bbc.com/weather")
# Moderators and staff must set up TOTP before /moderation/ and the admin
# (accounts/mfa.py). Off for `make run` and tests so the demo works without a phone.
MFA_REQUIRED_FOR_MODERATORS = env.bool("MFA_REQUIRED_FOR_MODERATORS", default=PRODUCTION and not DEBUG)


def _websocket_sources(origins):
    """http(s)://host from WEBSOCKET_ALLOWED_ORIGINS -> ws(s)://host for connect-src."""
    schemes = {"http": "ws", "https": "wss"}
    parts = (urlsplit(origin) for origin in origins)
    return [f"{schemes[p.scheme]}://{p.netloc}" for p in parts if p.scheme in schemes and p.netloc]


# Content-Security-Policy (django-csp): nothing inline, nothing off-site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap draws some icons as data: SVGs
        "font-src": [SELF],
        "connect-src": [SELF, *_websocket_sources(WEBSOCKET_ALLOWED_ORIGINS)],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# Product settings (see groups/ and moderation/)
# Join answers are deleted at the decision; declined and withdrawn requests when the cool-off ends.
JOIN_REQUEST_COOL_OFF_DAYS = env.int("JOIN_REQUEST_COOL_OFF_DAYS", default=14)
# The moderation log's free text, and a removed message's text, are emptied after this many days.
MODERATION_LOG_REASON_DAYS = env.int("MODERATION_LOG_REASON_DAYS", default=90)
REMOVED_MESSAGE_TEXT_DAYS = env.int("REMOVED_MESSAGE_TEXT_DAYS", default=30)
# A support conversation is deleted this many days after it ends (groups/content/support.py).
SUPPORT_RETENTION_DAYS = env.int("SUPPORT_RETENTION_DAYS", default=30)
# The outreach desk (outreach/consultations.py): closed consultations are deleted this many days after they close,
# consultations in which the person never wrote after this many hours; a client address may open (and try recovery
# codes) this many times an hour.
OUTREACH_RETENTION_DAYS = env.int("OUTREACH_RETENTION_DAYS", default=30)
OUTREACH_UNUSED_HOURS = env.int("OUTREACH_UNUSED_HOURS", default=24)
OUTREACH_OPEN_PER_HOUR = env.int("OUTREACH_OPEN_PER_HOUR", default=5)
# Urgent items and crisis flags are deleted this many days after they were raised (moderation/care.py).
CRISIS_RECORD_DAYS = env.int("CRISIS_RECORD_DAYS", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"route_only": {"()": "peersupport.access_log.RouteOnlyFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["route_only"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's request logger can include paths with invitation tokens.
        "django.request": {"level": "ERROR"},
        # At DEBUG these print whole template contexts (e-mail addresses, confirmation
        # keys) and SQL with its parameters (message text): never below INFO.
        "django.template": {"level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        "django.channels.server": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
    },
}
