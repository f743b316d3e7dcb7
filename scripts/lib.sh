# Shared by run.sh and test.sh: installs what Tavolo needs when it is missing, and nothing else.

# Build artefacts live outside the clone so fresh clones (CI) reuse compiled dependencies.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tavolo/target}"

apt_updated=""
apt_install() {
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    echo "missing Debian packages: $*; install them (apt-get install $*) and retry" >&2
    exit 1
  fi
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ -z "$apt_updated" ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
}

ensure_browser() {
  command -v chromium >/dev/null || apt_install chromium
}

ensure_postgres() {
  [ -x "${PG_BIN:-/usr/lib/postgresql/15/bin}/initdb" ] || [ -n "${TAVOLO_TEST_POSTGRES_URL:-}" ] || apt_install postgresql-15
}

# The real SMTP server, the independent iCalendar parser the mail tests use and its recurrence expander, for
# Debian's own Python.
ensure_python_tools() {
  /usr/bin/python3 -c "import aiosmtpd, icalendar, recurring_ical_events" 2>/dev/null ||
    apt_install python3-aiosmtpd python3-icalendar python3-recurring-ical-events
}

# The real IMAP server the mailbox tests read from (Debian's Dovecot) and openssl for its test certificates.
ensure_imap_server() {
  [ -x /usr/sbin/dovecot ] && command -v openssl >/dev/null || apt_install dovecot-imapd openssl
}

ensure_web_packages() {
  ensure_npm_packages web
}

# Installs a folder's npm packages from its lock file, again only when the lock file changed.
ensure_npm_packages() {
  local dir=$1 stamp=$1/node_modules/.tavolo-lock
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    (cd "$dir" && npm ci --no-audit --no-fund)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
