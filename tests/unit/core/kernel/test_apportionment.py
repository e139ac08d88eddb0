"""Apportionment against the test vectors of blood_quota.md §10 and the PyPI package."""

from __future__ import annotations

import numpy as np
import pytest
from apportionment import methods as oracle

from cityscore.core import kernel
from cityscore.core.kernel import InfeasibleBoundsError

ALL = ("hamilton", "dhondt", "webster", "huntington_hill", "adams")

UNBOUNDED = {
    "A1": ([5117, 4400, 162, 161, 160], 100, {
        "hamilton": [51, 44, 2, 2, 1], "dhondt": [52, 45, 1, 1, 1], "webster": [51, 43, 2, 2, 2],
        "huntington_hill": [51, 43, 2, 2, 2], "adams": [51, 43, 2, 2, 2]}),
    "A2": ([9061, 7179, 5259, 3319, 1182], 26, {
        "hamilton": [9, 7, 5, 4, 1], "dhondt": [10, 7, 5, 3, 1], "webster": [9, 8, 5, 3, 1],
        "huntington_hill": [9, 7, 6, 3, 1], "adams": [9, 7, 5, 3, 2]}),
    "A3": ([14, 28, 7, 35], 12, {key: [2, 4, 1, 5] for key in ALL}),
    "A4": ([0, 14, 28, 0, 0], 6, {key: [0, 2, 4, 0, 0] for key in ALL}),
    "A5": ([1305956, 903151, 650114, 532193, 319024], 18, {
        **{key: [6, 4, 3, 3, 2] for key in ALL}, "dhondt": [7, 5, 3, 2, 1]}),
    "A6": ([6, 1], 4, {**{key: [3, 1] for key in ALL}, "dhondt": [4, 0]}),
}


@pytest.mark.parametrize("case", sorted(UNBOUNDED))
@pytest.mark.parametrize("method", ALL)
def test_unbounded_vectors(case: str, method: str) -> None:
    weights, house, expected = UNBOUNDED[case]
    result = kernel.apportion(weights, house, method=method)  # type: ignore[arg-type]
    assert result.seats.tolist() == expected[method]
    assert result.ties == ()


@pytest.mark.parametrize("method", ALL)
def test_three_way_tie_goes_by_code_order_and_is_reported(method: str) -> None:
    result = kernel.apportion([11, 11, 11], 4, method=method,  # type: ignore[arg-type]
                              tie_keys=["c", "a", "b"])
    assert result.seats.tolist() == [1, 2, 1]  # a = 2, b = 1, c = 1
    (tie,) = result.ties
    assert tie.entities == (0, 1, 2) and tie.winners == (1,) and tie.contested == 1


def test_alabama_paradox_under_hamilton_and_ties_under_webster() -> None:
    assert kernel.apportion([6, 6, 2], 10, method="hamilton").seats.tolist() == [4, 4, 2]
    assert kernel.apportion([6, 6, 2], 11, method="hamilton").seats.tolist() == [5, 5, 1]
    for house in (10, 11):
        (tie,) = kernel.apportion([6, 6, 2], house).ties
        assert tie.entities == (0, 1, 2)
    assert len(kernel.apportion([6, 6, 2], 11, method="huntington_hill").ties) == 1


@pytest.mark.parametrize("method", ("hamilton", "webster", "dhondt", "huntington_hill"))
def test_bounded_vectors(method: str) -> None:
    def run(weights: list[int], house: int, lo: list[int], hi: list[int]) -> kernel.Apportionment:
        return kernel.apportion(weights, house, method=method,  # type: ignore[arg-type]
                                lower=lo, upper=hi)

    assert run([500, 300, 150, 50], 1000, [100] * 4, [450, 400, 400, 400]).seats.tolist() == [
        450, 300, 150, 100]
    assert run([5117, 4400, 162, 161, 160], 100, [5] * 5, [45] * 5).seats.tolist() == [
        45, 40, 5, 5, 5]
    b3 = run([100, 300, 350, 200, 50, 10], 10_001, [400] * 6, [2300, 6400, 3200, 1150, 460, 920])
    assert b3.seats.tolist() == [1198, 3593, 3200, 1150, 460, 400]
    assert b3.at_upper_bound == (2, 3, 4) and b3.at_lower_bound == (5,)
    if method == "dhondt":
        (tie,) = b3.ties
        assert tie.entities == (0, 1) and tie.winners == (0,)
    else:
        assert b3.ties == ()


