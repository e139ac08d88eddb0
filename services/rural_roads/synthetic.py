"""A synthetic rural road network of the city and a condition survey of it, as the CSV files
``cityscore roads import-network`` and ``cityscore roads upload`` read.

``python -m cityscore.services.rural_roads.synthetic OUT_DIR --km 12000 --year 2019`` writes
towns, villages, roads, bridges, hazard sites, upgrade projects, district years and
``survey_<year>.csv``. The same seed gives the same files; no real road is described.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

DISTRICT_WEIGHTS = {  # suburban districts hold most rural roads
    "huangpu": 1, "xuhui": 2, "changning": 1, "jingan": 1, "putuo": 2, "hongkou": 1,
    "yangpu": 1, "baoshan": 8, "minhang": 9, "pudong": 30, "jiading": 10, "jinshan": 12,
    "qingpu": 14, "songjiang": 12, "fengxian": 14, "chongming": 22,
}
DISTRESS_COLUMNS = ("alligator_cracking:medium", "transverse_crack:heavy", "pothole:light",
                    "crack:medium", "corner_break:heavy")
SURVEY_COLUMNS = ("road", "start_m", "end_m", "iri", "rut_depth_mm", "damage_ratio_percent",
                  *DISTRESS_COLUMNS)
UNIT_LENGTH_M = 1000


@dataclass(frozen=True)
class SyntheticRoad:
    code: str
    town: str
    road_class: str
    technical_grade: str
    surface: str
    length_m: int
    width_m: float


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def make_roads(total_km: float, rng: random.Random) -> tuple[list[tuple[str, str]],
                                                             list[SyntheticRoad]]:
    """Towns ``(code, district)`` and roads adding up to about ``total_km``."""
    towns: list[tuple[str, str]] = []
    roads: list[SyntheticRoad] = []
    weight_sum = sum(DISTRICT_WEIGHTS.values())
    for district, weight in DISTRICT_WEIGHTS.items():
        budget = total_km * 1000 * weight / weight_sum
        district_towns = [f"{district}-t{i:02d}" for i in range(1, 3 + weight // 3)]
        towns.extend((t, district) for t in district_towns)
        used = 0
        while used < budget:
            road_class = rng.choices(("county", "township", "village"), (2, 3, 5))[0]
            grade = {"county": "grade_2", "township": "grade_3"}.get(
                road_class, rng.choice(("grade_4", "substandard")))
            surface = rng.choices(("asphalt", "cement_concrete", "other"), (6, 3, 1))[0]
            length = min(rng.randint(500, 6000), max(int(budget - used), 100))
            width = {"county": 9.0, "township": 7.0}.get(road_class, 4.5)
            roads.append(SyntheticRoad(f"{district[:3].upper()}{len(roads):06d}",
                                       rng.choice(district_towns), road_class, grade, surface,
                                       length, width))
            used += length
    return towns, roads


def survey_rows(roads: Sequence[SyntheticRoad], rng: random.Random) -> Iterator[list[object]]:
    """1000 m units (the last one shorter) with IRI, ruts and a few distresses (§6.1)."""
    for road in roads:
        for start in range(0, road.length_m, UNIT_LENGTH_M):
            end = min(start + UNIT_LENGTH_M, road.length_m)
            area = (end - start) * road.width_m
            share = (end - start) / UNIT_LENGTH_M
            amounts = [0.0] * len(DISTRESS_COLUMNS)
            if road.surface == "asphalt":
                amounts[0] = round(rng.random() * area * 0.01, 2)
                amounts[1] = round(rng.random() * 60 * share, 1)
                amounts[2] = round(rng.random() * 5 * share, 2)
            elif road.surface == "cement_concrete":
                amounts[3] = round(rng.random() * 60 * share, 1)
                amounts[4] = round(rng.random() * area * 0.005, 2)
            iri = round(min(rng.lognormvariate(0.9, 0.35), 19.0), 2)
            rut = round(rng.random() * 12, 1) if road.road_class == "county" else ""
            dr = round(rng.random() * 3, 3) if road.surface == "other" else ""
            yield [road.code, start, end, iri, rut, dr, *amounts]


def generate(out: Path, *, total_km: float = 12000, year: int = 2019, seed: int = 2018) -> int:
    """Write every file into ``out``; returns the number of survey units."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    towns, roads = make_roads(total_km, rng)
    _write(out / "towns.csv", ("code", "district", "name"),
           [(t, d, f"Town {t}") for t, d in towns])
    _write(out / "villages.csv", ("code", "town", "name", "has_bus_service", "has_two_lane_road"),
           [(f"{t}-v{i}", t, f"Village {i}", "yes" if rng.random() < 0.99 else "no",
             "yes" if rng.random() < 0.98 else "no") for t, _ in towns for i in range(1, 9)])
    _write(out / "roads.csv", ("code", "town", "name", "road_class", "technical_grade", "surface",
                               "length_m", "width_m", "lanes", "greenable_km", "greened_km"),
           [(r.code, r.town, f"Road {r.code}", r.road_class, r.technical_grade, r.surface,
             r.length_m, r.width_m, 2 if r.width_m >= 6 else 1,
             round(2 * r.length_m / 1000, 3), round(2 * r.length_m / 1000 * 0.96, 3))
            for r in roads])
    _write(out / "bridges.csv", ("code", "road", "name", "dangerous"),
           [(f"B{i:05d}", r.code, f"Bridge {i}", "yes" if rng.random() < 0.01 else "no")
            for i, r in enumerate(roads[::3])])
    _write(out / "hazard_sites.csv", ("code", "road", "kind", "identified_year",
                                      "remediated_year"),
           [(f"H{i:05d}", r.code, rng.choice(("riverside", "high_embankment",
                                               "poor_sight_distance", "through_town")),
             2018, rng.choice((2018, 2019, "")))
            for i, r in enumerate(roads[::4])])
    districts = sorted({d for _, d in towns})
    _write(out / "upgrade_projects.csv", ("code", "district", "kind", "length_km",
                                          "completed_year", "first_handover_passed"),
           [(f"P{i:04d}", rng.choice(districts), rng.choice(("new_build", "rebuild", "upgrade")),
             round(rng.uniform(1, 8), 2), rng.choice((2018, 2019)), "yes")
            for i in range(400)])
    km = {d: sum(r.length_m for r in roads if r.town.startswith(f"{d}-")) / 1000
          for d in districts}
    _write(out / "district_years.csv", ("district", "year", "specialists",
                                        "major_medium_maintenance_km", "safety_works_identified",
                                        "safety_works_remediated", "greenable_km", "greened_km",
                                        "plan_approved_on"),
           [(d, y, int(km[d] / 28) + 1, round(km[d] * 0.085, 3), 20, 20, "", "",
             "2018-10-15" if y == year - 1 else "")
            for d in districts for y in (year - 1, year)])
    rows = list(survey_rows(roads, rng))
    _write(out / f"survey_{year}.csv", SURVEY_COLUMNS, rows)
    return len(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--km", type=float, default=12000)
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args(argv)
    units = generate(args.out, total_km=args.km, year=args.year, seed=args.seed)
    print(f"wrote {args.out} ({units} survey units)")


if __name__ == "__main__":
    main()
