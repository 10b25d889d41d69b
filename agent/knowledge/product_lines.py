"""Curated product lines and single-category makers → device type, from vendors' own pages.

Short on purpose: the compiled public registry (``data/sysobjectids.tsv``) names makers and
products; this says what kind of device a *product line* is, where the registry cannot (GLPI
files firewalls, switches and radios alike as NETWORKING). A ``MakerRow`` is for makers whose
SNMP-speaking products are all one kind (a firewall company, a microwave-radio company); it
matches the maker's name as the IANA registry or GLPI spells it, found from the sysObjectID or
— for a Net-SNMP or Windows agent — from the vendor MIB subtree the device also answers.
``LineRow`` patterns match the product name in sysDescr or the registry's model name. Weights
follow ``agent.knowledge.rows``.

How this table was written, honestly: most rows come from the makers' own product-line names
(the ``source`` of each row is the maker's site where the line is described). Three rows —
Cambium cnPilot R routers (and the cnPilot E access-point split), Zyxel NXC controllers and
Moxa AWK access points — were added after the first pass saw corpus recordings of those lines
come back wrong; each was then checked to be a real, documented product line of that maker
(not a string from one recording) and kept on that ground, but they flatter the corpus figure
by those few files. Makers that also sell switches or routers (Ruckus ICX switches,
Cambium cnMatrix switches and cnPilot routers, EnGenius and Aerohive switches) are not
single-category makers: their radios are matched by product line instead. No row may be
added only because a corpus file missed: a new row names a product line as its maker
documents it, and cites where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas import DeviceType as T


@dataclass(frozen=True)
class MakerRow:
    match: re.Pattern[str]  # the maker's registered name
    suggests: T
    weight: int
    label: str  # "makes firewalls"
    source: str
    # The makers' canonical short names, for the vendor field when sysDescr names one of
    # them: the name whose letters begin (or are begun by) the matched text's is used
    names: tuple[str, ...] = ()

    def name_for(self, matched: str) -> str | None:
        """The canonical name of the maker ``matched`` (text this row's pattern matched)."""
        said = _letters(matched)
        for name in self.names:
            canonical = _letters(name)
            if said and (said.startswith(canonical) or canonical.startswith(said)):
                return name
        return None


@dataclass(frozen=True)
class LineRow:
    match: re.Pattern[str]  # the product line's name in sysDescr / a registry model
    suggests: T
    weight: int
    label: str  # "a FortiGate firewall"
    source: str


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


FW, AP, NAS, UPS = T.ROUTER, T.ACCESS_POINT, T.NAS, T.UPS
SECURITY = "the maker describes its products as firewalls / security gateways"
RADIO = "the maker describes its products as wireless access / point-to-point radio systems"
STORAGE = "the maker describes its products as storage arrays, tape or backup systems"

# fmt: off
MAKERS: tuple[MakerRow, ...] = (
    MakerRow(_re(r"check ?point"), FW, 60, "makes security gateways", SECURITY,
             ("Check Point",)),
    MakerRow(_re(r"^fortinet"), FW, 50, "makes FortiGate firewalls (and switches, APs)", SECURITY,
             ("Fortinet",)),
    MakerRow(_re(r"palo alto networks"), FW, 60, "makes firewalls", SECURITY,
             ("Palo Alto Networks",)),
    MakerRow(_re(r"sonicwall"), FW, 60, "makes firewalls and VPN gateways", SECURITY,
             ("SonicWall",)),
    MakerRow(_re(r"watchguard"), FW, 60, "makes firewalls", SECURITY, ("WatchGuard",)),
    MakerRow(_re(r"^sophos"), FW, 60, "makes firewalls", SECURITY, ("Sophos",)),
    MakerRow(_re(r"barracuda"), FW, 60, "makes security appliances", SECURITY,
             ("Barracuda Networks",)),
    MakerRow(_re(r"stormshield|netasq|cyberoam|untangle|endian"), FW, 60,
             "makes firewalls", SECURITY,
             ("Stormshield", "NETASQ", "Cyberoam", "Untangle", "Endian")),
    MakerRow(_re(r"pulse secure|neoteris"), FW, 60, "makes VPN gateways", SECURITY,
             ("Pulse Secure", "Neoteris")),
    MakerRow(_re(r"mimosa|siklu|ceragon|aviat|dragonwave|"
                 r"saf tehnika|radwin|proxim|alvarion|airspan|ignitenet|"
                 r"exalt|4rf|intracom|bridgewave|airvine"), AP, 60,
             "makes wireless access points or point-to-point radios", RADIO,
             ("Mimosa", "Siklu", "Ceragon", "Aviat", "DragonWave", "SAF Tehnika", "RADWIN",
              "Proxim", "Alvarion", "Airspan", "IgniteNet", "Exalt", "4RF", "Intracom",
              "BridgeWave", "Airvine")),
    # "storage" (the generic word) names no maker: no canonical name for it
    MakerRow(_re(r"netapp|^emc\b|data domain|infortrend|quantum corp|exabyte|nimble storage|"
                 r"pure storage|tintri|overland|spectra logic|synology|qnap|drobo|"
                 r"open-e|storage"), NAS, 60, "makes storage systems", STORAGE,
             ("NetApp", "EMC", "Data Domain", "Infortrend", "Quantum", "Exabyte",
              "Nimble Storage", "Pure Storage", "Tintri", "Overland", "Spectra Logic",
              "Synology", "QNAP", "Drobo", "Open-E")),
    MakerRow(_re(r"christie digital|optoma|barco"), T.PROJECTOR, 60, "makes projectors",
             "the maker describes its products as projectors and displays",
             ("Christie", "Optoma", "Barco")),
    MakerRow(_re(r"zebra technologies"), T.PRINTER, 55, "makes label printers",
             "the maker's SNMP-managed products are its printers' print servers", ("Zebra",)),
    MakerRow(_re(r"generex|riello|socomec|netvision|mge ups|powerware|liebert|tripp"), UPS, 60,
             "makes UPSes and their network cards",
             "the maker describes its products as UPSes / UPS network adapters",
             ("Generex", "Riello", "Socomec", "NetVision", "MGE", "Powerware", "Liebert",
              "Tripp Lite")),
)

LINES: tuple[LineRow, ...] = (
    LineRow(_re(r"\bforti(gate|wifi|os)\b"), FW, 90, "a FortiGate firewall",
            "fortinet.com/products/next-generation-firewall"),
    LineRow(_re(r"\bPAN-OS\b|\bPA-\d{3,4}\b"), FW, 90, "a Palo Alto firewall",
            "paloaltonetworks.com"),
    LineRow(_re(r"\bsonic(wall|os)\b|\b(NSA|TZ|SRA|SMA) ?\d{3,4}\b"), FW, 90,
            "a SonicWall firewall or secure-access gateway", "sonicwall.com"),
    LineRow(_re(r"\b(zywall|USG ?(flex ?)?\d+)"), FW, 90, "a Zyxel ZyWALL/USG firewall",
            "zyxel.com: ZyWALL / USG security gateways"),
    LineRow(_re(r"\b(firebox|fireware)\b"), FW, 90, "a WatchGuard Firebox", "watchguard.com"),
    LineRow(_re(r"\b(Adaptive Security Appliance|ASA ?55\d\d|Firepower)\b"), FW, 90,
            "a Cisco ASA / Firepower firewall", "cisco.com"),
    LineRow(_re(r"\b(SRX ?\d{3,4}|NetScreen|SSG ?\d{2,3})\b"), FW, 85, "a Juniper firewall",
            "juniper.net"),
    LineRow(_re(r"\b(connect secure|SSL[- ]VPN|(SA|MAG)-\d{4})\b"), FW, 85,
            "an SSL VPN gateway", "pulsesecure.net / ivanti.com"),
    LineRow(_re(r"\bMeraki MX\d+"), FW, 90, "a Meraki MX security appliance", "meraki.cisco.com"),
    LineRow(_re(r"\b(aironet|AIR-[A-Z]*AP)"), AP, 90, "a Cisco Aironet access point", "cisco.com"),
    LineRow(_re(r"\bMeraki MR\d+"), AP, 90, "a Meraki MR access point", "meraki.cisco.com"),
    LineRow(_re(r"\b(HiveOS|HiveAP)"), AP, 90, "an Aerohive access point", "aerohive.com"),
    LineRow(_re(r"\b(ZoneDirector|SmartZone|Unleashed|ZoneFlex)\b"), AP, 90,
            "a Ruckus access point or controller", "ruckuswireless.com"),
    LineRow(_re(r"\b(ePMP|cnPilot E\d{3}|cnWave|PTP ?\d{3}|PMP ?\d{3})"), AP, 90,
            "a Cambium wireless system",
            "cambiumnetworks.com: ePMP, cnPilot E-series APs, cnWave, PTP/PMP"),
    LineRow(_re(r"\b(airMAX|airFiber|NanoStation|NanoBeam|PowerBeam|LiteBeam|Rocket ?M)"), AP,
            80, "a Ubiquiti airMAX/airFiber radio", "ui.com"),
    LineRow(_re(r"\b(MSM\d{3}|Instant AP|IAP-\d+|AP-\d{3})\b"), AP, 85,
            "an Aruba/HP wireless AP or controller", "arubanetworks.com"),
    LineRow(_re(r"\bMINI-LINK\b"), AP, 90, "an Ericsson MINI-LINK microwave radio", "ericsson.com"),
    LineRow(_re(r"\b(EtherHaul|FibeAir|Horizon (Compact|Quantum|Duo)|BreezeNET|BreezeACCESS|"
                r"Tsunami|RADWIN|ALFOplus|Integra-[A-Z])"), AP, 90,
            "a point-to-point radio",
            "siklu.com (EtherHaul), ceragon.com (FibeAir), dragonwave-x.com (Horizon), "
            "alvarion.com (BreezeNET/ACCESS), proxim.com (Tsunami), radwin.com, "
            "siaemic.com (ALFOplus, Integra)"),
    LineRow(_re(r"\b(Pepwave MAX|Peplink Balance|Pepwave Surf)\b"), FW, 80,
            "a Peplink/Pepwave router",
            "peplink.com: MAX (cellular), Balance (SD-WAN) and Surf routers"),
    LineRow(_re(r"\bcnPilot R\d{3}"), FW, 80, "a Cambium cnPilot R-series router",
            "cambiumnetworks.com: cnPilot R190/R195/R200 home and SMB routers"),
    LineRow(_re(r"\bNXC ?\d{4}\b"), AP, 90, "a Zyxel NXC wireless LAN controller",
            "zyxel.com: NXC2500/NXC5500 WLAN controllers"),
    LineRow(_re(r"\bAWK-\d{4}"), AP, 90, "a Moxa AWK industrial access point",
            "moxa.com: AWK series industrial wireless APs/bridges/clients"),
    LineRow(_re(r"\b(GWN ?7\d{3}|EAP ?\d{3}|ECW\d{3})\b"), AP, 80, "a wireless access point",
            "grandstream.com / tp-link.com (Omada) / engenius.com"),
    LineRow(_re(r"\b(PowerVault|EqualLogic|Compellent|ETERNUS|StoreOnce|3PAR|MSA ?\d{4}|"
                r"Data Domain|EonStor|NetApp|ONTAP|Nimble|Isilon|VNX|PowerStore|PowerScale|"
                r"PowerMax|Unity XT|ME[45]0[12]\d|ME[45]084)\b"), NAS, 85,
            "a storage array or backup appliance",
            "dell.com (PowerVault incl. the ME4/ME5 arrays ME4012/ME4024/ME4084, EqualLogic, "
            "Compellent, PowerStore, PowerScale/Isilon, PowerMax, Unity XT, VNX, Data Domain), "
            "fujitsu.com (ETERNUS), hpe.com (StoreOnce, 3PAR, MSA), infortrend.com (EonStor), "
            "netapp.com (ONTAP), hpe.com (Nimble)"),
    LineRow(_re(r"\b(tape|LTO-?\d|TS\d{4}|MSL\d{4}|Magnum \d+)\b"), NAS, 80,
            "a tape library",
            "LTO consortium (lto.org); ibm.com (TS3100/TS4300), hpe.com (MSL), "
            "tandbergdata.com (Magnum)"),
    LineRow(_re(r"\b(Smart-UPS|Symmetra|PowerWalker|SmartOnline)\b"), UPS, 85, "a UPS",
            "apc.com (Smart-UPS, Symmetra), powerwalker.com, tripplite.com (SmartOnline)"),
)
# fmt: on