@pytest.mark.parametrize("method", ("hamilton", "webster"))
def test_default_weight_basis_vectors(method: str) -> None:
    caps = [2950, 1280, 575, 820]
    expected = {3000: [1519, 659, 400, 422], 5000: [2622, 1138, 511, 729], 5625: caps}
    for house, seats in expected.items():
        result = kernel.apportion(caps, house, method=method,  # type: ignore[arg-type]
                                  lower=[400] * 4, upper=caps)
        assert result.seats.tolist() == seats


@pytest.mark.parametrize(("house", "upper", "message", "shortfall"), [
    (5626, [2950, 1280, 575, 820], r"sum of upper bounds 5625 is below pool 5626 \(shortfall 1\)",
     1),
    (1500, [2950, 1280, 575, 820], r"sum of lower bounds 1600 exceeds pool 1500 \(excess 100\)",
     100),
    (3000, [2950, 1280, 575, 280], r"d4: lower bound 400 exceeds upper bound 280 \(short by 120\)",
     120),
])
def test_infeasible_bounds_name_the_shortfall(house: int, upper: list[int], message: str,
                                              shortfall: int) -> None:
    with pytest.raises(InfeasibleBoundsError, match=message) as info:
        kernel.apportion(upper, house, lower=[400] * 4, upper=upper,
                         tie_keys=["d1", "d2", "d3", "d4"])
    assert info.value.shortfall == shortfall and info.value.rows


def test_zero_weights_stay_at_their_lower_bound() -> None:
    assert kernel.apportion([0, 5], 3, lower=[1, 0]).seats.tolist() == [1, 2]
    with pytest.raises(InfeasibleBoundsError, match="below pool"):
        kernel.apportion([0, 5], 3, upper=[3, 1])


DISTRICT_ROWS = [32650, 22332, 12876, 37661, 11597, 12548, 15480, 16317, 32000, 52878, 18512,
                 13539, 15987, 20955, 11900, 14822]
WEBSTER_D = [32645, 22328, 12874, 37655, 11595, 12546, 15478, 16314, 31995, 52870, 18509, 13537,
             15984, 20952, 11898, 14820]
TIGHT_UPPER = [342_000] * 16
TIGHT_UPPER[3], TIGHT_UPPER[9] = 30_000, 45_000
WEBSTER_TIGHT = [34660, 23707, 13669, 30000, 12311, 13320, 16433, 17322, 33970, 45000, 19652,
                 14373, 16971, 22245, 12633, 15734]
DHONDT_TIGHT = [34661, 23707, 13669, 30000, 12311, 13320, 16433, 17322, 33971, 45000, 19652,
                14372, 16971, 22245, 12632, 15734]


@pytest.mark.parametrize("method", ALL[:4])
def test_full_scale_2017_rows(method: str) -> None:
    plain = kernel.apportion(DISTRICT_ROWS, 342_000, method=method,  # type: ignore[arg-type]
                             lower=[400] * 16)
    expected = list(WEBSTER_D)
    if method == "dhondt":
        expected[1], expected[6] = 22329, 15477
    assert plain.seats.tolist() == expected and plain.ties == ()
    tight = kernel.apportion(DISTRICT_ROWS, 342_000, method=method,  # type: ignore[arg-type]
                             lower=[400] * 16, upper=TIGHT_UPPER)
    assert tight.seats.tolist() == (DHONDT_TIGHT if method == "dhondt" else WEBSTER_TIGHT)


def test_huge_weights_stay_exact() -> None:
    big = [10**30 + 1, 10**30, 3]
    # beyond 64-bit products: a float would see the first two weights as equal
    assert kernel.apportion(big, 7, method="huntington_hill").seats.tolist() == [3, 3, 1]
    assert kernel.apportion(big, 7, method="hamilton").seats.tolist() == [4, 3, 0]
    assert kernel.apportion(big, 7).seats.tolist() == [4, 3, 0]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"weights": [1, -1], "house": 3}, r"weights\[1\] is negative"),
    ({"weights": [1.5, 1], "house": 3}, r"weights\[0\] must be an integer"),
    ({"weights": [1, 1], "house": -3}, "house must be a non-negative integer"),
    ({"weights": [1, 1], "house": 3, "method": "borda"}, "unknown method"),
    ({"weights": [1, 1], "house": 3, "lower": [0]}, "need 2 entries"),
    ({"weights": [1, 1], "house": 3, "tie_keys": ["a", "a"]}, "name every entity once"),
])
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        kernel.apportion(**kwargs)  # type: ignore[arg-type]


PACKAGE_NAMES = {"hamilton": "largest_remainder", "dhondt": "dhondt", "webster": "saintelague",
                 "huntington_hill": "huntington", "adams": "adams"}


