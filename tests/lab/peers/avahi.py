"""avahi-daemon per host, with a private /run, /etc/avahi and D-Bus system bus.

The launcher runs under ``unshare -m``: it bind-mounts the host's own avahi directory over
/etc/avahi, mounts a fresh tmpfs on /run, starts a private dbus-daemon there (ippeveprinter and
avahi-browse talk to avahi over D-Bus), then execs avahi-daemon in the foreground. The daemon's
pid therefore holds the host's mount namespace; ``nsenter -t <pid> -m -n`` joins it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from tests.lab.inventory import Host
from tests.lab.peers.base import Daemon, LabContext, start_daemon
from tests.lab.specs import Avahi, MdnsService

DAEMON_NAME = "avahi"

DBUS_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=/run/dbus/system_bus_socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
"""

LAUNCHER = """set -eu
mount --bind "$1/etc" /etc/avahi
mount -t tmpfs -o mode=0755,size=4m lk-run /run
mkdir -p /run/dbus /run/avahi-daemon
dbus-daemon --config-file="$1/dbus.conf" --nofork &
i=0
until [ -S /run/dbus/system_bus_socket ]; do
  i=$((i + 1)); [ "$i" -gt 200 ] && { echo "dbus-daemon did not start" >&2; exit 1; }
  sleep 0.02
done
exec avahi-daemon --no-chroot --no-rlimits
"""


def daemon_conf(hostname: str) -> str:
    """avahi-daemon.conf: IPv4 on eth0 only, nothing published but the host and its services."""
    return f"""[server]
host-name={hostname}
domain-name=local
use-ipv4=yes
use-ipv6=no
allow-interfaces=eth0
enable-dbus=yes
ratelimit-interval-usec=1000000
ratelimit-burst=1000

[wide-area]
enable-wide-area=no

[publish]
publish-hinfo=no
publish-workstation=no
publish-aaaa-on-ipv4=no
publish-a-on-ipv6=no

[reflector]
enable-reflector=no
"""


def service_xml(service: MdnsService) -> str:
    """A static avahi ``.service`` file for one DNS-SD service (pure)."""
    txt = "".join(f"    <txt-record>{escape(k)}={escape(v)}</txt-record>\n" for k, v in service.txt)
    return (
        "<?xml version=\"1.0\" standalone='no'?>\n"
        '<!DOCTYPE service-group SYSTEM "avahi-service.dtd">\n'
        "<service-group>\n"
        f"  <name>{escape(service.name)}</name>\n"
        '  <service protocol="ipv4">\n'
        f"    <type>{escape(service.type)}</type>\n"
        f"    <port>{service.port}</port>\n"
        f"{txt}"
        "  </service>\n"
        "</service-group>\n"
    )


def write_config(home: Path, spec: Avahi) -> None:
    services = home / "etc" / "services"
    services.mkdir(parents=True, exist_ok=True)
    (home / "etc" / "avahi-daemon.conf").write_text(daemon_conf(spec.hostname))
    for n, service in enumerate(spec.services):
        (services / f"{n:02d}.service").write_text(service_xml(service))
    (home / "dbus.conf").write_text(DBUS_CONF)
    (home / "launcher.sh").write_text(LAUNCHER)


def _ready(log: Path, services: int) -> bool:
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return False
    return "Server startup complete" in text and text.count("successfully established") >= services


def start(ctx: LabContext, host: Host, spec: Avahi, _started: Sequence[Daemon]) -> list[Daemon]:
    home = ctx.host_dir(host) / "avahi"
    write_config(home, spec)
    argv = ["unshare", "-m", "--propagation", "private", "sh", str(home / "launcher.sh"), str(home)]
    daemon = start_daemon(ctx, host, DAEMON_NAME, argv, lambda _pid: False)
    daemon.ready = lambda: _ready(daemon.log, len(spec.services))
    return [daemon]
