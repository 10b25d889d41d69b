"""Capture the lab's bridge with tcpdump (inside the switch namespace) and read the pcap back.

    with Capture(lab.switch_ns, tmp_path / "lab.pcap") as cap:
        ...  # run the agent
    assert outside_allowed(pcap_ipv4_addresses(cap.path)) == set()

proves that everything on the wire stayed within 198.18.0.0/15 (plus mDNS' 224.0.0.251).
"""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, ip_address, ip_network
from pathlib import Path
from types import TracebackType

from tests.lab.peers.base import LabError, in_ns, wait_until
from tests.lab.peers.netns import BRIDGE

ALLOWED = (IPv4Network("198.18.0.0/15"), IPv4Network("224.0.0.251/32"))


class Capture:
    """tcpdump on ``br0`` in ``switch_ns``, written to ``path`` (packet-buffered)."""

    def __init__(self, switch_ns: str, path: Path) -> None:
        self.switch_ns = switch_ns
        self.path = path
        self.log = path.with_suffix(".tcpdump.log")
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> Capture:
        argv = ["tcpdump", "-i", BRIDGE, "-n", "-U", "-Z", "root", "-w", str(self.path)]
        with self.log.open("wb") as log:
            self._process = subprocess.Popen(
                in_ns(self.switch_ns, argv), stdout=log, stderr=subprocess.STDOUT
            )
        if not wait_until(lambda: "listening on" in self.log.read_text(errors="replace"), 10):
            self.stop()
            raise LabError(f"tcpdump did not start: {self.log.read_text(errors='replace')}")
        return self

    def stop(self) -> Path:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGINT)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        return self.path

    def __enter__(self) -> Capture:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def pcap_ipv4_addresses(path: Path) -> set[IPv4Address]:
    """Every IPv4 source/destination in the capture: IP headers and ARP sender/target."""
    from scapy.layers.inet import IP
    from scapy.layers.l2 import ARP
    from scapy.utils import PcapReader

    found: set[IPv4Address] = set()
    with PcapReader(str(path)) as packets:
        for packet in packets:
            if IP in packet:
                found |= {IPv4Address(packet[IP].src), IPv4Address(packet[IP].dst)}
            if ARP in packet:
                found |= {IPv4Address(packet[ARP].psrc), IPv4Address(packet[ARP].pdst)}
    return found


def pcap_ethertypes(path: Path) -> set[int]:
    """The Ethernet types in the capture (IPv4 0x0800 and ARP 0x0806 only, when IPv6 is off)."""
    from scapy.layers.l2 import Ether
    from scapy.utils import PcapReader

    with PcapReader(str(path)) as packets:
        return {int(packet[Ether].type) for packet in packets if Ether in packet}


def outside_allowed(
    addresses: Iterable[IPv4Address], allowed: Iterable[str | IPv4Network] = ALLOWED
) -> set[IPv4Address]:
    """The addresses that are in none of the ``allowed`` networks."""
    nets = [ip_network(n) for n in allowed]
    return {a for a in addresses if not any(ip_address(a) in n for n in nets)}
