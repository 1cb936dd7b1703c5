# One image for every role: web (gunicorn), ws (daphne), worker and beat (celery).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 STATIC_ROOT=/srv/static
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN SECRET_KEY=build-only ALLOWED_HOSTS=build ADMIN_URL=build-only/ python manage.py collectstatic --noinput \
    && python manage.py compilemessages -l fi -l sv --ignore=.venv
RUN useradd --system --uid 1000 app && chown -R app /app
USER app
EXPOSE 8000 8001
CMD ["gunicorn", "peersupport.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--access-logformat", "%(h)s %(t)s \"%(m)s %(U)s\" %(s)s %(b)s"]
