"""Built-in cartridge catalogue: which supplies a printer model takes, for printers that do not
name the part in what they report (e.g. a Brother HL-5370DW says only "Black Toner Cartridge").

Data, one row per part, transcribed from the vendors' own supply lists (the "supplies /
consumables" table of each model's user guide or the vendor's supplies pages); ``source`` says
where. Part numbers differ by region: ``EU`` rows are the European (Ireland, UK) numbers,
``NA`` rows the North American ones. A provider adds or overrides rows in the database
(``lankeeper-collector catalogue add``, ``POST /api/v1/admin/catalogue``); those win.

Yields are the vendor's ISO/IEC 19752 / 19798 page figures, where known.
"""

# ruff: noqa: E501 (a data table: one cartridge family per line reads best)
from __future__ import annotations

from dataclasses import dataclass

from schemas import SupplyKind

TONER, INK, DRUM = SupplyKind.TONER, SupplyKind.INK, SupplyKind.DRUM

HP_SRC = "HP user guide, 'Order supplies, accessories and parts' table (support.hp.com)"
BROTHER_SRC = "Brother user guide, 'Consumable items' table (support.brother.com)"
CANON_SRC = "Canon i-SENSYS user guide, 'Consumables' (canon-europe.com/support)"
EPSON_SRC = "Epson user guide, 'Ink cartridge product codes' (epson.eu/support)"
KYOCERA_SRC = "Kyocera ECOSYS operation guide, 'Supplies' / toner kit (kyoceradocumentsolutions.eu)"
RICOH_SRC = "Ricoh user guide, 'Consumables' (ricoh-europe.com, support & downloads)"
XEROX_SRC = "Xerox user guide, 'Ordering supplies' (xerox.com/support)"
LEXMARK_SRC = "Lexmark user guide, 'Ordering supplies' table (support.lexmark.com)"
OKI_SRC = "OKI user guide, 'Consumable order details' (oki.com/eu, support)"
KM_SRC = "Konica Minolta bizhub specifications, 'Consumables' (konicaminolta.eu)"
SHARP_SRC = "Sharp MX specifications, 'Supplies' (sharp.eu, business printers)"


@dataclass(frozen=True)
class CatalogueRow:
    vendor: str
    models: tuple[str, ...]  # as the vendor names them; matched loosely (see catalogue.py)
    kind: SupplyKind
    colour: str | None  # black, cyan, magenta, yellow; None for drums and the like
    part: str
    description: str
    yield_pages: int | None
    region: str  # EU or NA
    source: str


def _cmyk(  # noqa: PLR0917 (a row builder: one call per cartridge family)
    vendor: str,
    models: tuple[str, ...],
    kind: SupplyKind,
    parts: tuple[str, str, str, str],
    yields: tuple[int | None, int | None],
    family: str,
    source: str,
    region: str = "EU",
) -> tuple[CatalogueRow, ...]:
    """Four rows (black, cyan, magenta, yellow) of one cartridge family."""
    colours = ("black", "cyan", "magenta", "yellow")
    return tuple(
        CatalogueRow(
            vendor,
            models,
            kind,
            colour,
            part,
            f"{family} {colour}",
            yields[0] if colour == "black" else yields[1],
            region,
            source,
        )
        for colour, part in zip(colours, parts, strict=True)
    )


def _mono(  # noqa: PLR0917
    vendor: str,
    models: tuple[str, ...],
    kind: SupplyKind,
    part: str,
    pages: int | None,
    description: str,
    source: str,
    region: str = "EU",
) -> tuple[CatalogueRow, ...]:
    colour = "black" if kind in {TONER, INK} else None
    return (CatalogueRow(vendor, models, kind, colour, part, description, pages, region, source),)


