"""How each figure of the evaluation report is computed (the page, the CSV's readers and the
API carry these sentences along with the numbers)."""

from __future__ import annotations

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "Incidents found by the agent",
        "Problems the nightly check raised as alerts (one per device and check, from warning "
        "or critical until ok again) that opened in the period.",
    ),
    (
        "Incidents reported by the school",
        "Problems someone at the school reported on the dashboard or through the API in the "
        "period.",
    ),
    (
        "Median hours to acknowledge / to resolve",
        "Over the incidents opened in the period that were acknowledged / resolved by the time "
        "of this report: the middle value of the hours from opening to acknowledging / "
        "resolving. An agent incident resolves when its check is ok again or a technician "
        "resolves it. Unresolved counts the incidents opened in the period still open now.",
    ),
    (
        "Visits and hours",
        "Visits on site and remote fixes recorded with a date in the period; hours are the "
        "time on site or spent remotely that the technician recorded.",
    ),
    (
        "Devices covered",
        "Devices the agent watched in the period: first seen before its end and last seen "
        "after its start (the school PC the agent runs on included; phones and other "
        "personal devices not counted).",
    ),
    (
        "Uptime of key devices",
        "Wi-Fi access points, switches and printers that the agent checks. A school's nightly "
        "report is its first report of each UTC day. A key device is up on a nightly report "
        "when that report checked it and none of its checks was critical; uptime is up "
        "nights ÷ nightly reports since the device was first seen (device-nights added up "
        "over devices and schools). Devices never checked are left out.",
    ),
    (
        "Supplies replaced in time / ran out",
        "From the printers' supply levels: a rise of 10 points or more is a replacement. A "
        "cartridge ran out when a reading was at or under 0.5 % or the printer called it "
        "critical before it was replaced; it was replaced in time when it was replaced in "
        "the period without running out.",
    ),
    (
        "Supplies forecast in time",
        "Cartridges that ended in the period (replaced or read empty) and that the run-out "
        "forecast, made from the readings known 5 school days before the end, said would run "
        "out within 30 school days — so the pre-visit sheet listed them in time.",
    ),
)
