#!/usr/bin/env bash
# Install the Debian packages lankeeper's lab, tests and demo need (idempotent, quiet when done).
# Services must never start in the machine's own network namespace: a policy-rc.d forbids it
# while installing, and the lab starts every daemon itself inside its own namespaces.
set -euo pipefail

packages=(
  python3-venv snmpd snmp avahi-daemon avahi-utils dbus cups-ipp-utils
  arp-scan nmap tcpdump iproute2 iputils-ping iputils-arping dnsmasq-base libcap2-bin procps
  postgresql chromium systemd
  fusioninventory-agent libwireshark-data
)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "These Debian packages are missing: ${missing[*]}" >&2
  echo "Run as root (sudo make ...) so they can be installed." >&2
  exit 1
fi

policy=/usr/sbin/policy-rc.d
created_policy=no
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && created_policy=yes
fi
trap '[ "$created_policy" = yes ] && rm -f "$policy"' EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Daemons installed above are started by the lab inside namespaces only.
for svc in avahi-daemon snmpd; do
  pkill -x "$svc" 2>/dev/null || true
done
