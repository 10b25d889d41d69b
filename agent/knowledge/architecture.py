"""A general-purpose host's hardware class, when the host reports no hardware model. Pure.

A Linux, BSD or Windows host running a plain SNMP agent says what processor architecture it
runs on ("... 6.1.0-26-amd64 ... x86_64", "Hardware: Intel64 Family 6 ...") and nothing
about its maker or model. Such a host's model reads "Generic x86 64-bit", as LibreNMS's
Hardware column has it for the same hosts: a true statement about the hardware that tells a
technician "an ordinary PC or server (or a virtual machine) that does not report its model",
never a product name. It is the last model source, and only for a ``computer``: an appliance
running embedded Linux on MIPS or PowerPC is not "a generic MIPS".

A host that does report its hardware (Dell OpenManage, HPE Insight, Supermicro SuperDoctor,
the NET-SNMP-EXTEND ``hardware`` convention) gets that model instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GENERIC_PREFIX = "Generic "


@dataclass(frozen=True)
class ArchitectureRow:
    match: re.Pattern[str]
    hardware: str  # the words after "Generic "


def _word(pattern: str) -> re.Pattern[str]:
    """A whole token (matched with ``fullmatch``), in any case."""
    return re.compile(pattern, re.IGNORECASE)


# The machine-name tokens ``uname -m`` prints (Linux, BSD, macOS) and the processor words
# Windows puts after "Hardware:". First match wins; 64-bit names before their 32-bit family.
# fmt: off
ARCHITECTURES: tuple[ArchitectureRow, ...] = (
    ArchitectureRow(_word(r"x86_64|amd64|x64|Intel64|AMD64|EM64T"), "x86 64-bit"),
    ArchitectureRow(_word(r"i[3-6]86|x86"), "x86"),
    ArchitectureRow(_word(r"aarch64|arm64|ARM64"), "ARM 64-bit"),
    ArchitectureRow(_word(r"armv7\w*"), "ARMv7"),
    ArchitectureRow(_word(r"armv6\w*"), "ARMv6"),
    ArchitectureRow(_word(r"armv\d\w*|arm"), "ARM"),
    ArchitectureRow(_word(r"riscv64"), "RISC-V 64-bit"),
    ArchitectureRow(_word(r"ppc64\w*|powerpc64\w*"), "PowerPC 64-bit"),
    ArchitectureRow(_word(r"sparc64|sun4[uv]"), "SPARC 64-bit"),
    ArchitectureRow(_word(r"s390x"), "IBM Z"),
)
# fmt: on
WINDOWS_HARDWARE = re.compile(r"^\s*Hardware:\s*(?P<cpu>[^-]+?)\s+(Family|-)", re.IGNORECASE)


def generic_hardware(sys_descr: str | None) -> str | None:
    """The hardware class ("Generic x86 64-bit") a host's sysDescr names; else None.

    Windows names the processor after "Hardware:"; Unix-likes end with ``uname -m``. Only
    those places are read, so a host name or kernel build that happens to contain "arm"
    decides nothing."""
    text = (sys_descr or "").strip()
    windows = WINDOWS_HARDWARE.match(text)
    if windows:
        return _named(windows.group("cpu"))
    words = [word for word in text.split() if word != "GNU/Linux"]
    return _named(words[-1]) if len(words) > 1 else None


GENERIC_MODELS = frozenset(GENERIC_PREFIX + row.hardware for row in ARCHITECTURES)


def is_generic(model: str | None) -> bool:
    """Whether a model is a hardware class from ``generic_hardware``, not a product name."""
    return model in GENERIC_MODELS


def _named(token: str) -> str | None:
    for row in ARCHITECTURES:
        if row.match.fullmatch(token.strip()):
            return GENERIC_PREFIX + row.hardware
    return None
