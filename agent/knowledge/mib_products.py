"""Product registrations in vendors' products MIBs → sysObjectID rows (model from the leaf name).

A vendor's products MIB assigns one OBJECT IDENTIFIER per model under a branch of its
enterprise; that OID is what the device answers as sysObjectID. ``PRODUCT_BRANCHES`` names,
per vendor, the branch whose leaves are products and how its leaf names read as model names
(the vendor's lowercase prefix, words that are not part of the model). A leaf is a
registration (``OBJECT IDENTIFIER`` / ``OBJECT-IDENTITY``) under that branch with no
registration under it. Its type comes only from the names of the branches above it inside the
products branch (``routerSwitch``, ``swhub``, ``industrialSwitch``, ``bridgeRouter``...), read
word by word with ``BRANCH_WORDS``; a branch whose name says no category gives no type.

The MIB files are checked in under ``sources/mibs`` (origin and licence in its SOURCES.md);
``agent.knowledge.generate`` compiles these rows into the sysObjectID table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from agent.knowledge.mib_parse import REGISTRATIONS, Node

ENTERPRISES = "1.3.6.1.4.1"


@dataclass(frozen=True)
class ProductBranch:
    """Where one vendor registers its products, and how its leaf names read as models.

    ``prefixes``: the vendor's lowercase leaf-name prefixes and how the vendor writes them in
    a model name (longest tried first; ``ap`` → ``AP-``, ``at`` → ``AT-``); ``brand``: put in
    front when no prefix matched; ``drop``: words that name the category, not the model;
    ``suffixes``: a leaf-name ending and how the vendor writes it (``on`` → ``-ON``);
    ``upper``: the vendor writes its models in capitals (``s4048t`` → ``S4048T``);
    ``types``: a branch whose name misleads, with the type the vendor's documentation gives
    (``""``: none — the branch holds several kinds of device); ``families``: a pattern at the
    start of the model that names one product family of a single kind (Palo Alto's ``PA-``
    firewalls → router), for a branch whose name says nothing; ``skip``: nodes under the
    branch (patterns of the whole name) whose subtrees are components, not products (line
    cards, fans, power supplies, software components);
    ``replace``: a pattern in the leaf name (after the prefix) and how the vendor writes it
    (Juniper's ``EX3400port48T`` → ``EX3400-48T``, Arista's ``7050SX64`` → ``7050SX-64``);
    ``nested``: every registration under the branch is a product, also one with products
    under it (Arista assigns ``DCS-7504N`` under ``DCS-7504``).
    """

    module: str  # the MIB module that defines the branch
    root: str  # the branch whose leaves are products
    vendor: str
    prefixes: tuple[tuple[str, str], ...] = ()
    brand: str = ""
    drop: tuple[str, ...] = ()
    suffixes: tuple[tuple[str, str], ...] = ()
    upper: bool = False
    types: tuple[tuple[str, str], ...] = ()
    families: tuple[tuple[str, str], ...] = ()
    skip: tuple[str, ...] = ()
    replace: tuple[tuple[str, str], ...] = ()
    nested: bool = False


DELL_ON = (("on", "-ON"),)
ALLIED = (("centreCom", "AT-"), ("at", "AT-"))
ARUBA = (("rap", "RAP-"), ("apm", "AP-M"), ("ap", "AP-"), ("a", ""))

# Arista writes DCS-<4-digit series><port letters>-<ports>: DCS-7050SX-64, DCS-7160-32CQ
ARISTA_DASHES = ((r"^(\d{4}[A-Z]+)(?=\d)", r"\1-"), (r"^(\d{4})(?=\d)", r"\1-"))
JUNIPER = (("jnxProductVariation", ""), ("jnxProductName", ""), ("jnxProduct", ""))
# Juniper's product families as juniper.net names them: EX and QFX Ethernet switches; SRX
# services gateways, J-series services routers, vSRX (Firefly Perimeter), LN rugged
# gateways, MAG secure-access gateways; MX, PTX, ACX, M, T routing platforms.
JUNIPER_FAMILIES = (
    (r"(EX\d|QFX)", "switch"),
    (r"((DELLJ)?SRX|J\d{4}|LN\d|MAG\d|FireflyPerimeter|VSRX)", "router"),
    (r"(MX|VMX|PTX|ACX|M\d|T\d|TXP?$)", "router"),
)
# NFX inner software components (host, JDM, JCP), not devices
JUNIPER_SKIP = (r"jnxProductNFX\w+SC(Host|Jdm|Jcp)",)

# fmt: off
# Extreme Networks (ExtremeXOS, EXTREME-BASE-MIB): leaf prefixes as Extreme writes its model
# names (Summit X460-G2-24t-10GE4, BlackDiamond 8810, ES6108-32c, SLX9740-40, VSP-7432CQ)
EXTREME = (
    ("summitWM", "Summit WM"), ("summitX", "Summit X"), ("summit", "Summit "),
    ("blackDiamond", "BlackDiamond "), ("bdx", "BlackDiamond X"), ("bd", "BlackDiamond "),
    ("alpine", "Alpine "), ("altitude", "Altitude "), ("sentriant", "Sentriant "),
    ("aviatCtr-", "Aviat CTR-"), ("e4g-", "E4G-"), ("ags", "AGS"), ("isw-", "ISW-"),
    ("nwi-", "NWI-"), ("oneC-", "OneC-"), ("vsp", "VSP-"), ("xa", "XA"), ("x", "X"),
    ("es", "ES"), ("extreme", ""),
)
# "x" between words stands for "-" (extremeNMSxAx25 → NMS-A-25, extremeSLX9740x40 → SLX9740-40,
# es6108x48vx8c → ES6108-48v-8c); the G2 series and its uplinks (summitX460G2-24t-10G4 →
# Summit X460-G2-24t-10GE4); the 825 is the X825
EXTREME_NAMES = (
    (r"(?<=[A-Z]{2})x(?=[A-Z])", "-"), (r"(?<=-[A-Z])x(?=[A-Z\d])", "-"),
    (r"^(SLX\d{4}|6108)x", r"\1-"), (r"(?<=\d[a-z])x(?=\d)", "-"),
    (r"^(\d{3})G2-", r"\1-G2-"), (r"(-G2-.*-)(10)?G4\b", r"\1\2GE4"), (r"^825-", "X825-"),
)
# Extreme's product families: Summit WM wireless controllers and Altitude access points;
# Summit, BlackDiamond, Alpine, X, 200-series, ISW, AGS, ES, SLX and VSP 7400 Ethernet switches
EXTREME_FAMILIES = (
    (r"(Summit WM|Altitude)", "access_point"),
    (r"(Summit|BlackDiamond|Alpine|X\d{3}|2[0-4]0-|ISW-|AGS|ES\d|SLX|VSP-?74)", "switch"),
)
# software, virtual and cloud platforms, whitebox hardware, and appliances whose leaf name is
# not the product name (extremeEMPx35 is the E1120)
EXTREME_SKIP = (
    r"ecos|vm386EXOS|xtremeWhitebox|extremeOnieStack|extremeFabricManager|slxOs\w+",
    r"extreme(Csp|Mcs|Sn|Virtual|EMP|ESE|ECA)\w+", r"vsp1100",
)

# Fortinet (FORTINET-FORTIGATE-MIB fgModel): the model as FortiOS writes it (FortiGate-60F,
# FortiWiFi-40F, FortiGateRugged-60F, FortiFirewall-3980E); the "I" models are the 3G4G ones
FORTINET = (
    ("fgt", "FortiGate-"), ("fg", "FortiGate-"), ("fwf", "FortiWiFi-"), ("fw", "FortiWiFi-"),
    ("fgr", "FortiGateRugged-"), ("ffw", "FortiFirewall-"),
)
FORTINET_NAMES = ((r"^(VM64|ARM64)(?=[A-Z])", r"\1-"),)
FORTINET_SUFFIXES = (("FI", "F-3G4G"), ("POE", "-POE"), ("BP", "-BP"), ("KVm", "KVM"))
# licence-type VM leaves (fgvm04, ffvmev...) and leaves whose product name the leaf does not give
FORTINET_SKIP = (r"fgv\w*|ffvm\w*|fgtvmx|fw81F[DP]|fr70F[BM]",)

# FortiSwitch (FORTINET-FORTISWITCH-MIB fsModel): s424df is the FortiSwitch-424D-FPOE, fs1d24
# the 1024D, st1e24 the T1024E, sr24dn the FortiSwitchRugged-124D; the last letter says the
# edition (n: none, p: POE, f: FPOE, v: VM, i: Fiber; fs108d and fs224d, with none, are the
# POE ones); the names match the vendor's comment on each of the 57 leaves
FORTISWITCH = (
    ("sr", "FortiSwitchRugged-1"), ("st", "FortiSwitch-T"), ("fs", "FortiSwitch-"),
    ("s", "FortiSwitch-"),
)
FORTISWITCH_NAMES = (
    (r"^(\d)([de])(\d\d)$", r"\g<1>0\g<3>\2"), (r"^(\d+)d", r"\1D"), (r"^(\d+)e", r"\1E"),
    (r"^(\d+)f", r"\1F"), (r"(?<=[DEF])n$", ""), (r"(?<=[DEF])p$", "-POE"),
    (r"(?<=[DEF])f$", "-FPOE"), (r"(?<=[DEF])v$", "-VM"), (r"(?<=[DEF])i$", "-Fiber"),
    (r"^426E", "M426E"), (r"^(108|224)D$", r"\1D-POE"),
)

# Huawei (HUAWEI-MIB, hwProducts 2011.2): the model as Huawei writes it, in capitals
# (S5720-28X-SI-AC, CE6850-48S6Q-HI, AR161FGW-L, AP4050DN, AC6605, NE40E-X8, USG6510E).
# Suffixes the MIB's comments say are not part of the name: -SEA ("Real name S5720-28P-LI-AC
# ... for oversea"), -V1 ("Real name S5320-52X-SI-AC"), -new, -740 (the 740 W power
# supply), the s12700lsw branch's "lsw"; "uusg6311e-poe" is the USG6311E-POE.
HUAWEI_NAMES = (
    (r"-(SEA|sea|V1|new|740)$", ""), (r"lsw$", ""), (r"^uusg", "usg"),
)
HUAWEI_WLAN = (
    ("wlanApWA", "WA"), ("wlanBridge", ""), ("wlanAp", "AP"), ("wlanAP", "AP"),
    ("wlanAt", "AT"), ("wlanAD", "AD"),
)
# hwProducts nodes that name a MIB, a common part, a reserved value or a software service
# (vFw's "das"), not a model
HUAWEI_SKIP = (
    r"lswCommon|s8016Common|s2x00-COMM|s5x00-MPLS-COMM|s5x00-L3-COMM|s9300-NEW-COMM|vasp",
    r"wlanApCommon|ne5000oem|virtual-cluster-chassis|bigData|das",
)
# The USG and Eudemon firewalls (router to us); the same branch holds AntiDDoS, NIP
# intrusion prevention, VSCAN and WAF appliances (no type)
HUAWEI_FIREWALLS = ((r"(USG|EUDEMON)", "router"),)

PRODUCT_BRANCHES: tuple[ProductBranch, ...] = (
    # Dell Networking OS (Force10 heritage, S/Z/C/E/M series): dellNetProducts, 6027.1
    ProductBranch("DELL-NETWORKING-SMI", "dellNetProducts", "Dell", suffixes=DELL_ON, upper=True),
    # Dell EMC Networking OS10: os10Products, 674.11000.5000.100.2
    ProductBranch("DELLEMC-OS10-PRODUCTS-MIB", "os10Products", "Dell", suffixes=DELL_ON,
                  upper=True),
    # Allied Telesis: products, 207.1 (bridgeRouter, routerSwitch, swhub, industrialSwitch...)
    ProductBranch("AT-SMI-MIB", "products", "Allied Telesis", prefixes=ALLIED, brand="AT-",
                  drop=("Router",)),
    # Aruba (ArubaOS): its "switchProducts" are mostly mobility controllers (wireless LAN
    # controllers, ``access_point`` to us) but also the S1500/S2500/S3500 Ethernet switches:
    # the branch name says no single type, so its rows get none.
    ProductBranch("ARUBA-MIB", "switchProducts", "Aruba", prefixes=ARUBA, upper=True,
                  types=(("switchProducts", ""),)),
    ProductBranch("ARUBA-MIB", "apProducts", "Aruba", prefixes=ARUBA, upper=True),
    # Palo Alto Networks: panProductsMibs, 25461.2.3 — PA- firewalls (and PA-VM), Panorama
    # and its M- appliances, WildFire WF- and GlobalProtect GP- appliances (no type)
    ProductBranch("PAN-GLOBAL-REG", "panProductsMibs", "Palo Alto Networks",
                  prefixes=(("pan", ""),), families=((r"PA-", "router"),),
                  skip=("panProcessingCards", "panFans", "panPowerSupplies")),
    # Arista: aristaProducts, 30065.1 — DCS- models are the vendor's Ethernet switches
    ProductBranch("ARISTA-SMI-MIB", "aristaProducts", "Arista",
                  prefixes=(("aristaDCS", "DCS-"), ("arista", "")),
                  replace=ARISTA_DASHES, suffixes=(("SSD", "-SSD"),),
                  families=((r"DCS-", "switch"),), nested=True),
    # Juniper (Junos): the sysObjectID is a jnxProductName leaf (2636.1.1.1.2.N) or, for
    # models with variants, a jnxProductVariation leaf (2636.1.1.1.4.N.M: EX3400port48T)
    ProductBranch("JUNIPER-CHASSIS-DEFINES-MIB", "jnxProductName", "Juniper", prefixes=JUNIPER,
                  families=JUNIPER_FAMILIES),
    ProductBranch("JUNIPER-CHASSIS-DEFINES-MIB", "jnxProductVariation", "Juniper",
                  prefixes=JUNIPER, families=JUNIPER_FAMILIES, replace=(("port", "-"),),
                  skip=JUNIPER_SKIP),
    # Extreme Networks: extremeProduct, 1916.2 (wireless controllers under wirelessProducts)
    ProductBranch("EXTREME-BASE-MIB", "extremeProduct", "Extreme Networks", prefixes=EXTREME,
                  replace=EXTREME_NAMES, families=EXTREME_FAMILIES, skip=EXTREME_SKIP),
    # Fortinet: fgModel, 12356.101.1 — FortiGate, FortiWiFi, FortiGateRugged, FortiFirewall:
    # next-generation firewalls (router to us), also their VM editions
    ProductBranch("FORTINET-FORTIGATE-MIB", "fgModel", "Fortinet", prefixes=FORTINET,
                  replace=FORTINET_NAMES, suffixes=FORTINET_SUFFIXES,
                  families=((r"Forti(Gate|WiFi|Firewall)", "router"),), skip=FORTINET_SKIP),
    # FortiSwitch: fsModel, 12356.106.5 — Ethernet switches
    ProductBranch("FORTINET-FORTISWITCH-MIB", "fsModel", "Fortinet", prefixes=FORTISWITCH,
                  replace=FORTISWITCH_NAMES, families=((r"FortiSwitch", "switch"),)),
    # Alcatel-Lucent Enterprise OmniSwitch (AOS 7/8): alcatelIND1DevicesMIB, 6486.801.1.1.2.1
    # — deviceOmniSwitch6860E-P24 is the OS6860E-P24 (the vendor's "Model Name"); fans, power
    # supplies, modules and boards are components
    ProductBranch("ALCATEL-IND1-DEVICES", "alcatelIND1DevicesMIB", "Alcatel",
                  prefixes=(("deviceOmniSwitch", "OS"),),
                  replace=((r"^(\d{4})([XT]\d)", r"\1-\2"),),
                  families=((r"OS\d", "switch"),),
                  skip=(r"(fans|powers|modules|daughterBoard|externBoard)OmniSwitch\w*",)),
    # WatchGuard: wgProducts, 3097.1 — Firebox X (fbX...), XTM, Firebox T/M/NV and their
    # virtual and cloud editions: all firewalls (router to us); models as the leaf names
    # (T40, M290, T45-PoE), as GLPI writes the older ones
    ProductBranch("WATCHGUARD-PRODUCTS-MIB", "wgProducts", "WatchGuard",
                  prefixes=(("fbX", "Firebox X"), ("xtm", "XTM")),
                  families=((r"Firebox|XTM|[TM]\d|NV\d", "router"),)),
    # Huawei: one branch per product family under hwProducts (2011.2); its other children
    # (musa's MIB branches, router's module/flash/config nodes, access-network and
    # transmission products) are not taken. S-series campus switches (lanSw 23, s9300 170,
    # s7700 223, s12700 225, s9700 236, s12700lsw 279, s7900 333) and CloudEngine
    # data-centre switches (dcswitch 239): switch
    *(
        ProductBranch("HUAWEI-MIB", root, "Huawei", replace=HUAWEI_NAMES, upper=True,
                      types=((root, "switch"),), skip=HUAWEI_SKIP)
        for root in ("lanSw", "s9300", "s7700", "s12700", "s9700", "s12700lsw", "s7900",
                     "dcswitch")
    ),
    # wlanAp (39): the access points (AP4050DN, the older WA1003, WB2010 bridges); wlan
    # (240): the AC6005/AC6605 wireless access controllers — access_point to us
    ProductBranch("HUAWEI-MIB", "wlanAp", "Huawei", prefixes=HUAWEI_WLAN, upper=True,
                  skip=HUAWEI_SKIP),
    ProductBranch("HUAWEI-MIB", "wlan", "Huawei", upper=True, replace=HUAWEI_NAMES),
    # AR access routers (ar 224), SRG service router gateways (srg 244), NetEngine routers
    # (ne5000 62 with NE40E/NE80E/NE5000E, ne20E 88, ne0508e 297, ne9000 315,
    # application-router's NE16EX): router. GLPI already has hsr (26) and routerGeneral (2.1).
    *(
        ProductBranch("HUAWEI-MIB", root, "Huawei", replace=HUAWEI_NAMES, upper=True,
                      types=((root, "router"),), skip=HUAWEI_SKIP)
        for root in ("ar", "srg", "ne5000", "ne20E", "ne0508e", "ne9000", "application-router")
    ),
    # SmartAX MA56xx/MA58xx access nodes (OLTs, MDUs) and EA5800s registered right under
    # hwProducts (ma5620 is 185, ma5800-x17 294): the family says no single kind, so no type
    ProductBranch("HUAWEI-MIB", "hwProducts", "Huawei", upper=True,
                  skip=(r"(?!(ma|ea)\d)[\w-]+",)),
    # Security gateways (usg 321: fw hardware, vFw virtual editions; usg9100)
    *(
        ProductBranch("HUAWEI-MIB", root, "Huawei", replace=HUAWEI_NAMES, upper=True,
                      types=(("fw", ""), ("vFw", "")), families=HUAWEI_FIREWALLS,
                      skip=HUAWEI_SKIP)
        for root in ("usg", "usg9100")
    ),
)
# fmt: on
# Leaves that hold a place, not a product ("reserved4", "apUndefined").
PLACEHOLDER = re.compile(r"reserved|undefined", re.IGNORECASE)

# Words in a branch name (split at camelCase) → our type. A name with a switch word is a
# switch (our ``switch`` covers "a switch or a router"), so ``routerSwitch`` is a switch.
BRANCH_WORDS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"switch", "switches", "swhub"}), "switch"),
    (frozenset({"router", "routers", "firewall", "firewalls", "gateway", "vpn"}), "router"),
    (frozenset({"wireless", "accesspoint", "wlan", "ap", "aps"}), "access_point"),
    (frozenset({"storage", "nas", "san"}), "nas"),
    (frozenset({"ups"}), "ups"),
    (frozenset({"printer", "printers"}), "printer"),
)

Row = tuple[str, str, str, str, str]  # oid under enterprises, vendor, type, model, source


def product_rows(nodes: Iterable[Node], branches: Iterable[ProductBranch]) -> Iterator[Row]:
    """One row per product leaf under each branch whose root resolved."""
    nodes = list(nodes)
    names = {node.oid: node.name for node in nodes if node.kind in REGISTRATIONS}
    roots = {(node.module, node.name): node.oid for node in nodes}
    for branch in branches:
        root = roots.get((branch.module, branch.root))
        if root is not None and root.startswith(ENTERPRISES + "."):
            yield from _branch_rows(nodes, names, root, branch)


def _branch_rows(
    nodes: list[Node], names: Mapping[str, str], root: str, branch: ProductBranch
) -> Iterator[Row]:
    registered = [n for n in nodes if n.kind in REGISTRATIONS and n.oid.startswith(root + ".")]
    skipped = tuple(n.oid for n in registered if any(re.fullmatch(p, n.name) for p in branch.skip))
    parents = set() if branch.nested else {node.oid.rpartition(".")[0] for node in registered}
    for node in registered:
        model = leaf_model(node.name, branch)
        if node.oid in parents or not model or PLACEHOLDER.search(node.name):
            continue
        if any(node.oid == oid or node.oid.startswith(oid + ".") for oid in skipped):
            continue
        kind = branch_type(node.oid, root, names, dict(branch.types)) or family_type(model, branch)
        yield (node.oid[len(ENTERPRISES) + 1 :], branch.vendor, kind, model, node.module)


def family_type(model: str, branch: ProductBranch) -> str:
    """The type of the product family the model's start names (``branch.families``), or ""."""
    return next((kind for start, kind in branch.families if re.match(start, model)), "")