HP_M252 = ("Color LaserJet Pro M252dw", "Color LaserJet Pro M252n", "Color LaserJet Pro MFP M277dw")
HP_M404 = ("LaserJet Pro M404dn", "LaserJet Pro M404dw", "LaserJet Pro MFP M428fdw")
HP_M402 = ("LaserJet Pro M402dn", "LaserJet Pro M402dw", "LaserJet Pro MFP M426fdw")
HP_M203 = ("LaserJet Pro M203dw", "LaserJet Pro MFP M227fdw", "LaserJet Pro MFP M227sdn")
HP_M254 = ("Color LaserJet Pro M254dw", "Color LaserJet Pro MFP M281fdw")
HP_M454 = ("Color LaserJet Pro M454dw", "Color LaserJet Pro MFP M479fdw")
BR_5370 = ("HL-5370DW", "HL-5340D", "HL-5350DN", "DCP-8070D", "MFC-8880DN")
BR_2350 = ("HL-L2350DW", "HL-L2370DN", "DCP-L2530DW", "MFC-L2710DW", "MFC-L2750DW")
BR_2340 = ("HL-L2340DW", "HL-L2300D", "HL-L2360DN", "DCP-L2540DN", "MFC-L2700DW")
BR_5100 = ("HL-L5100DN", "HL-L5200DW", "HL-L6300DW", "MFC-L5750DW")
BR_3270 = ("HL-L3270CDW", "HL-L3230CDW", "DCP-L3550CDW", "MFC-L3750CDW", "MFC-L3770CDW")
BR_8260 = ("HL-L8260CDW", "HL-L8360CDW", "MFC-L8690CDW", "MFC-L8900CDW")
CANON_054 = (
    "i-SENSYS MF641Cw",
    "i-SENSYS MF643Cdw",
    "i-SENSYS MF645Cx",
    "i-SENSYS LBP621Cw",
    "i-SENSYS LBP623Cdw",
)
CANON_057 = (
    "i-SENSYS LBP223dw",
    "i-SENSYS LBP226dw",
    "i-SENSYS LBP228x",
    "i-SENSYS MF443dw",
    "i-SENSYS MF445dw",
)
EPSON_C5790 = ("WF-C5790", "WF-C5790DWF", "WF-C5710DWF", "WF-C5290DW", "WF-C5210DW")
EPSON_4720 = ("WF-4720DWF", "WF-4725DWF", "WF-4730DTWF", "WF-4740DTWF")
KYO_5026 = ("ECOSYS P5026cdw", "ECOSYS P5026cdn", "ECOSYS M5526cdw", "ECOSYS M5526cdn")
KYO_1170 = ("ECOSYS M2040dn", "ECOSYS M2540dn", "ECOSYS M2640idw", "ECOSYS M2135dn")
RICOH_C260 = ("SP C260DNw", "SP C261DNw", "SP C261SFNw")
LEX_MS321 = ("MS321dn", "MS421dn", "MS521dn", "MS621dn", "MX321adn", "MX421ade", "MX521ade")
OKI_C332 = ("C332dn", "MC363dn")
OKI_B412 = ("B412dn", "B432dn", "B512dn", "MB472dnw", "MB492dn", "MB562dnw")
KM_C250I = ("bizhub C250i", "bizhub C300i", "bizhub C360i")
KM_C224 = ("bizhub C224", "bizhub C284", "bizhub C364", "bizhub C224e", "bizhub C284e")
SHARP_61 = ("MX-2651", "MX-3051", "MX-3551", "MX-4051")
SHARP_36 = ("MX-2640N", "MX-3140N", "MX-3640N")

