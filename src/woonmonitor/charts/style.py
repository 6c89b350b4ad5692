"""The look every server-rendered SVG chart shares: colours and font."""

# Colours with at least 4.5:1 contrast against white (WCAG 1.4.11 asks 3:1 for graphics).
PALETTE = (
    "#154273",  # dark blue
    "#b3441e",  # brick
    "#2a6f2b",  # green
    "#6b2d8f",  # purple
    "#8a5a00",  # ochre
    "#00696b",  # teal
    "#a3195b",  # magenta
    "#4a5563",  # slate
)
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""
#: Text and axis lines.
INK = "#1a1a1a"
#: Grid lines.
GRID = "#c5ccd6"
#: Words standing where a value is missing.
MUTED = "#4a4a4a"
