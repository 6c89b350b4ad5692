"""Accessible inline SVG charts drawn on the server, shared by the apps (pure: no database).

A package of its own below every app: it imports no app and no model, so the agreements,
the monitor and the reports all draw with it. ``style`` holds the look, ``scale`` the axes,
``svg`` the shared pieces (the opening ``<svg>`` with its title and description, short labels,
numbers, the wrapping legend), ``line`` the trend lines and ``bars`` the bar charts.
"""
