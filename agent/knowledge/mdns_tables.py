"""What mDNS/DNS-SD announcements mean (PROTOCOLS.md §5): service types and TXT keys.

Service types are normalised to ``_name._tcp`` (no ``.local.``, no subtype). TXT keys are
matched case-insensitively (RFC 6763 §6.4), and only for the services that define them: the
same key means different things per service (``md`` is the model for Cast, metadata types for
AirPlay audio). ``MODEL_KEYS`` / ``VENDOR_KEYS`` give the order ``describe`` reads them in.
"""

from __future__ import annotations

import re

from agent.knowledge.rows import ServiceRow, TxtRow
from schemas import DeviceType as T

S = ServiceRow

# fmt: off
SERVICES: tuple[ServiceRow, ...] = (
    S("_ipp._tcp", T.PRINTER, 70, "announces an IPP printer (_ipp._tcp)"),
    S("_ipps._tcp", T.PRINTER, 70, "announces an IPP printer over TLS (_ipps._tcp)"),
    S("_ipp-tls._tcp", T.PRINTER, 60, "announces an IPP printer (_ipp-tls._tcp)"),
    S("_pdl-datastream._tcp", T.PRINTER, 65, "announces raw printing (_pdl-datastream._tcp)"),
    S("_printer._tcp", T.PRINTER, 60, "announces LPD printing (_printer._tcp)"),
    S("_fax-ipp._tcp", T.PRINTER, 50, "announces an IPP fax queue (_fax-ipp._tcp)"),
    S("_uscan._tcp", T.PRINTER, 50, "announces an eSCL scanner, as MFPs do (_uscan._tcp)"),
    S("_uscans._tcp", T.PRINTER, 50, "announces an eSCL scanner, as MFPs do (_uscans._tcp)"),
    S("_scanner._tcp", T.PRINTER, 40, "announces a scanner (_scanner._tcp)"),
    S("_googlecast._tcp", T.MEDIA_PLAYER, 75, "announces Google Cast (_googlecast._tcp)"),
    S("_airplay._tcp", T.MEDIA_PLAYER, 50, "announces an AirPlay receiver (_airplay._tcp)"),
    S("_raop._tcp", T.MEDIA_PLAYER, 40, "announces an AirPlay audio receiver (_raop._tcp)"),
    S("_appletv-v2._tcp", T.MEDIA_PLAYER, 70, "announces Apple TV sharing (_appletv-v2._tcp)"),
    S("_mediaremotetv._tcp", T.MEDIA_PLAYER, 70, "announces Apple TV remote (_mediaremotetv._tcp)"),
    S("_touch-able._tcp", T.MEDIA_PLAYER, 50, "announces Apple remote control (_touch-able._tcp)"),
    S("_spotify-connect._tcp", T.MEDIA_PLAYER, 40,
      "offers Spotify Connect (_spotify-connect._tcp)"),
    S("_smb._tcp", T.NAS, 40, "shares files over SMB (_smb._tcp)"),
    S("_afpovertcp._tcp", T.NAS, 30, "shares files over AFP (_afpovertcp._tcp)"),
    S("_adisk._tcp", T.NAS, 50, "offers a Time Machine disk (_adisk._tcp)"),
    S("_nfs._tcp", T.NAS, 30, "shares files over NFS (_nfs._tcp)"),
    S("_workstation._tcp", T.COMPUTER, 20, "announces a workstation (_workstation._tcp)"),
    S("_rfb._tcp", T.COMPUTER, 20, "offers screen sharing / VNC (_rfb._tcp)"),
    S("_ssh._tcp", T.COMPUTER, 15, "offers SSH (_ssh._tcp)"),
    S("_sftp-ssh._tcp", T.COMPUTER, 10, "offers SFTP (_sftp-ssh._tcp)"),
    S("_companion-link._tcp", None, 0, "announces Apple companion link (_companion-link._tcp)"),
    S("_device-info._tcp", None, 0, "announces device information (_device-info._tcp)"),
    S("_hap._tcp", None, 0, "announces a HomeKit accessory (_hap._tcp)"),
    S("_http._tcp", None, 0, "offers a web interface (_http._tcp)"),
)
# fmt: on


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


APPLE_KEYS = ("rpmd", "model", "am")  # _companion-link rpMd, _airplay/_device-info model, _raop am
APPLE_SERVICES = ("_companion-link._tcp", "_airplay._tcp", "_device-info._tcp", "_raop._tcp")
CAST = ("_googlecast._tcp",)
INFO = ("_device-info._tcp",)
MAC_MODELS = r"^(MacBook|iMac|Macmini|MacPro|MacStudio|Mac\d)"
FILE_SERVER_MODELS = r"^(Xserve|RackMac|TimeCapsule|AirPort|MacSamba)"

# fmt: off
TXT: tuple[TxtRow, ...] = (
    TxtRow(APPLE_KEYS, _re(r"^iPhone"), T.PHONE_TABLET, 85, "Apple", "an iPhone", APPLE_SERVICES),
    TxtRow(APPLE_KEYS, _re(r"^iPad"), T.PHONE_TABLET, 85, "Apple", "an iPad", APPLE_SERVICES),
    TxtRow(APPLE_KEYS, _re(r"^iPod"), T.PHONE_TABLET, 80, "Apple", "an iPod", APPLE_SERVICES),
    TxtRow(APPLE_KEYS, _re(r"^AppleTV"), T.MEDIA_PLAYER, 85, "Apple", "an Apple TV",
           APPLE_SERVICES),
    TxtRow(APPLE_KEYS, _re(r"^(AudioAccessory|HomePod)"), T.MEDIA_PLAYER, 70, "Apple", "a HomePod",
           APPLE_SERVICES),
    TxtRow(APPLE_KEYS, _re(MAC_MODELS), T.COMPUTER, 80, "Apple", "a Mac", APPLE_SERVICES),
    TxtRow(("model",), _re(FILE_SERVER_MODELS), T.NAS, 50, None,
           "a file server (Samba/Netatalk model name)", INFO),
    TxtRow(("md",), _re(r"^(Chromecast|Google (TV|Nest|Home))"), T.MEDIA_PLAYER, 80, "Google",
           "a Google Cast device", CAST),
)

# Where describe() looks for a model, in this order: (service type, TXT key); "" = any service.
MODEL_KEYS: tuple[tuple[str, str], ...] = (
    ("", "usb_mdl"),
    ("", "usb_model"),
    ("", "ty"),
    ("", "product"),
    ("_googlecast._tcp", "md"),
    ("_hap._tcp", "md"),
    ("_airplay._tcp", "model"),
    ("_device-info._tcp", "model"),
    ("_raop._tcp", "am"),
    ("_companion-link._tcp", "rpmd"),
)
# fmt: on

# Where describe() looks for a maker name (normalised with VENDOR_ALIASES).
VENDOR_KEYS: tuple[str, ...] = ("usb_mfg", "usb_manu", "manufacturer", "mfg")
