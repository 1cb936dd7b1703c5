# One image for every role: web (gunicorn), ws (daphne), worker and beat (celery), migrate.
# Runtime dependencies only, from the hashed lock (no test tools); static files are collected into the
# image and served by WhiteNoise from it, so every release serves its own CSS and JavaScript.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 STATIC_ROOT=/app/staticfiles PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
RUN SECRET_KEY=build-only ALLOWED_HOSTS=build ADMIN_URL=build-only/ python manage.py collectstatic --noinput \
    && python manage.py compilemessages -l fi -l sv --ignore=.venv
RUN useradd --system --uid 1000 app && chown -R app /app
USER app
EXPOSE 8000 8001
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s CMD ["python", "deploy/healthcheck.py", "8000"]
# No gunicorn access log (addresses, paths with slugs and tokens): see deploy/gunicorn.conf.py.
CMD ["gunicorn", "peersupport.wsgi:application", "-c", "deploy/gunicorn.conf.py"]