def branch_type(
    oid: str, root: str, names: Mapping[str, str], types: Mapping[str, str] | None = None
) -> str:
    """The type the nearest branch name from ``oid``'s parent up to ``root`` says, or ""."""
    arcs = oid.split(".")
    for length in range(len(arcs) - 1, len(root.split(".")) - 1, -1):
        name = names.get(".".join(arcs[:length]), "")
        kind = (types or {})[name] if name in (types or {}) else words_type(name)
        if kind or name in (types or {}):
            return kind
    return ""


def words_type(name: str) -> str:
    words = {word.lower() for word in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", name)}
    return next((kind for vocabulary, kind in BRANCH_WORDS if words & vocabulary), "")


def leaf_model(name: str, branch: ProductBranch) -> str:
    """A readable model from a leaf name: ``atx23028GP`` → ``AT-x23028GP``,
    ``s4048Ton`` → ``S4048T-ON``, ``centreComAR450Router`` → ``AT-AR450``, ``ap515`` →
    ``AP-515``. Empty when nothing but the prefix or the dropped words is left."""
    written, core = _split_prefix(name, branch.prefixes, branch.brand)
    for word in branch.drop:
        core = core.replace(word, "")
    for pattern, written_as in branch.replace:
        core = re.sub(pattern, written_as, core)
    for ending, spelled in branch.suffixes:
        if core.endswith(ending) and len(core) > len(ending):
            core = core[: -len(ending)] + spelled
            break
    core = core.strip("-_ ")
    if not core:
        return ""
    model = written + core
    return model.upper() if branch.upper else model


def _split_prefix(name: str, prefixes: tuple[tuple[str, str], ...], brand: str) -> tuple[str, str]:
    """(the vendor's way of writing the leaf prefix, the rest); the brand when none matched."""
    for prefix, written in sorted(prefixes, key=lambda pair: len(pair[0]), reverse=True):
        if name.startswith(prefix) and len(name) > len(prefix):
            return written, name[len(prefix) :]
    return brand, name
