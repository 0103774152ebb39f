# syntax=docker/dockerfile:1
# One image for the registry, the gateway and the tools: the container's command
# picks the role (`dtpr serve`, `dtpr gateway`, `dtpr sync …`), exactly as the tests run them.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY dtpr_core ./dtpr_core
COPY dtpr_store ./dtpr_store
COPY dtpr_import ./dtpr_import
COPY registry ./registry
COPY gateway ./gateway
COPY signage ./signage
COPY dtpr_cli ./dtpr_cli
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN useradd --create-home --uid 10001 dtpr
COPY --from=build /wheels /wheels
RUN pip install --no-index --find-links=/wheels dtpr-transparency && rm -rf /wheels
WORKDIR /home/dtpr
COPY --chown=dtpr:dtpr sensors.yaml ./sensors.yaml
COPY --chown=dtpr:dtpr translations ./translations
USER dtpr
EXPOSE 8000 9100
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)" || exit 1
CMD ["dtpr", "serve", "--host", "0.0.0.0", "--port", "8000"]
