"""Item statistics against a worked example."""

from decimal import Decimal

import pytest

from quizzes.statistics import correlation, distribution, item_statistics

D = Decimal

# Four students, three one-point questions.
#            q1  q2  q3   total
# student A   1   1   1    3
# student B   1   1   0    2
# student C   1   0   0    1
# student D   0   0   1    1
ATTEMPTS = [
    {1: D(1), 2: D(1), 3: D(1)},
    {1: D(1), 2: D(1), 3: D(0)},
    {1: D(1), 2: D(0), 3: D(0)},
    {1: D(0), 2: D(0), 3: D(1)},
]


def test_facility_is_the_mean_fraction_of_points():
    stats = {item.question_id: item for item in item_statistics({1: D(1), 2: D(1), 3: D(1)}, ATTEMPTS)}
    assert stats[1].facility == pytest.approx(0.75)
    assert stats[2].facility == pytest.approx(0.5)
    assert stats[3].facility == pytest.approx(0.5)


def test_discrimination_is_the_correlation_with_the_rest_of_the_test():
    stats = {item.question_id: item for item in item_statistics({1: D(1), 2: D(1), 3: D(1)}, ATTEMPTS)}
    # q2: item (1,1,0,0) vs rest (2,1,1,1): worked by hand, r = 1/sqrt(3) ≈ 0.5774
    assert stats[2].discrimination == pytest.approx(0.57735, abs=1e-4)
    # q1: item (1,1,1,0) vs rest (2,1,0,1): covariance 0, so r = 0
    assert stats[1].discrimination == pytest.approx(0.0, abs=1e-9)
    # q3: item (1,0,0,1) vs rest (2,2,1,0): r = -0.5 / sqrt(2.75) ≈ -0.3015, the weakest student got it right
    assert stats[3].discrimination == pytest.approx(-0.30151, abs=1e-4)


def test_questions_not_in_an_attempt_are_left_out_of_its_statistics():
    stats = item_statistics({1: D(2)}, [{1: D(2)}, {2: D(1)}])
    assert stats[0].attempts == 1 and stats[0].facility == 1.0 and stats[0].discrimination is None


def test_correlation_edges():
    assert correlation([1.0], [2.0]) is None
    assert correlation([1.0, 1.0], [1.0, 2.0]) is None
    assert correlation([1.0, 2.0, 3.0], [2.0, 4.0, 6.0]) == pytest.approx(1.0)


def test_distribution_bands():
    assert distribution([D(0), D("9.99"), D(10), D(55), D(100), D("99.5")]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
