"""A real nginx (Debian's package) started by a test: its own prefix, port and configuration.

The configuration is ``deploy/nginx/`` as shipped, with three things replaced: the export's
folder, the registry's address and the port to listen on.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.processes import wait_for_http

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
BROTLI_MODULE = Path("/usr/share/nginx/modules/ngx_http_brotli_static_module.so")


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (shutil.which("nginx", path="/usr/sbin") or None)


def _site_conf(name: str, export: Path, port: int, registry: str) -> str:
    text = (DEPLOY / name).read_text()
    for old, new in (("/srv/dtpr-site", str(export)), ("listen 80;", f"listen 127.0.0.1:{port};")):
        assert old in text, f"{old} not in deploy/nginx/{name}"
        text = text.replace(old, new)
    return text.replace("127.0.0.1:8000", registry)


@contextmanager
def nginx(prefix: Path, export: Path, sites: dict[str, int], registry: str = "127.0.0.1:9") -> Iterator[None]:
    """nginx serving *sites* (``{"dtpr-static.conf": port, …}``) until the block ends."""
    binary = nginx_binary()
    assert binary, "nginx is missing: scripts/ensure-services.sh installs Debian's nginx-light"
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    (prefix / "snippets").mkdir(exist_ok=True)
    shutil.copy(DEPLOY / "dtpr-export-files.conf", prefix / "snippets" / "dtpr-export-files.conf")
    servers = "\n".join(_site_conf(name, export, port, registry) for name, port in sites.items())
    module = f"load_module {BROTLI_MODULE};" if BROTLI_MODULE.exists() else ""
    (prefix / "nginx.conf").write_text(
        f"""{module}
user root;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{servers}
}}
"""
    )
    command = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"]
    check = subprocess.run([*command[:-2], "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for port in sites.values():
            wait_for_http(f"http://127.0.0.1:{port}/robots.txt", timeout=15)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)