CATALOGUE: tuple[CatalogueRow, ...] = (
    # HP (the part numbers are the same in Europe and North America)
    *_cmyk("HP", HP_M252, TONER, ("CF400A", "CF401A", "CF403A", "CF402A"), (1500, 1400), "HP 201A", HP_SRC),
    *_cmyk("HP", HP_M252, TONER, ("CF400X", "CF401X", "CF403X", "CF402X"), (2800, 2300), "HP 201X", HP_SRC),
    *_mono("HP", HP_M404, TONER, "CF259A", 3000, "HP 59A black", HP_SRC),
    *_mono("HP", HP_M404, TONER, "CF259X", 10000, "HP 59X black", HP_SRC),
    *_mono("HP", HP_M402, TONER, "CF226A", 3100, "HP 26A black", HP_SRC),
    *_mono("HP", HP_M402, TONER, "CF226X", 9000, "HP 26X black", HP_SRC),
    *_mono("HP", HP_M203, TONER, "CF230A", 1600, "HP 30A black", HP_SRC),
    *_mono("HP", HP_M203, TONER, "CF230X", 3500, "HP 30X black", HP_SRC),
    *_mono("HP", HP_M203, DRUM, "CF232A", 23000, "HP 32A imaging drum", HP_SRC),
    *_cmyk("HP", HP_M254, TONER, ("CF540A", "CF541A", "CF543A", "CF542A"), (1400, 1300), "HP 203A", HP_SRC),
    *_cmyk("HP", HP_M254, TONER, ("CF540X", "CF541X", "CF543X", "CF542X"), (3200, 2500), "HP 203X", HP_SRC),
    *_cmyk("HP", HP_M454, TONER, ("W2030A", "W2031A", "W2033A", "W2032A"), (2400, 2100), "HP 415A", HP_SRC),
    *_cmyk("HP", HP_M454, TONER, ("W2030X", "W2031X", "W2033X", "W2032X"), (7500, 6000), "HP 415X", HP_SRC),
    *_mono("HP", ("LaserJet P2055dn", "LaserJet P2055d"), TONER, "CE505A", 2300, "HP 05A black", HP_SRC),
    *_mono("HP", ("LaserJet P2055dn", "LaserJet P2055d"), TONER, "CE505X", 6500, "HP 05X black", HP_SRC),
    *_mono("HP", ("LaserJet Pro M15w", "LaserJet Pro MFP M28w"), TONER, "CF244A", 1000, "HP 44A black", HP_SRC),
    # Brother
    *_mono("Brother", BR_5370, TONER, "TN-3280", 8000, "high-yield toner", BROTHER_SRC),
    *_mono("Brother", BR_5370, TONER, "TN-3230", 3000, "standard toner", BROTHER_SRC),
    *_mono("Brother", BR_5370, DRUM, "DR-3200", 25000, "drum unit", BROTHER_SRC),
    *_mono("Brother", BR_5370, TONER, "TN-650", 8000, "high-yield toner", BROTHER_SRC, "NA"),
    *_mono("Brother", BR_5370, TONER, "TN-620", 3000, "standard toner", BROTHER_SRC, "NA"),
    *_mono("Brother", BR_5370, DRUM, "DR-620", 25000, "drum unit", BROTHER_SRC, "NA"),
    *_mono("Brother", BR_2350, TONER, "TN-2420", 3000, "high-yield toner", BROTHER_SRC),
    *_mono("Brother", BR_2350, TONER, "TN-2410", 1200, "standard toner", BROTHER_SRC),
    *_mono("Brother", BR_2350, DRUM, "DR-2400", 12000, "drum unit", BROTHER_SRC),
    *_mono("Brother", BR_2350, TONER, "TN-760", 3000, "high-yield toner", BROTHER_SRC, "NA"),
    *_mono("Brother", BR_2350, DRUM, "DR-730", 12000, "drum unit", BROTHER_SRC, "NA"),
    *_mono("Brother", BR_2340, TONER, "TN-2320", 2600, "high-yield toner", BROTHER_SRC),
    *_mono("Brother", BR_2340, TONER, "TN-2310", 1200, "standard toner", BROTHER_SRC),
    *_mono("Brother", BR_2340, DRUM, "DR-2300", 12000, "drum unit", BROTHER_SRC),
    *_mono("Brother", BR_5100, TONER, "TN-3480", 8000, "high-yield toner", BROTHER_SRC),
    *_mono("Brother", BR_5100, TONER, "TN-3430", 3000, "standard toner", BROTHER_SRC),
    *_mono("Brother", BR_5100, DRUM, "DR-3400", 30000, "drum unit", BROTHER_SRC),
    *_cmyk("Brother", BR_3270, TONER, ("TN-247BK", "TN-247C", "TN-247M", "TN-247Y"), (3000, 2300), "TN-247 high-yield", BROTHER_SRC),
    *_cmyk("Brother", BR_3270, TONER, ("TN-243BK", "TN-243C", "TN-243M", "TN-243Y"), (1000, 1000), "TN-243 standard", BROTHER_SRC),
    *_mono("Brother", BR_3270, DRUM, "DR-243CL", 18000, "drum unit (all colours)", BROTHER_SRC),
    *_cmyk("Brother", BR_8260, TONER, ("TN-423BK", "TN-423C", "TN-423M", "TN-423Y"), (6500, 4000), "TN-423 high-yield", BROTHER_SRC),
    *_cmyk("Brother", BR_8260, TONER, ("TN-421BK", "TN-421C", "TN-421M", "TN-421Y"), (3000, 1800), "TN-421 standard", BROTHER_SRC),
    # Canon
    *_mono("Canon", ("i-SENSYS LBP6030", "i-SENSYS LBP6030w", "i-SENSYS LBP6030B"), TONER, "Cartridge 725", 1600, "toner cartridge", CANON_SRC),
    *_cmyk("Canon", CANON_054, TONER, ("Cartridge 054H BK", "Cartridge 054H C", "Cartridge 054H M", "Cartridge 054H Y"), (3100, 2300), "Cartridge 054H", CANON_SRC),
    *_cmyk("Canon", CANON_054, TONER, ("Cartridge 054 BK", "Cartridge 054 C", "Cartridge 054 M", "Cartridge 054 Y"), (1500, 1200), "Cartridge 054", CANON_SRC),
    *_mono("Canon", CANON_057, TONER, "Cartridge 057H", 10000, "high-capacity toner", CANON_SRC),
    *_mono("Canon", CANON_057, TONER, "Cartridge 057", 3100, "toner cartridge", CANON_SRC),
    # Epson
    *_cmyk("Epson", EPSON_C5790, INK, ("T9451", "T9452", "T9453", "T9454"), (5000, 5000), "Epson T945 XL ink", EPSON_SRC),
    *_cmyk("Epson", EPSON_C5790, INK, ("T9441", "T9442", "T9443", "T9444"), (3000, 3000), "Epson T944 L ink", EPSON_SRC),
    *_cmyk("Epson", EPSON_4720, INK, ("T3591", "T3592", "T3593", "T3594"), (2600, 1900), "Epson 35XL ink", EPSON_SRC),
    *_cmyk("Epson", EPSON_4720, INK, ("T3581", "T3582", "T3583", "T3584"), (900, 650), "Epson 35 ink", EPSON_SRC),
    # Kyocera
    *_cmyk("Kyocera", KYO_5026, TONER, ("TK-5240K", "TK-5240C", "TK-5240M", "TK-5240Y"), (4000, 3000), "TK-5240 toner kit", KYOCERA_SRC),
    *_mono("Kyocera", ("ECOSYS P2040dn", "ECOSYS P2040dw"), TONER, "TK-1160", 7200, "toner kit", KYOCERA_SRC),
    *_mono("Kyocera", ("ECOSYS P2235dn", "ECOSYS P2235dw"), TONER, "TK-1150", 3000, "toner kit", KYOCERA_SRC),
    *_mono("Kyocera", KYO_1170, TONER, "TK-1170", 7200, "toner kit", KYOCERA_SRC),
    # Ricoh
    *_cmyk("Ricoh", RICOH_C260, TONER, ("407543", "407544", "407545", "407546"), (2000, 1600), "SP C250E print cartridge", RICOH_SRC),
    *_mono("Ricoh", ("SP 230DNw", "SP 230SFNw"), TONER, "408294", 3000, "SP 230H print cartridge", RICOH_SRC),
    # Xerox
    *_mono("Xerox", ("Phaser 3020", "WorkCentre 3025"), TONER, "106R02773", 1500, "toner cartridge", XEROX_SRC),
    # Lexmark
    *_mono("Lexmark", LEX_MS321, TONER, "56F2000", 6000, "return programme toner", LEXMARK_SRC),
    *_mono("Lexmark", LEX_MS321, DRUM, "56F0Z00", 60000, "imaging unit", LEXMARK_SRC),
    *_mono("Lexmark", ("B2236dw", "MB2236adw"), TONER, "B222H00", 3000, "high-yield return programme toner", LEXMARK_SRC),
    *_mono("Lexmark", ("B2236dw", "MB2236adw"), TONER, "B222000", 1200, "return programme toner", LEXMARK_SRC),
    # OKI
    *_cmyk("OKI", OKI_C332, TONER, ("46508712", "46508711", "46508710", "46508709"), (3500, 3000), "OKI C332 toner", OKI_SRC),
    *_mono("OKI", OKI_B412, TONER, "45807106", 7000, "high-capacity toner", OKI_SRC),
    *_mono("OKI", OKI_B412, TONER, "45807102", 3000, "toner", OKI_SRC),
    # Konica Minolta
    *_cmyk("Konica Minolta", KM_C250I, TONER, ("TN-328K", "TN-328C", "TN-328M", "TN-328Y"), (None, None), "TN-328 toner", KM_SRC),
    *_cmyk("Konica Minolta", KM_C224, TONER, ("TN-321K", "TN-321C", "TN-321M", "TN-321Y"), (None, None), "TN-321 toner", KM_SRC),
    # Sharp
    *_cmyk("Sharp", SHARP_61, TONER, ("MX-61GTBA", "MX-61GTCA", "MX-61GTMA", "MX-61GTYA"), (None, None), "MX-61GT toner", SHARP_SRC),
    *_cmyk("Sharp", SHARP_36, TONER, ("MX-36GTBA", "MX-36GTCA", "MX-36GTMA", "MX-36GTYA"), (None, None), "MX-36GT toner", SHARP_SRC),
)  # fmt: skip
