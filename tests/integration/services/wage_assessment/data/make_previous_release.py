"""Write the databases of ``README.md``: years graded by a release of the service, dumped.

Run it with the release's own code installed and this checkout's ``tests`` on the path (the
command is in ``README.md``): arguments are the folder to write to and, for the PostgreSQL
dump, an admin URL of a server where it may create and drop a scratch database.

Only the client side (the requests below) comes from this checkout; the server that checks,
grades and stores them is the release's. 2018 is the §12.2 grading case of wage_assessment.md
taken to PUBLISHED; 2019 is three districts graded in COMPREHENSIVE_REVIEW, where a C rule
met overrides A (C1 and C4 set with reasons).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from integration.services.wage_assessment.wage_world import (
    TABLE,
    Stub,
    advance,
    date,
    full_items,
    item,
    open_year,
    rid,
    sample_scheme,
)
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from support import RunningServer, write_tokens_file

from cityscore.core.clock import FixedClock
from cityscore.core.config import Settings
from cityscore.core.db import make_engine
from cityscore.core.grpc.server import build_server
from cityscore.services import registry
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

#: 2019: score and the review flags set on each of three districts.
TABLE_2019: dict[str, tuple[int, dict[pb.ReviewFlag, bool]]] = {
    "pudong": (9550, {pb.REVIEW_FLAG_A_CONDITIONS_MET: True,
                      pb.REVIEW_FLAG_WORK_INEFFECTIVE: False}),
    "xuhui": (9400, {pb.REVIEW_FLAG_A_CONDITIONS_MET: True,
                     pb.REVIEW_FLAG_WORK_INEFFECTIVE: True}),
    "jingan": (9250, {pb.REVIEW_FLAG_A_CONDITIONS_MET: True,
                      pb.REVIEW_FLAG_SERIOUS_ADVERSE_IMPACT: True}),
}


def grade_2018(office: Stub, team: Stub) -> None:
    open_year(office)
    for district, (score, _incidents, _a1) in TABLE.items():
        office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2018, district=district, items=full_items(10000 - score),
            report=f"{district} self-check report"))
    advance(office, 2018, pb.STAGE_ON_SITE_VERIFICATION)
    team.RecordVerifications(pb.RecordVerificationsRequest(
        request_id=rid(), year=2018, district="pudong", verifications=[pb.Verification(
            value=item("SYS-2", 100, 100), method=pb.VERIFICATION_METHOD_DOCUMENT_CHECK,
            team="team 1")]))
    advance(office, 2018, pb.STAGE_COMPREHENSIVE_REVIEW)
    for district, (_score, incidents, a1) in TABLE.items():
        for k, (kind, people, gov, serious) in enumerate(incidents):
            team.RecordIncident(pb.RecordIncidentRequest(request_id=rid(), year=2018,
                                                         incident=pb.Incident(
                district=district, incident_date=date(dt.date(2018, 3, 1 + k)),
                kind=f"INCIDENT_KIND_{kind.upper()}", people=people,
                government_project=gov, serious_consequence=serious,
                source_agency=pb.SOURCE_AGENCY_POLICE)))
        if a1 is not None:
            team.SetReviewFlag(pb.SetReviewFlagRequest(
                request_id=rid(), year=2018, district=district,
                flag=pb.REVIEW_FLAG_A_CONDITIONS_MET, value=a1,
                reason="targets met" if a1 else "work plan incomplete"))
    office.GradeCycle(pb.GradeCycleRequest(request_id=rid(), year=2018))
    advance(office, 2018, pb.STAGE_SUBMITTED)
    advance(office, 2018, pb.STAGE_APPROVED)
    office.IssueCommendations(pb.IssueCommendationsRequest(
        request_id=rid(), year=2018, circular="沪联席〔2019〕1号",
        issued_on=date(dt.date(2019, 6, 1))))
    advance(office, 2018, pb.STAGE_PUBLISHED)


def grade_2019(office: Stub, team: Stub) -> None:
    scheme = sample_scheme()
    scheme.year, scheme.version = 2019, "sample-2019"
    office.CreateScheme(pb.CreateSchemeRequest(request_id=rid(), scheme=scheme))
    office.PublishScheme(pb.PublishSchemeRequest(request_id=rid(), version=scheme.version))
    office.CreateCycle(pb.CreateCycleRequest(
        request_id=rid(), year=2019, scheme_version=scheme.version,
        self_check_due=date(dt.date(2020, 3, 31)), districts=list(TABLE_2019)))
    advance(office, 2019, pb.STAGE_SELF_CHECK)
    for district, (score, _flags) in TABLE_2019.items():
        office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2019, district=district, items=full_items(10000 - score),
            report=f"{district} self-check report"))
    advance(office, 2019, pb.STAGE_ON_SITE_VERIFICATION)
    advance(office, 2019, pb.STAGE_COMPREHENSIVE_REVIEW)
    for district, (_score, flags) in TABLE_2019.items():
        for flag, value in flags.items():
            team.SetReviewFlag(pb.SetReviewFlagRequest(
                request_id=rid(), year=2019, district=district, flag=flag, value=value,
                reason=f"{pb.ReviewFlag.Name(flag).lower()} found by the review"))
    office.GradeCycle(pb.GradeCycleRequest(request_id=rid(), year=2019))


def write_years(url: str, work: Path) -> None:
    """Grade both years with the installed release's server on the database at ``url``."""
    work.mkdir(parents=True)
    clock = FixedClock(dt.datetime(2019, 3, 1, 4, 0, tzinfo=dt.UTC))
    settings = Settings(grpc_address="127.0.0.1:0", metrics_address="127.0.0.1:0",
                        data_dir=work / "var", tokens_file=write_tokens_file(work / "tokens.json"))
    engine = make_engine(url)
    running = RunningServer(build_server(settings, registry.specs(["wage_assessment"]),
                                         clock=clock, engines={"wage_assessment": engine}))
    try:
        office, team = Stub(running.channel("city-token")), Stub(running.channel("assessor-token"))
        grade_2018(office, team)
        grade_2019(office, team)
    finally:
        for channel in running.channels:
            channel.close()
        running.server.stop(grace=0)
        engine.dispose()


def sqlite_dump(out: Path, work: Path) -> None:
    path = work / "previous.db"
    write_years(f"sqlite:///{path}", work)
    with sqlite3.connect(path) as connection:
        out.write_text("\n".join(connection.iterdump()) + "\n", "utf-8")


def postgresql_dump(out: Path, work: Path, admin_url: str) -> None:
    """pg_dump's plain SQL of a scratch database, without the psql-only lines, so that a
    driver can run it as it is."""
    name = f"wage_previous_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name)
    try:
        write_years(url.render_as_string(hide_password=False), work)
        dumped = subprocess.run(
            ["pg_dump", "--inserts", "--no-owner", "--no-privileges", "--no-comments",
             url.set(drivername="postgresql").render_as_string(hide_password=False)],
            check=True, capture_output=True, text=True).stdout
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    out.write_text("".join(line for line in dumped.splitlines(keepends=True)
                           if not line.startswith("\\")), "utf-8")


def main(folder: Path, admin_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        sqlite_dump(folder / "previous_release.sqlite.sql", Path(scratch) / "sqlite")
        if admin_url:
            postgresql_dump(folder / "previous_release.postgresql.sql",
                            Path(scratch) / "postgresql", admin_url)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
