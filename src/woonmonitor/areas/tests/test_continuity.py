from woonmonitor.areas.continuity import judge_stock, judge_surfaces, segments


def test_equal_surfaces_are_the_same_area():
    judgement = judge_surfaces(1082, 1086)
    assert judgement.same
    assert "1.082 ha → 1.086 ha" in judgement.evidence


def test_a_larger_surface_is_another_area():
    judgement = judge_surfaces(1082, 1500)
    assert not judgement.same
    assert "verschilt" in judgement.evidence


def test_unknown_surface_gives_no_judgement():
    assert judge_surfaces(0, 1500) is None


def test_stock_continuity():
    assert judge_stock(11214, 11214).same
    assert not judge_stock(11214, 12414).same


def test_segments_join_only_linked_vintages():
    assert segments([2019, 2022, 2024], [(2022, 2024)]) == [[2019], [2022, 2024]]
    assert segments([2012, 2013, 2014], [(2012, 2013), (2013, 2014)]) == [[2012, 2013, 2014]]
    assert segments([2024], []) == [[2024]]
    # a judgement about a vintage without values is ignored
    assert segments([2022], [(2020, 2022)]) == [[2022]]
