"""Active ARP sweep (needs raw sockets: root, CAP_NET_RAW, or Npcap on Windows).

The layer-2 socket, bound to ARP frames, is the stdlib's ``AF_PACKET`` on Linux and scapy's
portable one elsewhere (BPF, Npcap); frames are built and parsed by the pure
``agent.arp.frames``. A sender thread asks
every address at ``rate_pps`` (paced on an absolute schedule) and re-asks a silent address
``wait_s`` after its previous attempt, up to ``retries`` times, interleaved with first
attempts of later addresses, so retries cost almost no extra time on a /24. The receiver
stops ``wait_s`` after the last request, when every address answered, or at ``deadline_s``.
Scapy is imported lazily and selectively (``scapy.all`` costs ~30 MB more).

Errors::

    ArpSweepError
    └── RawSocketUnavailableError   no permission for raw sockets -> use the neighbour path
"""

from __future__ import annotations

import asyncio
import logging
import select
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from agent.arp.frames import ETH_P_ARP, arp_request, parse_arp_reply
from agent.discovery.observations import LinkObservation
from agent.net.interfaces import ScanInterface
from agent.net.safety import check_rate, scan_addresses
from schemas import Method

log = logging.getLogger(__name__)

_POLL_S = 0.05


_MAX_FRAME = 65_535


class ArpSweepError(Exception):
    """The ARP sweep could not run."""


class RawSocketUnavailableError(ArpSweepError):
    """Raw layer-2 sockets are not permitted here; fall back to the neighbour table."""


@dataclass(frozen=True)
class SweepPlan:
    """What to ask, from where, and how fast."""

    iface: str
    mac: str
    own_ip: IPv4Address
    targets: tuple[IPv4Address, ...]
    rate_pps: int
    retries: int
    wait_s: float
    deadline_s: float


@dataclass
class _State:
    """Shared by the sender thread and the receiver; one per sweep."""

    start: float
    answers: dict[IPv4Address, str] = field(default_factory=dict)
    last_sent: float = 0.0
    sent: int = 0
    sending_done: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)


class LinuxArpSocket:
    """A stdlib ``AF_PACKET`` socket on ``iface`` that receives ARP only, with the part of
    scapy's socket interface the sweep uses. On Linux it spares the agent scapy's ~40 MB;
    the frames are the same (``agent.arp.frames``, checked against scapy's)."""

    def __init__(self, iface: str) -> None:
        self._sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ARP))
        try:
            self._sock.bind((iface, ETH_P_ARP))
        except OSError:
            self._sock.close()
            raise

    def fileno(self) -> int:
        return self._sock.fileno()

    def send(self, frame: bytes) -> int:
        return self._sock.send(frame)

    @staticmethod
    def select(sockets: list[Any], timeout: float) -> list[Any]:
        readable, _, _ = select.select(sockets, [], [], timeout)
        return readable

    def recv_raw(self) -> tuple[None, bytes, None]:
        return None, self._sock.recv(_MAX_FRAME), None

    def close(self) -> None:
        self._sock.close()


def open_arp_socket(iface: str) -> Any:
    """A layer-2 socket for ``iface`` receiving ARP only: the stdlib's on Linux, scapy's
    elsewhere (BPF, Npcap). Raises RawSocketUnavailableError without raw-socket rights."""
    if hasattr(socket, "AF_PACKET"):
        return _open_linux_socket(iface)
    return _open_scapy_socket(iface)


def _open_linux_socket(iface: str) -> LinuxArpSocket:
    try:
        return LinuxArpSocket(iface)
    except PermissionError as exc:
        raise RawSocketUnavailableError(f"no permission for raw sockets on {iface}: {exc}") from exc
    except OSError as exc:
        raise ArpSweepError(f"cannot open a layer-2 socket on {iface}: {exc}") from exc