@pytest.mark.parametrize("method", ALL)
def test_agrees_with_the_pypi_package_without_ties(method: str) -> None:
    weights = [1_000_003 * (i + 7) ** 2 % 9_999_991 + 17 for i in range(40)]
    for house in (40, 97, 1000):
        ours = kernel.apportion(weights, house, method=method)  # type: ignore[arg-type]
        if ours.ties:
            continue
        theirs = oracle.compute(PACKAGE_NAMES[method], weights, house, fractions=True,
                                tiesallowed=False)
        assert ours.seats.tolist() == theirs


@pytest.mark.parametrize("method", ALL)
def test_int64_arrays_give_what_lists_give(method: str) -> None:
    """blood_quota.md §10 B3 (bounds binding, D'Hondt's boundary tie) and A7 (three-way tie by
    code) through the whole-array path: the same seats, bound reports and ties."""
    b3 = kernel.apportion(np.array([100, 300, 350, 200, 50, 10]), 10_001,
                          method=method,  # type: ignore[arg-type]
                          lower=np.full(6, 400, dtype=np.int32),
                          upper=np.array([2300, 6400, 3200, 1150, 460, 920], dtype=np.uint16))
    if method != "adams":
        assert b3.seats.tolist() == [1198, 3593, 3200, 1150, 460, 400]
        assert b3.at_upper_bound == (2, 3, 4) and b3.at_lower_bound == (5,)
    if method == "dhondt":
        (tie,) = b3.ties
        assert tie.entities == (0, 1) and tie.winners == (0,)
    a7 = kernel.apportion(np.array([11, 11, 11]), 4, method=method,  # type: ignore[arg-type]
                          tie_keys=["c", "a", "b"])
    assert a7.seats.tolist() == [1, 2, 1]
    (tie,) = a7.ties
    assert tie.entities == (0, 1, 2) and tie.winners == (1,) and tie.contested == 1


@pytest.mark.parametrize("method", ALL)
def test_a_column_of_a_table_apportions_as_a_list(method: str) -> None:
    """blood_quota.md §10 B3's weights and bounds as strided columns of one table (views, not
    contiguous arrays): the same seats as the list."""
    table = np.array([[100, 400, 2300], [300, 400, 6400], [350, 400, 3200], [200, 400, 1150],
                      [50, 400, 460], [10, 400, 920]], dtype=np.int64)
    columns = kernel.apportion(table[:, 0], 10_001, method=method,  # type: ignore[arg-type]
                               lower=table[:, 1], upper=table[:, 2])
    listed = kernel.apportion([100, 300, 350, 200, 50, 10], 10_001,
                              method=method,  # type: ignore[arg-type]
                              lower=[400] * 6, upper=[2300, 6400, 3200, 1150, 460, 920])
    assert columns.seats.tolist() == listed.seats.tolist()
    if method != "adams":
        assert columns.seats.tolist() == [1198, 3593, 3200, 1150, 460, 400]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"weights": np.array([1, -1]), "house": 3}, r"weights\[1\] is negative"),
    ({"weights": np.array([1, 2]), "house": 3, "upper": np.array([3, -2])},
     r"upper\[1\] is negative"),
    ({"weights": np.array([[1, 2]]), "house": 3}, "must be 1-dimensional"),
    ({"weights": np.array([1.0, 2.0]), "house": 3}, r"weights\[0\] must be an integer"),
    ({"weights": np.array([True, False]), "house": 3}, r"weights\[0\] must be an integer"),
    ({"weights": [1, True], "house": 3}, r"weights\[1\] must be an integer"),
    ({"weights": np.array([1, 1]), "house": 3, "lower": np.array([0])}, "need 2 entries"),
])
def test_bad_arrays(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        kernel.apportion(**kwargs)  # type: ignore[arg-type]


def test_infeasible_arrays_name_the_shortfall_and_rows() -> None:
    """blood_quota.md §7 feasibility, with the default weight-basis caps of §10."""
    upper = np.array([2950, 1280, 575, 280])
    with pytest.raises(InfeasibleBoundsError, match=r"d4: lower bound 400 exceeds upper bound "
                                                    r"280 \(short by 120\)") as info:
        kernel.apportion(upper, 3000, lower=np.full(4, 400), upper=upper,
                         tie_keys=["d1", "d2", "d3", "d4"])
    assert info.value.shortfall == 120 and info.value.rows == (3,)
    with pytest.raises(InfeasibleBoundsError, match=r"sum of lower bounds 1600 exceeds pool "
                                                    r"1500 \(excess 100\)") as info:
        kernel.apportion(upper, 1500, lower=np.full(4, 400))
    assert info.value.rows == (0, 1, 2, 3)
