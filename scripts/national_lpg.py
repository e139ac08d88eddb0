#!/usr/bin/env python3
"""The LPG registry at national scale, end to end: import users and cylinders, sweep, replay.

For each size a fresh database (a SQLite file, or a new PostgreSQL database beside the one
``--database-url`` names) and a real server process (``python -m
cityscore.services.lpg_registry``) are started; the script, as a client, imports a registry of
N cylinders (and N/10 residential users) through ``ImportUsers`` and ``ImportCylinders``, runs
the sweep as an operation (``StartRunSweep``, followed with ``WaitOperation``) and replays it
(``ReplaySweep``), then prints one Markdown row per size: wall time of each step, the server's
peak resident memory (``VmHWM``) and the database's size on disk. The data are synthetic:
checksum-valid resident ID numbers of no real person, cylinders made under GB 5842-2006
(2007-02-01 to 2023-11-30), a third of them inspected four years after manufacture.

    python scripts/national_lpg.py --sizes 100000,1000000
    python scripts/national_lpg.py --sizes 100000,1000000 \\
        --database-url postgresql+psycopg://cityscore:cityscore@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import grpc
import national

from cityscore.common.v1.common_pb2 import Date
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2_grpc as pb_grpc

ENTERPRISES = 16
DISTRICTS = ("pudong", "xuhui", "huangpu", "jingan")
#: Rows per import call (one transaction each) and per message of its stream.
CALL_ROWS = 100_000
CHUNK_ROWS = 10_000
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_EPOCH = dt.date(1970, 1, 1)
_GB5842_2006 = ((dt.date(2007, 2, 1) - _EPOCH).days, (dt.date(2023, 11, 30) - _EPOCH).days)
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(n: int) -> str:
    """A synthetic unified social credit code with its GB 32100 check character."""
    body = f"9131010130{n:07d}"
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return body + _USCC_CHARS[(31 - total % 31) % 31]


def resident_id(i: int) -> str:
    """A synthetic resident ID number with its GB 11643 check character."""
    born = dt.date(1940, 1, 1) + dt.timedelta(days=i // 1000)
    body = f"310101{born:%Y%m%d}{i % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS,
                                                                strict=True)) % 11]


def seed(stub: pb_grpc.LpgRegistryServiceStub) -> None:
    """Enterprises across four districts, one station each."""
    for e in range(ENTERPRISES):
        district = DISTRICTS[e % len(DISTRICTS)]
        stub.CreateEnterprise(pb.CreateEnterpriseRequest(
            request_id=f"ent-{e}", enterprise=pb.Enterprise(
                enterprise_id=f"E{e:02d}", name=f"Gas {e}", credit_code=credit_code(e),
                licence_number=f"L-{e}", licence_valid_until=Date(year=2030, month=12, day=31),
                district=district)))
        stub.CreateStation(pb.CreateStationRequest(request_id=f"sta-{e}", station=pb.Station(
            station_id=f"E{e:02d}-S1", enterprise_id=f"E{e:02d}", name=f"Station {e}",
            district=district, address=f"{e} Gas Road")))


def import_users(stub: pb_grpc.LpgRegistryServiceStub, count: int) -> None:
    for start in range(0, count, CALL_ROWS):
        users = [pb.User(
            user_type=pb.USER_TYPE_RESIDENTIAL, enterprise_id=f"E{i % ENTERPRISES:02d}",
            name=f"User {i}", resident_id=resident_id(i), phone=f"139{i:08d}",
            address=f"{i} Long Road", district=DISTRICTS[i % ENTERPRISES % len(DISTRICTS)],
            subdistrict="Town", grid_cell=f"G-{i % 500:03d}")
            for i in range(start, min(count, start + CALL_ROWS))]
        response = stub.ImportUsers(iter([pb.ImportUsersRequest(
            request_id=f"users-{start}", users=users[i:i + CHUNK_ROWS])
            for i in range(0, len(users), CHUNK_ROWS)]), timeout=3600)
        assert response.registered == len(users), response


def cylinder_chunk(request_id: str, owner: str, lo: int, hi: int) -> pb.ImportCylindersRequest:
    """Cylinders ``lo`` to ``hi`` (exclusive) as one message of an import's stream."""
    first, last = _GB5842_2006
    n = hi - lo
    made = [first + (i * 7919) % (last - first + 1) for i in range(lo, hi)]
    inspected = [m + 1461 if i % 3 == 0 and m + 1461 < 20_400 else 0
                 for i, m in zip(range(lo, hi), made, strict=True)]
    return pb.ImportCylindersRequest(
        request_id=request_id, owner_enterprise_id=owner, station_id=f"{owner}-S1",
        trace_codes=[f"N{i:09d}" for i in range(lo, hi)], serials=[""] * n,
        models=["YSP35.5"] * n, standard_versions=[pb.STANDARD_VERSION_GB5842_2006] * n,
        phase_types=[pb.PHASE_TYPE_GAS] * n, manufacture_days=made,
        design_life_years=[0] * n, tare_g=[16_400] * n, last_inspection_days=inspected,
        last_inspection_passed=[d > 0 for d in inspected])


