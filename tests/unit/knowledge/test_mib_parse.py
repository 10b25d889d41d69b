"""The products-MIB reader: recorded excerpts of vendors' MIBs, then garbage (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.knowledge.mib_parse import Module, Node, parse_module, resolve
from agent.knowledge.mib_products import ProductBranch, leaf_model, product_rows, words_type

# Excerpts as the vendors wrote them (tabs, comments, OBJECT-IDENTITY with DESCRIPTION).
DELL_SMI = (
    "\tDELL-NETWORKING-SMI DEFINITIONS ::= BEGIN \n\tIMPORTS\n\t\tMODULE-IDENTITY,enterprises,\n"
    "\t\tOBJECT-IDENTITY \n\t\t\tFROM SNMPv2-SMI; \n\n\tdellNet  MODULE-IDENTITY\n"
    '\tLAST-UPDATED "200706151200Z"   -- June 15, 2007 12:00:00 GMT\n'
    '\tORGANIZATION\n\t  "Dell Inc"\n\tDESCRIPTION\n\t   "The Structure of Management'
    ' Information."\n\t::= { enterprises 6027 }\t-- assigned by IANA\n\n'
    "\tdellNetProducts OBJECT-IDENTITY\n\t\tSTATUS\tcurrent\n\t\tDESCRIPTION\n"
    '\t\t\t"Dell Networking OS Products\' OID."\n\t\t::= { dellNet 1 }\n\tEND\n'
)
DELL_PRODUCTS = (
    "\tDELL-NETWORKING-PRODUCTS-MIB DEFINITIONS ::= BEGIN\n\n\tIMPORTS\n"
    "        \tMODULE-IDENTITY,\n        \tOBJECT-IDENTITY\n           \tFROM SNMPv2-SMI\n"
    "        \tdellNetModules, dellNetProducts\n          \tFROM DELL-NETWORKING-SMI;\n"
    "\tdellNetSSeriesProducts  OBJECT-IDENTITY\n   \t\tSTATUS         current\n"
    '   \t\tDESCRIPTION\n      \t\t"This object identifier roots Dell Networking OS S-Series'
    ' product\n      \t\t object identifiers."\n   \t\t::= { dellNetProducts 3 }\n'
    "\ts4048on\tOBJECT-IDENTITY\n            \tSTATUS  current\n            \tDESCRIPTION\n"
    '                "Dell Networking OS S4048 ON access switch."\n'
    "        \t::= { dellNetSSeriesProducts 22 }\n"
    "    s4048t  OBJECT-IDENTITY\n            STATUS  current\n            DESCRIPTION\n"
    '                "Dell Networking OS S4048T-ON access switch."\n'
    "            ::= { dellNetSSeriesProducts 30 }\nEND\n"
)
ALLIED = (
    "    AT-PRODUCT-MIB DEFINITIONS ::= BEGIN\n        IMPORTS\n            enterprises\n"
    "                FROM SNMPv2-SMI;\n"
    "        products OBJECT IDENTIFIER ::= { enterprises 207 1 }\n"
    "        bridgeRouter OBJECT-IDENTITY\n            STATUS current\n            DESCRIPTION\n"
    '                "subtree beneath which brige product MIB object ids are assigned."\n'
    "            ::= { products 1 }\n"
    "        centreComAR300Router OBJECT IDENTIFIER ::= { bridgeRouter 8 }\n"
    "        swhub OBJECT-IDENTITY\n            STATUS current\n            DESCRIPTION\n"
    '                "subtree beneath which Layer2 switch product MIB object ids are assigned."\n'
    "            ::= { products 4 }\n"
    "        atx23028GP OBJECT IDENTIFIER ::= { swhub 230 }\n"
    "        x90048FS OBJECT IDENTIFIER ::= { swhub 68 }\n"
    "--      atGone OBJECT IDENTIFIER ::= { swhub 9 }\n"
    "    END\n"
)
ALLIED_BRANCH = ProductBranch(
    "AT-PRODUCT-MIB",
    "products",
    "Allied Telesis",
    prefixes=(("centreCom", "AT-"), ("at", "AT-")),
    brand="AT-",
    drop=("Router",),
)


def _module(text: str) -> Module:
    module = parse_module(text)
    assert module is not None
    return module


def test_assignments_resolve_across_modules_through_imports() -> None:
    nodes = {n.name: n for n in resolve([_module(DELL_SMI), _module(DELL_PRODUCTS)])}
    assert nodes["dellNet"].oid == "1.3.6.1.4.1.6027"
    assert nodes["s4048on"].oid == "1.3.6.1.4.1.6027.1.3.22"
    assert nodes["s4048on"].kind == "OBJECT-IDENTITY"
    assert nodes["s4048t"].module == "DELL-NETWORKING-PRODUCTS-MIB"


def test_an_unresolved_import_gives_no_oid() -> None:
    # the SMI module that defines dellNetProducts is not there: nothing is guessed
    assert resolve([_module(DELL_PRODUCTS)]) == []


def test_commented_out_assignments_and_descriptions_assign_nothing() -> None:
    module = _module(ALLIED)
    names = [a.name for a in module.assignments]
    assert "atGone" not in names
    expected = ["products", "bridgeRouter", "centreComAR300Router", "swhub", "atx23028GP"]
    assert names == [*expected, "x90048FS"]
    quoted = 'X-MIB DEFINITIONS ::= BEGIN\na OBJECT-IDENTITY DESCRIPTION "b OBJECT IDENTIFIER'
    quoted += ' ::= { enterprises 9 }" ::= { enterprises 1 }\nEND'
    assert [(n.name, n.oid) for n in resolve([_module(quoted)])] == [("a", "1.3.6.1.4.1.1")]


def test_numeric_and_named_number_forms() -> None:
    text = (
        "X-MIB DEFINITIONS ::= BEGIN\n"
        "root OBJECT IDENTIFIER ::= { iso(1) org(3) dod(6) internet(1) private(4) 1 99 }\n"
        "leaf OBJECT IDENTIFIER ::= { root sub(2) 7 }\n"
        "bad OBJECT IDENTIFIER ::= { root x }\nEND"
    )
    nodes = {n.name: n.oid for n in resolve([_module(text)])}
    assert nodes == {"root": "1.3.6.1.4.1.99", "leaf": "1.3.6.1.4.1.99.2.7"}


def test_cycles_resolve_to_nothing() -> None:
    text = "X DEFINITIONS ::= BEGIN\na OBJECT IDENTIFIER ::= { b 1 }\n"
    text += "b OBJECT IDENTIFIER ::= { a 1 }\nEND"
    assert resolve([_module(text)]) == []


def test_product_rows_model_and_type_from_the_branch() -> None:
    rows = sorted(product_rows(resolve([_module(ALLIED)]), [ALLIED_BRANCH]))
    assert rows == [
        ("207.1.1.8", "Allied Telesis", "router", "AT-AR300", "AT-PRODUCT-MIB"),
        ("207.1.4.230", "Allied Telesis", "switch", "AT-x23028GP", "AT-PRODUCT-MIB"),
        ("207.1.4.68", "Allied Telesis", "switch", "AT-x90048FS", "AT-PRODUCT-MIB"),
    ]


def test_a_branch_with_no_category_word_gives_no_type() -> None:
    branch = ProductBranch("DELL-NETWORKING-SMI", "dellNetProducts", "Dell", upper=True)
    rows = list(product_rows(resolve([_module(DELL_SMI), _module(DELL_PRODUCTS)]), [branch]))
    assert {row[2] for row in rows} == {""}
    assert sorted(row[3] for row in rows) == ["S4048ON", "S4048T"]


def test_leaf_names_read_as_models() -> None:
    dell = ProductBranch("M", "r", "Dell", suffixes=(("on", "-ON"),), upper=True)
    assert leaf_model("s4048Ton", dell) == "S4048T-ON"
    assert leaf_model("mx5108Non", dell) == "MX5108N-ON"
    assert leaf_model("on", dell) == "ON"  # the ending alone is not taken off
    aruba = ProductBranch("M", "r", "Aruba", prefixes=(("rap", "RAP-"), ("ap", "AP-")), upper=True)
    assert leaf_model("ap515", aruba) == "AP-515"
    assert leaf_model("rap3wn", aruba) == "RAP-3WN"
    assert leaf_model("atRouter", ALLIED_BRANCH) == ""  # nothing left but category words


def test_branch_words() -> None:
    assert words_type("routerSwitch") == "switch"
    assert words_type("bridgeRouter") == "router"
    assert words_type("apProducts") == "access_point"
    assert words_type("dellNetSSeriesProducts") == ""
    assert words_type("snapshot") == ""  # no "nas" inside a word


PIECES = st.sampled_from(
    [
        "X-MIB DEFINITIONS ::= BEGIN\n",
        "IMPORTS enterprises FROM SNMPv2-SMI;\n",
        "a OBJECT IDENTIFIER ::= { enterprises 9 }\n",
        "b OBJECT IDENTIFIER ::= { a 1 }\n",
        "c OBJECT-IDENTITY STATUS current ::= { b 2 }\n",
        "d OBJECT IDENTIFIER ::= { zz 3 }\n",
        '"',
        "--",
        "{",
        "}",
        "::=",
        ";",
        "(",
        ")",
        "END\n",
        "\n",
    ]
)
GARBAGE = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=40).map("".join))


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(GARBAGE, max_size=3))
def test_garbage_never_raises_and_every_node_and_row_has_a_resolved_oid(texts: list[str]) -> None:
    modules = [m for m in (parse_module(text) for text in texts) if m is not None]
    nodes = resolve(modules)
    assert all(isinstance(n, Node) and _is_oid(n.oid) for n in nodes)
    branch = ProductBranch("X-MIB", "a", "Acme", prefixes=(("x", "X-"),))
    for row in product_rows(nodes, [branch]):
        assert _is_oid(row[0])
        assert row[3]


def _is_oid(oid: str) -> bool:
    return bool(oid) and all(arc.isdigit() for arc in oid.split("."))


PAN_REG = (
    "PAN-GLOBAL-REG DEFINITIONS ::= BEGIN\n\tIMPORTS\n\t\tenterprises\n\t\t\tFROM SNMPv2-SMI;\n"
    "\tpanRoot OBJECT-IDENTITY\n\t\tSTATUS\t\t\t\t\tcurrent\n\t\t::= { enterprises 25461 }\n"
    "\tpanMibs OBJECT-IDENTITY\n\t\t::= { panRoot 2 }\n"
    "\tpanProductsMibs OBJECT-IDENTITY\n\t\t::= { panMibs 3 }\nEND\n"
)
PAN_PRODUCTS = (
    "PAN-PRODUCTS-MIB DEFINITIONS ::= BEGIN\n\tIMPORTS\n\t\tpanModules, panProductsMibs\n"
    "\t\t\tFROM PAN-GLOBAL-REG;\n"
    '\tpanPA-220 OBJECT-IDENTITY\n\t\tSTATUS\t\t\t\t\tcurrent\n\t\tDESCRIPTION\t\t\t\t"\n'
    '\t\t\tSub-tree for PA-220 specific objects."\n\t\t::= { panProductsMibs 38 }\n'
    "\tpanM-100 OBJECT-IDENTITY\n\t\t::= { panProductsMibs 30 }\n"
    "\tpanFans OBJECT-IDENTITY\n\t\t::= { panProductsMibs 101 }\n"
    "\tpanProcessingCards OBJECT-IDENTITY\n\t\t::= { panProductsMibs 100 }\n"
    "\tpanPA-7000-SMC OBJECT-IDENTITY\n\t\t::= { panProcessingCards 1 }\nEND\n"
)


def test_product_families_type_a_leaf_and_component_subtrees_are_skipped() -> None:
    branch = ProductBranch(
        "PAN-GLOBAL-REG",
        "panProductsMibs",
        "Palo Alto Networks",
        prefixes=(("pan", ""),),
        families=(("PA-", "router"),),
        skip=("panProcessingCards", "panFans"),
    )
    nodes = resolve([_module(PAN_REG), _module(PAN_PRODUCTS)])
    rows = sorted(product_rows(nodes, [branch]))
    assert rows == [
        ("25461.2.3.30", "Palo Alto Networks", "", "M-100", "PAN-PRODUCTS-MIB"),
        ("25461.2.3.38", "Palo Alto Networks", "router", "PA-220", "PAN-PRODUCTS-MIB"),
    ]


def test_juniper_leaf_names_read_as_the_vendor_writes_its_models() -> None:
    from agent.knowledge.mib_products import JUNIPER, JUNIPER_FAMILIES, family_type

    branch = ProductBranch(
        "JUNIPER-CHASSIS-DEFINES-MIB",
        "jnxProductVariation",
        "Juniper",
        prefixes=JUNIPER,
        families=JUNIPER_FAMILIES,
        replace=(("port", "-"),),
    )
    assert leaf_model("jnxProductEX3400port48T", branch) == "EX3400-48T"
    assert leaf_model("jnxProductNameSRX340", branch) == "SRX340"
    assert leaf_model("jnxProductVariationM40", branch) == "M40"
    assert family_type("EX3400-48T", branch) == "switch"
    assert family_type("QFX510048S6Q", branch) == "switch"
    assert family_type("SRX340", branch) == "router"
    assert family_type("MX480", branch) == "router"
    assert family_type("NFX350S1", branch) == ""  # a uCPE platform: no single kind
    assert family_type("EXXRE", branch) == ""  # an external routing engine, not a switch


ARISTA_SMI = (
    "ARISTA-SMI-MIB DEFINITIONS ::= BEGIN\nIMPORTS\n    enterprises\n        FROM SNMPv2-SMI;\n"
    "arista MODULE-IDENTITY\n    ::= { enterprises 30065 }        -- assigned by IANA\n"
    "aristaProducts OBJECT-IDENTITY\n    STATUS current\n    ::= { arista 1 }\nEND\n"
)
ARISTA_PRODUCTS = (
    "ARISTA-PRODUCTS-MIB DEFINITIONS ::= BEGIN\nIMPORTS\n    aristaProducts\n"
    "        FROM ARISTA-SMI-MIB;\n"
    "-- DCS-7504 Switch Chassis.\n"
    "aristaDCS7504 OBJECT IDENTIFIER ::= { aristaProducts 3011 7504 }\n"
    "-- DCS-7504N Switch Chassis, with AC or DC Power Supply\n"
    "aristaDCS7504N OBJECT IDENTIFIER ::= { aristaProducts 3011 7504 1359 }\n"
    "aristaDCS7050S64SSD OBJECT IDENTIFIER ::= { aristaProducts 3011 7050 3282 64 761 }\n"
    "aristaCVX OBJECT IDENTIFIER ::= { aristaProducts 2682 }\nEND\n"
)


def test_nested_registrations_are_products_and_arista_models_get_their_dashes() -> None:
    from agent.knowledge.mib_products import PRODUCT_BRANCHES

    arista = next(b for b in PRODUCT_BRANCHES if b.vendor == "Arista")
    rows = sorted(product_rows(resolve([_module(ARISTA_SMI), _module(ARISTA_PRODUCTS)]), [arista]))
    assert [(row[0], row[2], row[3]) for row in rows] == [
        ("30065.1.2682", "", "CVX"),  # CloudVision eXchange: no type from its name
        ("30065.1.3011.7050.3282.64.761", "switch", "DCS-7050S-64-SSD"),
        ("30065.1.3011.7504", "switch", "DCS-7504"),  # has DCS-7504N under it: still a product
        ("30065.1.3011.7504.1359", "switch", "DCS-7504N"),
    ]


EXTREME_BASE = (
    "EXTREME-BASE-MIB DEFINITIONS ::= BEGIN\nIMPORTS\n    enterprises FROM RFC1155-SMI;\n"
    "extremenetworks MODULE-IDENTITY\n    ::= { enterprises 1916 }\n"
    "extremeProduct OBJECT IDENTIFIER ::= { extremenetworks 2 }\n"
    "summitX460G2-24t-10G4   OBJECT IDENTIFIER ::= { extremeProduct 197 }\n"
    "extremeNMSxAx25 OBJECT-IDENTITY\n    STATUS    current\n"
    '--  Name      "NMS-A-25\n    ::= { extremeProduct 277 }\n'
    "extremeEMPx35 OBJECT-IDENTITY\n    STATUS current\n    ::= { extremeProduct 282 }\n"
    "wirelessProducts OBJECT IDENTIFIER ::= { extremeProduct 131 }\n"
    "summitWM3700 OBJECT IDENTIFIER ::= { wirelessProducts 15 }\nEND\n"
)


def test_extreme_leaf_names_read_as_the_vendor_writes_its_models() -> None:
    from agent.knowledge.mib_products import PRODUCT_BRANCHES

    extreme = next(b for b in PRODUCT_BRANCHES if b.vendor == "Extreme Networks")
    rows = sorted(product_rows(resolve([_module(EXTREME_BASE)]), [extreme]))
    assert [(row[0], row[2], row[3]) for row in rows] == [
        ("1916.2.131.15", "access_point", "Summit WM3700"),  # under wirelessProducts
        ("1916.2.197", "switch", "Summit X460-G2-24t-10GE4"),
        ("1916.2.277", "", "NMS-A-25"),  # a management server: no type
    ]  # extremeEMPx35 is the E1120: its leaf name is no model, it is skipped
    expected = {
        "summitX450a-24xDC": "Summit X450a-24xDC",
        "summitPx1": "Summit Px1",
        "bdx8": "BlackDiamond X8",
        "e4g-200-12x": "E4G-200-12x",
        "es6108x48vx8c": "ES6108-48v-8c",
        "extremeSLX9740x40": "SLX9740-40",
        "extreme825-48v-6c": "X825-48v-6c",
        "summitX440G2-48t-10G4-DC": "Summit X440-G2-48t-10GE4-DC",
        "isw-8P-G4": "ISW-8P-G4",
        "x465-24mu-24w": "X465-24mu-24w",
    }
    assert {leaf: leaf_model(leaf, extreme) for leaf in expected} == expected


def test_fortinet_leaf_names_read_as_fortios_writes_its_models() -> None:
    from agent.knowledge.mib_products import PRODUCT_BRANCHES, family_type

    fortinet = next(b for b in PRODUCT_BRANCHES if b.vendor == "Fortinet")
    expected = {
        "fgt60F": "FortiGate-60F",
        "fwf40F": "FortiWiFi-40F",
        "fg40FI": "FortiGate-40F-3G4G",
        "fgr60F": "FortiGateRugged-60F",
        "fgt80FPOE": "FortiGate-80F-POE",
        "fgtVM64KVm": "FortiGate-VM64-KVM",
        "ffw3980E": "FortiFirewall-3980E",
    }
    assert {leaf: leaf_model(leaf, fortinet) for leaf in expected} == expected
    assert {family_type(model, fortinet) for model in expected.values()} == {"router"}


def test_fortiswitch_leaf_names_read_as_the_vendor_comments_name_them() -> None:
    from agent.knowledge.mib_products import PRODUCT_BRANCHES

    fortiswitch = next(b for b in PRODUCT_BRANCHES if b.module == "FORTINET-FORTISWITCH-MIB")
    expected = {
        "s424df": "FortiSwitch-424D-FPOE",
        "s108fn": "FortiSwitch-108F",
        "s148ep": "FortiSwitch-148E-POE",
        "s424ei": "FortiSwitch-424E-Fiber",
        "fs1d24": "FortiSwitch-1024D",
        "st1e24": "FortiSwitch-T1024E",
        "sr24dn": "FortiSwitchRugged-124D",
        "s426ef": "FortiSwitch-M426E-FPOE",
        "fs108d": "FortiSwitch-108D-POE",
    }
    assert {leaf: leaf_model(leaf, fortiswitch) for leaf in expected} == expected


def test_omniswitch_leaf_names_read_as_the_vendor_model_names() -> None:
    from agent.knowledge.mib_products import PRODUCT_BRANCHES, family_type

    omniswitch = next(b for b in PRODUCT_BRANCHES if b.module == "ALCATEL-IND1-DEVICES")
    # the "Model Name:" each leaf's DESCRIPTION gives
    expected = {
        "deviceOmniSwitch6860E-P24": "OS6860E-P24",
        "deviceOmniSwitch6860U-28": "OS6860U-28",
        "deviceOmniSwitch6900X20": "OS6900-X20",
        "deviceOmniSwitch6900T40": "OS6900-T40",
        "deviceOmniSwitch10000": "OS10000",
    }
    assert {leaf: leaf_model(leaf, omniswitch) for leaf in expected} == expected
    assert {family_type(model, omniswitch) for model in expected.values()} == {"switch"}


def test_a_capitalised_name_is_read_for_a_plain_oid_only() -> None:
    # WatchGuard names its products T40, M290; a capital word before a macro is not a value
    text = (
        "X-MIB DEFINITIONS ::= BEGIN\n"
        "series OBJECT IDENTIFIER ::= { enterprises 3097 1 5 }\n"
        "T40        OBJECT IDENTIFIER ::= { series 87 }\n"
        "T45-PoE    OBJECT IDENTIFIER ::= { series 101 }\n"
        "SYNTAX OBJECT-TYPE ::= { series 9 }\n"
        "Foo ::= OBJECT IDENTIFIER\nEND"
    )
    nodes = {n.name: n.oid for n in resolve([_module(text)])}
    assert nodes == {
        "series": "1.3.6.1.4.1.3097.1.5",
        "T40": "1.3.6.1.4.1.3097.1.5.87",
        "T45-PoE": "1.3.6.1.4.1.3097.1.5.101",
    }


def test_watchguard_products_are_firewalls_named_as_the_leaves() -> None:
    from agent.knowledge.mib_products import PRODUCT_BRANCHES, family_type

    watchguard = next(b for b in PRODUCT_BRANCHES if b.vendor == "WatchGuard")
    expected = {
        "T40": "T40",
        "T45-W-PoE": "T45-W-PoE",
        "M290": "M290",
        "NV5": "NV5",
        "xtm25-W": "XTM25-W",
        "xtmv-SM": "XTMv-SM",
        "fbX500": "Firebox X500",
        "FireboxCloud-LG": "FireboxCloud-LG",
    }
    assert {leaf: leaf_model(leaf, watchguard) for leaf in expected} == expected
    assert {family_type(model, watchguard) for model in expected.values()} == {"router"}


HUAWEI = (
    "HUAWEI-MIB DEFINITIONS ::= BEGIN\r\n"
    "    IMPORTS enterprises, MODULE-IDENTITY FROM SNMPv2-SMI;\r\n"
    '    huawei MODULE-IDENTITY LAST-UPDATED "201901160000Z"\r\n'
    '        DESCRIPTION "s9999 OBJECT IDENTIFIER ::= { lanSw 999 }" ::= { enterprises 2011 }\r\n'
    "    hwProducts OBJECT IDENTIFIER ::= { huawei 2 }\r\n"
    "    musa OBJECT IDENTIFIER ::= { hwProducts 6 }\r\n"
    "        hwMa5100Mib OBJECT IDENTIFIER ::= { musa 5 }\r\n"
    "    ma5620          OBJECT IDENTIFIER ::= { hwProducts 185}\r\n"
    "    lanSw OBJECT IDENTIFIER ::= { hwProducts 23 }\r\n"
    "        lswCommon OBJECT IDENTIFIER ::= { lanSw 1 }\r\n"
    "        s8016 OBJECT IDENTIFIER ::= { lanSw 11 }\r\n"
    "        s8016Common OBJECT IDENTIFIER ::= { s8016 1 }\r\n"
    "        s8016A OBJECT IDENTIFIER ::= { s8016 2 }\r\n"
    "        s5720-28X-SI-AC OBJECT IDENTIFIER ::= { lanSw 327 }\r\n"
    "        s2x00-COMM OBJECT IDENTIFIER ::= { lanSw 495 } -- Reserved for  U2000\r\n"
    "        s5720-28P-LI-AC-SEA OBJECT IDENTIFIER ::= { lanSw 576 } -- Real name\r\n"
    "        s5320-52X-SI-AC-V1 OBJECT IDENTIFIER ::= { lanSw 611 }\r\n"
    "    wlanAp OBJECT IDENTIFIER ::= { hwProducts 39 }\r\n"
    "        wlanApCommon OBJECT IDENTIFIER ::= { wlanAp 1 }\r\n"
    "        wlanApWA1003 OBJECT IDENTIFIER ::= { wlanAp 2 }\r\n"
    "        wlanAP4050DN OBJECT IDENTIFIER ::= { wlanAp 54}\r\n"
    "    wlan OBJECT IDENTIFIER ::= { hwProducts 240 }\r\n"
    "        ac6605 OBJECT IDENTIFIER ::= { wlan  6 }\r\n"
    "    ar OBJECT IDENTIFIER ::= { hwProducts 224}\r\n"
    "        ar161fgw-l OBJECT IDENTIFIER ::= { ar 83 }\r\n"
    "    s12700lsw OBJECT IDENTIFIER ::= { hwProducts 279}\r\n"
    "        s12700E-8lsw OBJECT IDENTIFIER ::= { s12700lsw 7}\r\n"
    "    usg OBJECT IDENTIFIER ::= { hwProducts 321}\r\n"
    "        fw OBJECT IDENTIFIER ::= { usg 1 }\r\n"
    "        bigData OBJECT IDENTIFIER ::= { usg 3 }\r\n"
    "        usg6510e OBJECT IDENTIFIER ::= { fw 146 }\r\n"
    "        uusg6311e-poe OBJECT IDENTIFIER ::= { fw 136 }\r\n"
    "        nip6610e OBJECT IDENTIFIER ::= { fw 180 }\r\n"
    "END\r\n"
)


def test_huawei_families_give_types_and_leaf_names_read_as_huawei_writes_its_models() -> None:
    from agent.knowledge.mib_products import PRODUCT_BRANCHES

    branches = [b for b in PRODUCT_BRANCHES if b.module == "HUAWEI-MIB"]
    rows = {row[0]: (row[2], row[3]) for row in product_rows(resolve([_module(HUAWEI)]), branches)}
    assert rows == {
        "2011.2.23.11.2": ("switch", "S8016A"),
        "2011.2.23.327": ("switch", "S5720-28X-SI-AC"),
        "2011.2.23.576": ("switch", "S5720-28P-LI-AC"),
        "2011.2.23.611": ("switch", "S5320-52X-SI-AC"),
        "2011.2.39.2": ("access_point", "WA1003"),
        "2011.2.39.54": ("access_point", "AP4050DN"),
        "2011.2.240.6": ("access_point", "AC6605"),
        "2011.2.224.83": ("router", "AR161FGW-L"),
        "2011.2.279.7": ("switch", "S12700E-8"),
        "2011.2.321.1.146": ("router", "USG6510E"),
        "2011.2.321.1.136": ("router", "USG6311E-POE"),
        "2011.2.321.1.180": ("", "NIP6610E"),
        "2011.2.185": ("", "MA5620"),
    }
