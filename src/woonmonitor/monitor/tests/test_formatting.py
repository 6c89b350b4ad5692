from django.utils import translation

from woonmonitor.monitor.formatting import format_number, format_value


def test_dutch_formats():
    with translation.override("nl"):
        assert format_number(26014) == "26.014"
        assert format_value(12.5, "procent", 1) == "12,5 %"
        assert format_value(251, "x1000-euro") == "€ 251.000"
        assert format_value(1082, "ha") == "1.082 ha"
        assert format_value(None, "aantal") == ""
        assert format_value(2.345, "aantal", 2) == "2,35"