def import_cylinders(stub: pb_grpc.LpgRegistryServiceStub, count: int) -> None:
    """``CALL_ROWS`` cylinders a call, each call's for one enterprise in turn."""
    for start in range(0, count, CALL_ROWS):
        stop = min(count, start + CALL_ROWS)
        owner = f"E{(start // CALL_ROWS) % ENTERPRISES:02d}"
        response = stub.ImportCylinders(iter([
            cylinder_chunk(f"cyl-{start}", owner, lo, min(stop, lo + CHUNK_ROWS))
            for lo in range(start, stop, CHUNK_ROWS)]), timeout=3600)
        assert response.registered == stop - start, response


def sweep(channel: grpc.Channel, stub: pb_grpc.LpgRegistryServiceStub) -> pb.RunSweepResponse:
    started = stub.StartRunSweep(pb.StartRunSweepRequest(request_id="sweep"))
    return national.operation_result(channel, started.name, pb.RunSweepResponse)


def run(size: int, url: str | None, label: str) -> str:
    with tempfile.TemporaryDirectory(prefix="lpg-national-") as work, \
            national.fresh_database(url, f"lpg_national_{size}", Path(work)) as database, \
            national.server("lpg_registry", database, Path(work)) as running, \
            national.client_channel(running.target) as channel:
        stub = pb_grpc.LpgRegistryServiceStub(channel)
        seed(stub)
        times = []
        for step, count in ((import_users, size // 10), (import_cylinders, size)):
            began = time.perf_counter()
            step(stub, count)
            times.append(time.perf_counter() - began)
        began = time.perf_counter()
        swept = sweep(channel, stub).sweep
        times.append(time.perf_counter() - began)
        assert swept.cylinders == size, swept.cylinders
        began = time.perf_counter()
        replay = stub.ReplaySweep(pb.ReplaySweepRequest(sweep_id=swept.sweep_id), timeout=3600)
        times.append(time.perf_counter() - began)
        assert replay.matches, replay
        return national.markdown_row([
            label, f"{size:,}", f"{size // 10:,}", *(f"{t:.1f}" for t in times),
            f"{running.peak_rss_mb():.0f}", f"{national.database_mb(database):.0f}"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000",
                        help="Cylinders per run, comma-separated (users: a tenth of them).")
    parser.add_argument("--database-url", default=None,
                        help="A PostgreSQL URL whose server gets a fresh database per size "
                             "(default: a SQLite file per size).")
    arguments = parser.parse_args()
    label = "PostgreSQL" if arguments.database_url else "SQLite"
    print("| database | cylinders | users | ImportUsers s | ImportCylinders s | sweep "
          "(operation) s | replay s | server peak RSS MB | database MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in arguments.sizes.split(",")):
        print(run(size, arguments.database_url, label), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
