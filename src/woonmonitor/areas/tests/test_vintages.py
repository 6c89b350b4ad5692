from woonmonitor.areas.vintages import nearest_vintage


def test_the_same_vintage_wins():
    assert nearest_vintage([2022, 2023, 2024], 2023, vintage_of=int) == 2023


def test_the_later_vintage_wins_a_tie():
    assert nearest_vintage([2022, 2024], 2023, vintage_of=int) == 2024


def test_nothing_to_choose_from_gives_none():
    assert nearest_vintage([], 2023, vintage_of=int) is None
