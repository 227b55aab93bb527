# Yhdessä: one image for web (gunicorn), worker (celery worker) and beat (celery beat).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango and HarfBuzz; DejaVu carries å ä ö; gettext compiles the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 yhdessa
WORKDIR /app

# Dependencies first: this layer is rebuilt only when pyproject.toml changes.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .
# Build-time values only: collectstatic reads the production settings but touches no database.
RUN if [ -d locale ]; then python manage.py compilemessages; fi \
    && DEBUG=false SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=localhost \
       DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput \
    && mkdir -p var/mail var/media \
    && chown -R yhdessa:yhdessa var

USER yhdessa
ENV DEBUG=false
EXPOSE 8000

# gunicorn 27 would otherwise create a control socket under ~/.gunicorn; WEB_CONCURRENCY sets workers.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--no-control-socket", "--access-logfile", "-"]
