"""Pavement indices against the worked values of rural_roads.md §7."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from cityscore.core import kernel
from cityscore.core.kernel.parameters import pavement_parameters, pavement_set_ids
from cityscore.services.rural_roads.domain import load_rules

RURAL_ASPHALT = pavement_parameters("rural-default/g3-g4-village/asphalt")
RURAL_CEMENT = pavement_parameters("rural-default/g3-g4-village/cement")
RURAL_GRAVEL = pavement_parameters("rural-default/g3-g4-village/gravel")
HW_ASPHALT = pavement_parameters("jtg5210-2018/hw-g1/asphalt")
NAN = math.nan


def test_bundled_sets_cover_the_required_list() -> None:
    assert len(pavement_set_ids()) == 7
    assert HW_ASPHALT.weight_rdi == 0.15
    with pytest.raises(KeyError, match="unknown pavement parameter set"):
        pavement_parameters("nope")


@pytest.mark.parametrize(("dr", "asphalt", "cement", "gravel"), [
    (0.1, 94.19, 96.31, 96.71), (0.5, 88.73, 92.26, 92.79), (1, 85.00, 89.34, 89.90),
    (2, 80.04, 85.33, 85.84), (5, 70.89, 77.61, 77.88), (10, 61.27, 69.19, 69.00),
    (20, 48.46, 57.58, 56.56),
])
def test_pci_by_damage_ratio(dr: float, asphalt: float, cement: float, gravel: float) -> None:
    for params, expected in ((RURAL_ASPHALT, asphalt), (RURAL_CEMENT, cement),
                             (RURAL_GRAVEL, gravel)):
        assert kernel.pavement_indices(params, damage_ratio=[dr]).pci[0] == expected


@pytest.mark.parametrize(("iri", "expressway", "other"), [
    (0, 97.47, 98.18), (1, 95.26, 96.80), (2, 91.29, 94.43), (3, 84.55, 90.46),
    (4, 74.07, 84.16), (5, 59.86, 74.84), (6, 43.77, 62.48), (8, 17.50, 34.30),
])
def test_rqi_by_iri(iri: float, expressway: float, other: float) -> None:
    assert kernel.pavement_indices(HW_ASPHALT, iri=[iri]).rqi[0] == expressway
    assert kernel.pavement_indices(RURAL_ASPHALT, iri=[iri]).rqi[0] == other


def test_rdi_pwi_pbi_tables() -> None:
    r = kernel.pavement_indices(HW_ASPHALT, rut_depth=[5, 10, 15, 20, 25, 40, 55])
    assert r.rdi.tolist() == [95, 90, 75, 60, 45, 0, 0]
    assert kernel.pavement_indices(HW_ASPHALT, wear_ratio=[5, 10, 20, 40]).pwi.tolist() == [
        94.00, 89.66, 82.19, 69.31]
    assert kernel.pavement_indices(HW_ASPHALT, bumps=[[1, 0, 0], [2, 1, 0]]).pbi.tolist() == [
        75, 0]


def test_worked_asphalt_unit_from_distress_areas() -> None:
    # alligator medium 12 m² ×0.8, transverse heavy 40 m × 0.2 m ×1.0, pothole light 2 m² ×0.8,
    # patching 30 m² ×0.1 over 1000 m × 7 m (§7.2)
    r = kernel.pavement_indices(RURAL_ASPHALT, distress_area=[[12.0, 8.0, 2.0, 30.0]],
                                distress_weights=[0.8, 1.0, 0.8, 0.1], surveyed_area=[7000.0],
                                iri=[2.5])
    assert round(float(r.damage_ratio[0]), 4) == 0.3171
    assert (r.pci[0], r.rqi[0], r.pqi[0]) == (90.65, 92.69, 91.47)
    band = kernel.band_scores(r.pqi, load_rules().bands)
    assert band.tolist() == [0]


def test_worked_cement_unit() -> None:
    r = kernel.pavement_indices(RURAL_CEMENT, distress_area=[[20.0, 3.0]],
                                distress_weights=[0.8, 1.0], surveyed_area=[7000.0])
    assert round(float(r.damage_ratio[0]), 4) == 0.2714
    assert r.pci[0] == 94.16
    assert r.pqi[0] == 94.16  # RQI not measured: PQI renormalised onto PCI


def test_expressway_pqi_with_and_without_pwi() -> None:
    full = kernel.pavement_indices(HW_ASPHALT, damage_ratio=[0.0], iri=[0.0])
    assert full.pqi[0] == round((0.35 * 100 + 0.3 * 97.47) / 0.65, 2)
    # PCI 90, RQI 85, RDI 95, PBI 100, PWI 89.66 → 90.22; without PWI → 90.28 (§7.2)
    dr_for_90 = ((100 - 90) / 15.0) ** (1 / 0.412)
    iri_for_85 = math.log((100 / 85 - 1) / 0.026) / 0.65
    r = kernel.pavement_indices(HW_ASPHALT, damage_ratio=[dr_for_90, dr_for_90],
                                iri=[iri_for_85, iri_for_85], rut_depth=[5.0, 5.0],
                                bumps=[[0, 0, 0], [0, 0, 0]], wear_ratio=[10.0, NAN])
    assert r.pci.tolist() == [90, 90] and r.rqi.tolist() == [85, 85]
    assert r.pqi.tolist() == [90.22, 90.28]


def test_published_rural_rows() -> None:
    # PQI = 0.6·PCI + 0.4·RQI on given sub-index values (§7.1): 90.6/77.4 → 85.32 etc.
    dr = [((100 - pci) / 15.0) ** (1 / 0.412) for pci in (90.6, 100.0, 100.0, 85.0)]
    iri = [math.log((100 / rqi - 1) / 0.0185) / 0.58 for rqi in (77.4, 52.7)] + [NAN, NAN]
    r = kernel.pavement_indices(RURAL_ASPHALT, damage_ratio=dr, iri=iri)
    assert r.pci.tolist() == [90.6, 100.0, 100.0, 85.0]
    assert r.rqi[:2].tolist() == [77.4, 52.7]
    assert r.pqi[:3].tolist() == [85.32, 81.08, 100.0]


def test_nan_means_not_measured_and_all_nan_gives_nan_pqi() -> None:
    r = kernel.pavement_indices(RURAL_ASPHALT, damage_ratio=[NAN, NAN, 1.0], iri=[NAN, 2.0, NAN])
    assert math.isnan(r.pqi[0]) and math.isnan(r.pci[0])
    assert r.pqi[1] == r.rqi[1] and r.pqi[2] == r.pci[2]
    assert np.isnan(r.rdi).all() and not r.rdi.flags.writeable


def test_empty_and_unrounded() -> None:
    r = kernel.pavement_indices(RURAL_ASPHALT, damage_ratio=np.empty(0))
    assert r.pqi.shape == (0,)
    raw = kernel.pavement_indices(dataclasses.replace(RURAL_ASPHALT, decimals=None),
                                  damage_ratio=[0.3171428571428571])
    assert raw.pci[0] != round(raw.pci[0], 2)




@pytest.mark.parametrize(("kwargs", "message"), [
    ({"damage_ratio": [1.0, -0.5]}, r"damage_ratio\[1\] is negative"),
    ({"damage_ratio": [1.0, 2.0], "iri": [1.0, 2.0, 3.0]}, "iri has 3 rows, expected 2"),
    ({"iri": [0.0, 1.0, -1.0]}, r"iri\[2\] is negative"),
    ({"rut_depth": [-1.0]}, r"rut_depth\[0\] is negative"),
    ({"bumps": [[0, 0]]}, "bumps must have 3 columns"),
    ({"bumps": [[0, 0, 0], [0, -1, 0]]}, r"bumps\[1\] has a negative count"),
    ({"wear_ratio": [-3.0]}, r"wear_ratio\[0\] is negative"),
    ({"iri": ["a"]}, "iri must be numeric"),
    ({"distress_area": [[1.0]], "distress_weights": [1.0], "surveyed_area": [0.0]},
     r"surveyed_area\[0\] is not positive"),
    ({"distress_area": [[1.0, -2.0]], "distress_weights": [1.0, 1.0], "surveyed_area": [9.0]},
     r"distress_area\[0\] has a negative area"),
    ({"distress_area": [[1.0]], "distress_weights": [1.0, 2.0], "surveyed_area": [9.0]},
     "distress_weights has 2 entries"),
    ({"distress_area": [[1.0]]}, "needs distress_weights"),
    ({"damage_ratio": [1.0], "distress_area": [[1.0]]}, "not both"),
    ({}, "at least one measured input"),
])
def test_bad_inputs_name_argument_and_index(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        kernel.pavement_indices(RURAL_ASPHALT, **kwargs)  # type: ignore[arg-type]


def test_damage_ratio_alone_caps_at_100_and_nan_area_is_not_surveyed() -> None:
    dr = kernel.damage_ratio([[10.0, 0.0], [1.0, 1.0], [1.0, 0.0]], [1.0, 0.5], [5.0, 100.0, NAN])
    assert dr[0] == 100.0 and dr[1] == 1.5 and math.isnan(dr[2])
