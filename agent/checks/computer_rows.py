"""HOST-RESOURCES-MIB (RFC 2790) rows for computers: storage and processor load."""

from __future__ import annotations

import re

STORAGE_ENTRY = "1.3.6.1.2.1.25.2.3.1"  # .2 type .3 descr .4 allocation units .5 size .6 used
STORAGE_COLUMNS = (2, 3, 4, 5, 6)
FIXED_DISK = "1.3.6.1.2.1.25.2.1.4"  # hrStorageFixedDisk
RAM = "1.3.6.1.2.1.25.2.1.2"  # hrStorageRam
PROCESSOR_LOAD = "1.3.6.1.2.1.25.3.3.1.2"  # hrProcessorLoad, % per CPU
HR_SYSTEM_UPTIME = "1.3.6.1.2.1.25.1.1.0"
WALKS = (*(f"{STORAGE_ENTRY}.{c}" for c in STORAGE_COLUMNS), PROCESSOR_LOAD)
SCALARS = (HR_SYSTEM_UPTIME, "1.3.6.1.2.1.1.3.0")
# Windows describes a volume as "C:\ Label:Data  Serial Number 10f82425"
DISK_LABEL = re.compile(r"^(.*?)\s+Label:.*$")
MAX_DISKS = 32
# Net-SNMP lists memory-backed and virtual Linux mounts (/dev/shm, /run, /run/lock...) as
# hrStorageFixedDisk; they are not disks. Nor is a filesystem smaller than MIN_DISK_BYTES.
NOT_A_DISK = re.compile(r"^/(dev|run|sys|proc)(/|$)")
MIN_DISK_BYTES = 16 * 2**20
