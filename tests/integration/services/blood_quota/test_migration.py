"""A database of the release before explicit adoption keeps its meaning after the upgrade, on
SQLite and PostgreSQL: the newest district table of a year, which was in force, becomes the
adopted one, and each stored split records the table saved before it, the one it split."""

from __future__ import annotations

from sqlalchemy import text
from support import ServerFactory

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.core.db import make_engine
from cityscore.core.migrations import upgrade

from .test_workflow import stub_for

#: The last revision before adoption, platelets and corrections.
BEFORE = "9c4e1d7a2f60"
CREATED = "2017-04-01 08:00:00"


def test_the_newest_table_stays_in_force_and_splits_know_what_they_split(
        start_server: ServerFactory, database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "blood_quota", "cityscore.services.blood_quota", BEFORE)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO blood_quota_plan (year, city_target_units, group_target_units, "
            "street_target_units, reserve_units, drill_min_city_units, "
            "drill_min_per_district_units, units_per_person, rule_version, "
            "garrison_counts_toward_group, increment_sites, created_at, created_by) VALUES "
            "(2017, 439000, 265800, 173200, 10000, 6400, 400, '1.0', '2017.2', false, '[]', "
            ":at, 'city-office')"), {"at": CREATED})
        # 1 published, 2 a split of Pudong, 3 an apportionment (the newest table), 4 a split
        # of Xuhui, in that order
        for allocation_id, source, district in ((1, "published", ""), (2, "split", "pudong"),
                                                (3, "apportioned", ""), (4, "split", "xuhui")):
            connection.execute(text(
                "INSERT INTO blood_quota_allocation (id, year, source, district, method, "
                "pool_units, rule_version, input_digest, ties, row_count, created_at, "
                "created_by) VALUES (:id, 2017, :source, :district, 'webster', 0, '2017.2', "
                "'', '[]', 0, :at, 'city-office')"),
                {"id": allocation_id, "source": source, "district": district, "at": CREATED})
    engine.dispose()

    running = start_server(["blood_quota"], database_url=database_url)  # upgrades to head
    listed = {a.allocation_id: a for a in stub_for(running).ListAllocations(
        pb.ListAllocationsRequest(year=2017)).allocations}
    assert [a for a, s in listed.items() if s.in_force] == ["3"]
    assert (listed["2"].split_of_allocation_id, listed["2"].stale) == ("1", True)
    assert (listed["4"].split_of_allocation_id, listed["4"].stale) == ("3", False)
    with running.engine("blood_quota").connect() as connection:
        adoptions = connection.execute(text(
            "SELECT year, allocation_id, adopted_by FROM blood_quota_adoption")).all()
    assert [tuple(a) for a in adoptions] == [(2017, 3, "migration")]