def _open_scapy_socket(iface: str) -> Any:
    import scapy.layers.l2  # noqa: F401  (loads the platform's socket classes and Ether)
    from scapy.config import conf
    from scapy.error import Scapy_Exception

    if conf.L2socket is None:
        raise RawSocketUnavailableError(
            "this platform has no layer-2 socket for scapy (no libpcap)"
        )
    try:
        return conf.L2socket(iface=iface, type=ETH_P_ARP, promisc=False)
    except PermissionError as exc:
        raise RawSocketUnavailableError(f"no permission for raw sockets on {iface}: {exc}") from exc
    except (Scapy_Exception, RuntimeError) as exc:  # RuntimeError: Windows without Npcap
        raise RawSocketUnavailableError(f"raw sockets unavailable on {iface}: {exc}") from exc
    except OSError as exc:
        raise ArpSweepError(f"cannot open a layer-2 socket on {iface}: {exc}") from exc


def _sleep_until(moment: float) -> None:
    delay = moment - time.monotonic()
    if delay > 0:
        time.sleep(delay)


def _send_all(sock: Any, plan: SweepPlan, state: _State) -> None:
    """Paced first attempts, then retries of the silent, each ``wait_s`` after the last."""
    frames = {ip: arp_request(plan.mac, plan.own_ip, ip) for ip in plan.targets}
    asked: dict[IPv4Address, float] = {}
    slot = state.start
    interval = 1.0 / plan.rate_pps
    last_retry_at = state.start + plan.deadline_s - plan.wait_s
    for attempt in range(plan.retries + 1):
        for ip in plan.targets:
            if state.stop.is_set():
                return
            if ip in state.answers:
                continue
            due = max(slot, asked.get(ip, slot) + (plan.wait_s if attempt else 0.0))
            if attempt and due > last_retry_at:
                return
            _sleep_until(due)
            sock.send(frames[ip])
            asked[ip] = state.last_sent = now = time.monotonic()
            slot = max(due + interval, now)  # on schedule, never a catch-up burst
            state.sent += 1


def _sender(sock: Any, plan: SweepPlan, state: _State) -> None:
    try:
        _send_all(sock, plan, state)
    except OSError as exc:
        log.warning("ARP sweep stopped sending on %s: %s", plan.iface, exc)
    finally:
        state.sending_done.set()


def _receiving(plan: SweepPlan, state: _State) -> bool:
    now = time.monotonic()
    if now >= state.start + plan.deadline_s or len(state.answers) == len(plan.targets):
        return False
    return not state.sending_done.is_set() or now < state.last_sent + plan.wait_s


def _receive(sock: Any, plan: SweepPlan, state: _State) -> None:
    wanted = set(plan.targets)
    while _receiving(plan, state):
        if not sock.select([sock], _POLL_S):
            continue
        _cls, frame, _ts = sock.recv_raw()
        reply = parse_arp_reply(frame) if frame else None
        if reply is not None and reply[0] in wanted and reply[1] != plan.mac:
            state.answers.setdefault(*reply)


def sweep_blocking(plan: SweepPlan) -> dict[IPv4Address, str]:
    """Run the sweep on the calling thread (plus one sender thread); IP -> MAC."""
    sock = open_arp_socket(plan.iface)
    state = _State(start=time.monotonic())
    sender = threading.Thread(target=_sender, args=(sock, plan, state), daemon=True)
    try:
        sender.start()
        _receive(sock, plan, state)
    finally:
        state.stop.set()
        sender.join()
        sock.close()
    log.debug("ARP sweep: %d requests, %d answers", state.sent, len(state.answers))
    return state.answers


async def arp_sweep(
    iface: ScanInterface,
    subnets: Sequence[IPv4Network],
    *,
    rate_pps: int = 500,
    retries: int = 1,
    wait_s: float = 0.5,
    deadline_s: float = 10.0,
) -> list[LinkObservation]:
    """ARP every host address of ``subnets`` from ``iface``; one observation per answering IP.

    Raises RawSocketUnavailableError when raw sockets are not permitted, ArpSweepError otherwise.
    """
    if iface.mac is None:
        raise ArpSweepError(f"{iface.name} has no MAC address; ARP needs an Ethernet-like link")
    check_rate(rate_pps, force=True)  # the hard cap holds wherever packets leave
    targets = tuple(scan_addresses(subnets, exclude=[iface.ip]))
    plan = SweepPlan(iface.name, iface.mac, iface.ip, targets, rate_pps, retries, wait_s,
                     deadline_s)  # fmt: skip
    found = await asyncio.to_thread(sweep_blocking, plan)
    return [LinkObservation(Method.ARP_SWEEP, ip, mac) for ip, mac in sorted(found.items())]
