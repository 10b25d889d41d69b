"""UPS readings as rows: APC PowerNet-MIB first (more precise), then UPS-MIB (RFC 1628)."""

from __future__ import annotations

from agent.checks.readings import NumberReading, Source, State, StateReading
from schemas.health import CheckStatus

APC = "1.3.6.1.4.1.318.1.1.1"
UPS_MIB = "1.3.6.1.2.1.33.1"
OK, WARNING, CRITICAL, UNKNOWN = (
    CheckStatus.OK,
    CheckStatus.WARNING,
    CheckStatus.CRITICAL,
    CheckStatus.UNKNOWN,
)
MAINS = State(OK, "Running on mains power")
ON_BATTERY = State(WARNING, "Running on battery — mains power is off")
OUTPUT_OFF = State(CRITICAL, "UPS output is off — connected equipment has no power")

POWER = StateReading(
    "power",
    "Power",
    (
        Source(f"{APC}.4.1.1.0", states={  # upsBasicOutputStatus
            1: State(UNKNOWN, "UPS does not know its output state"),
            2: MAINS,
            3: ON_BATTERY,
            4: State(OK, "Running on mains power, boosting low voltage"),
            7: OUTPUT_OFF,
            12: State(OK, "Running on mains power, trimming high voltage"),
        }),
        Source(f"{UPS_MIB}.4.1.0", states={  # upsOutputSource
            1: State(UNKNOWN, "UPS reports an unusual output source"),
            2: OUTPUT_OFF,
            3: MAINS,
            4: State(WARNING, "UPS in bypass — equipment is not protected"),
            5: ON_BATTERY,
            6: State(OK, "Running on mains power, boosting low voltage"),
            7: State(OK, "Running on mains power, reducing high voltage"),
        }),
    ),
    required=True,
)  # fmt: skip

BATTERY = StateReading(
    "battery",
    "Battery",
    (
        Source(f"{APC}.2.1.1.0", states={  # upsBasicBatteryStatus
            1: State(UNKNOWN, "UPS does not know its battery state"),
            2: State(OK, "Battery normal"),
            3: State(CRITICAL, "Battery low"),
            4: State(CRITICAL, "Battery fault"),
        }),
        Source(f"{UPS_MIB}.2.1.0", states={  # upsBatteryStatus
            1: State(UNKNOWN, "UPS does not know its battery state"),
            2: State(OK, "Battery normal"),
            3: State(CRITICAL, "Battery low"),
            4: State(CRITICAL, "Battery depleted"),
        }),
    ),
)  # fmt: skip

REPLACE_BATTERY = StateReading(
    "battery_replace",
    "Battery replacement",
    (
        Source(f"{APC}.2.2.4.0", states={  # upsAdvBatteryReplaceIndicator
            1: State(OK, "Battery does not need replacing"),
            2: State(CRITICAL, "Battery needs replacing"),
        }),
    ),
)  # fmt: skip

SELF_TEST = StateReading(
    "self_test",
    "Self-test",
    (
        Source(f"{APC}.7.2.3.0", states={  # upsAdvTestDiagnosticsResults
            1: State(OK, "Last self-test passed"),
            2: State(CRITICAL, "Last self-test failed"),
            3: State(WARNING, "Last self-test was invalid"),
            4: State(OK, "Self-test in progress"),
        }),
        Source(f"{UPS_MIB}.7.3.0", states={  # upsTestResultsSummary
            1: State(OK, "Last self-test passed"),
            2: State(WARNING, "Last self-test passed with a warning"),
            3: State(CRITICAL, "Last self-test failed"),
            4: State(WARNING, "Last self-test was aborted"),
            5: State(OK, "Self-test in progress"),
            6: State(OK, "No self-test has been run"),
        }),
    ),
)  # fmt: skip

CHARGE = NumberReading(
    "charge",
    "Battery charged to {value:.0f} %",
    "%",
    (
        Source(f"{APC}.2.3.1.0", scale=0.1),  # upsHighPrecBatteryCapacity, tenths of %
        Source(f"{APC}.2.2.1.0"),  # upsAdvBatteryCapacity
        Source(f"{UPS_MIB}.2.4.0"),  # upsEstimatedChargeRemaining
    ),
    threshold="ups_charge",
    required=True,
)

RUNTIME = NumberReading(
    "runtime",
    "About {value:.0f} min of runtime on battery",
    "min",
    (
        Source(f"{APC}.2.2.3.0", scale=1 / 6000),  # upsAdvBatteryRunTimeRemaining, TimeTicks
        Source(f"{UPS_MIB}.2.3.0"),  # upsEstimatedMinutesRemaining
    ),
    threshold="ups_runtime_min",
)

LOAD = NumberReading(
    "load",
    "Load {value:.0f} % of capacity",
    "%",
    (
        Source(f"{APC}.4.3.3.0", scale=0.1),  # upsHighPrecOutputLoad, tenths of %
        Source(f"{APC}.4.2.3.0"),  # upsAdvOutputLoad
        Source(f"{UPS_MIB}.4.4.1.5.1"),  # upsOutputPercentLoad, line 1
    ),
    threshold="ups_load_percent",
)

TEMPERATURE = NumberReading(
    "temperature",
    "Battery temperature {value:.0f} °C",
    "°C",
    (
        Source(f"{APC}.2.3.2.0", scale=0.1),  # upsHighPrecBatteryTemperature, tenths of °C
        Source(f"{APC}.2.2.2.0"),  # upsAdvBatteryTemperature
        Source(f"{UPS_MIB}.2.7.0"),  # upsBatteryTemperature
    ),
    threshold="ups_temperature_c",
)

STATE_READINGS = (POWER, BATTERY, REPLACE_BATTERY, SELF_TEST)
NUMBER_READINGS = (CHARGE, RUNTIME, LOAD, TEMPERATURE)
ALL_OIDS = tuple(
    source.oid for row in (*STATE_READINGS, *NUMBER_READINGS) for source in row.sources
)
