#!/usr/bin/env bash
# Make sure a Mosquitto broker and a PostgreSQL server answer on this machine,
# installing and starting them when missing (and headless Chromium for the browser tests, hunspell's
# French dictionary for the spelling tests). Prints the URLs the tests use as
# `export` lines (eval it). Used by `make test` and .ci/run.
set -euo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
apt_install() {
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    if [ ! -f /tmp/.dtpr-apt-updated ]; then apt-get update -qq >&2 && touch /tmp/.dtpr-apt-updated; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>/tmp/dtpr-apt.log 2>&1 || echo "ensure-services: apt-get install $* failed (see /tmp/dtpr-apt.log)" >&2
  else
    echo "ensure-services: cannot install $* (need root and apt-get)" >&2
  fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- Headless Chromium for the browser tests ---------------------------------
if ! command -v chromium >/dev/null 2>&1 || [ ! -x /usr/bin/chromedriver ]; then
  apt_install chromium chromium-driver fonts-khmeros
fi

# --- French, Spanish and Portuguese (pt-PT) spelling dictionaries for the spelling tests (hunspell through Enchant) ---
if [ ! -f /usr/share/hunspell/fr_FR.dic ] || [ ! -f /usr/share/hunspell/es_ES.dic ] || [ ! -f /usr/share/hunspell/pt_PT.dic ] \
  || ! ldconfig -p 2>/dev/null | grep -q 'libenchant-2\.so'; then
  apt_install hunspell-fr hunspell-es hunspell-pt-pt libenchant-2-2
fi

# --- nginx (deploy/nginx/ is tested with Debian's nginx and its brotli_static module) ---
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ] || [ ! -e /usr/share/nginx/modules/ngx_http_brotli_static_module.so ]; then
  apt_install nginx-light libnginx-mod-http-brotli-static
fi

# --- Mosquitto ---------------------------------------------------------------
mqtt_port="${DTPR_TEST_MQTT_PORT:-1883}"
if ! port_open "$mqtt_port"; then
  command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || apt_install mosquitto
  mqtt_port=$(free_port)
  conf=$(mktemp /tmp/dtpr-mosquitto-XXXX.conf)
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_inflight_messages 0\nmax_queued_messages 0\n' "$mqtt_port" >"$conf"
  (PATH="$PATH:/usr/sbin" mosquitto -d -c "$conf") >&2
  for _ in $(seq 50); do port_open "$mqtt_port" && break; sleep 0.1; done
fi
echo "export DTPR_TEST_MQTT_URL=mqtt://127.0.0.1:$mqtt_port"
echo "export DTPR_TEST_MOSQUITTO=$( { command -v mosquitto || echo /usr/sbin/mosquitto; } 2>/dev/null)"

# --- PostgreSQL --------------------------------------------------------------
if ! port_open 5432; then
  if ! ls /etc/postgresql >/dev/null 2>&1; then apt_install postgresql; fi
  if ls /etc/postgresql >/dev/null 2>&1; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
    for _ in $(seq 100); do port_open 5432 && break; sleep 0.1; done
    # trust local TCP connections for the test database, as on the developers' machines
    su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >&2 || true
    su postgres -c "createdb test" >/dev/null 2>&1 || true
  fi
fi
if port_open 5432; then
  if psql -h 127.0.0.1 -U postgres -d test -c 'select 1' >/dev/null 2>&1; then
    echo "export DTPR_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test"
  else
    echo "export DTPR_TEST_POSTGRES_URL=postgresql+psycopg://postgres:postgres@127.0.0.1:5432/test"
  fi
fi
